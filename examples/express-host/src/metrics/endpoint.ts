import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { MetricsSettings } from '../config.js';
import type { HostMetrics } from './prometheus.js';

/** Whether the request carries the bearer token, compared in constant time (digests of equal length). */
function authorized(request: IncomingMessage, token: string | null): boolean {
  if (token === null) return true;
  const header = request.headers.authorization ?? '';
  const sent = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(sent), digest(token));
}

/** Answers one scrape: the exposition text, or 401 without the token. */
export async function serveMetrics(
  request: IncomingMessage,
  response: ServerResponse,
  metrics: HostMetrics,
  token: string | null,
): Promise<void> {
  if (!authorized(request, token)) {
    response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="metrics"' });
    response.end(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'send the metrics bearer token' } }));
    return;
  }
  const body = await metrics.registry.metrics();
  response.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
  response.end(body);
}

/** The separate metrics listener of `METRICS_PORT` (not yet listening), serving `GET /metrics` and nothing else; `null` without one. */
export function createMetricsServer(metrics: HostMetrics | null, settings: MetricsSettings | null): Server | null {
  if (!metrics || settings?.port == null) return null;
  const { token } = settings;
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://metrics').pathname;
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'only GET /metrics is served here' } }));
      return;
    }
    serveMetrics(request, response, metrics, token).catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
}
