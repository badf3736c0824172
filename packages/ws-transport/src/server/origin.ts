/**
 * Decides whether a browser page of `origin` may connect, given `host`, the request's `Host`
 * header (the name the browser reached this server by): say, the page's own site or a listed one.
 */
export type OriginCheck = (origin: string, host: string | undefined) => boolean;

/** Which `Origin` headers may connect: an exact list, or a check of each. */
export type AllowedOrigins = readonly string[] | OriginCheck;

/**
 * Whether an upgrade or a handshake passes `allowed`. A request without an `Origin` header did
 * not come from a browser page (a native app, a server), which another site cannot make it
 * send with the user's credentials, so it passes; without `allowed`, every origin does.
 */
export function originAllowed(
  allowed: AllowedOrigins | undefined,
  origin: string | undefined,
  host: string | undefined,
): boolean {
  if (allowed === undefined || origin === undefined) return true;
  return typeof allowed === 'function' ? allowed(origin, host) : allowed.includes(origin);
}
