import cors, { type CorsOptions } from 'cors';
import type { RequestHandler } from 'express';
import type { ProxySettings } from '../proxy-config.js';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency.js';

/** How long a browser may reuse a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for a browser app served from another origin (`CORS_ORIGINS`), or `null` when none is
 * allowed. The API authenticates with a bearer token, never a cookie, so credentials are not
 * allowed: another site can only call it with a token its own user gave it. A refused origin
 * gets no `Access-Control-*` header at all (its preflight goes on to the API's 404), so the browser
 * blocks the call.
 */
export function crossOriginApi(origins: ProxySettings['corsOrigins']): RequestHandler | null {
  if (origins !== '*' && origins.length === 0) return null;
  const allowed: CorsOptions = {
    origin: origins === '*' ? '*' : true, // `true`: the request's own Origin, once the list below admitted it
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', IDEMPOTENCY_KEY_HEADER],
    exposedHeaders: ['ratelimit', 'ratelimit-policy', 'retry-after'],
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  };
  const listed = new Set(origins === '*' ? [] : origins);
  const handler = cors((req, callback) => {
    const origin = req.headers.origin;
    const admitted = origins === '*' || (origin !== undefined && listed.has(origin));
    callback(null, admitted ? allowed : { origin: false });
  });
  return (req, res, next) => {
    // The answer depends on the Origin either way: a cache must not hand one origin's answer to another.
    res.vary('Origin');
    handler(req, res, next);
  };
}
