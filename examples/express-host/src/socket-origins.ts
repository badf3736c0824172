import type { OriginCheck } from '@jyotishconnect/ws-transport';
import type { ProxySettings } from './proxy-config.js';

/** The `host[:port]` an origin names, lower-cased; `null` for what is not an http(s) origin (`null`, `file://`). */
function hostOf(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : null;
  } catch {
    return null;
  }
}

/**
 * Which browser pages may open `/ws`, as for the REST API: the host's own site, that is a page
 * whose origin names the host the browser reached (its `Host` header; the scheme may differ
 * behind a proxy that ends TLS) or `PUBLIC_URL`, and the `CORS_ORIGINS` list. Any page only with
 * `CORS_ORIGINS=*`, which demo mode alone accepts. The token rides in the URL, never in a cookie,
 * so this is defence in depth: a page of another site cannot make a browser open a socket as its user.
 */
export function socketOrigins(proxy: ProxySettings): OriginCheck | undefined {
  if (proxy.corsOrigins === '*') return undefined;
  const listed = new Set([...proxy.corsOrigins, ...(proxy.publicOrigin ? [proxy.publicOrigin] : [])]);
  return (origin, host) => {
    if (listed.has(origin)) return true;
    const named = hostOf(origin);
    return named !== null && host !== undefined && named === host.toLowerCase();
  };
}
