import cors from 'cors';
import type { RequestHandler } from 'express';
import type { ProxySettings } from '../proxy-config.js';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency.js';

/** How long a browser may reuse a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for a browser app served from another origin (`CORS_ORIGINS`), or `null` when none is
 * allowed. The API authenticates with a bearer token, never a cookie, so credentials are not
 * allowed: another site can only call it with a token its own user gave it. A refused origin's
 * preflight gets no `Access-Control-Allow-*` headers, so the browser blocks the call.
 */
export function crossOriginApi(origins: ProxySettings['corsOrigins']): RequestHandler | null {
  if (origins !== '*' && origins.length === 0) return null;
  return cors({
    origin: origins === '*' ? '*' : [...origins],
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', IDEMPOTENCY_KEY_HEADER],
    exposedHeaders: ['ratelimit', 'ratelimit-policy', 'retry-after'],
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  });
}
