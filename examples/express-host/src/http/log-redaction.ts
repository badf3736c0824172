import type { Request } from 'express';
import type { SerializedRequest, SerializedResponse } from 'pino';

const REDACTED = '[redacted]';

/**
 * Headers that carry credentials: bearer tokens (valid for days, an admin's
 * too), session cookies, and payment webhook signatures: Stripe's
 * `stripe-signature`, Razorpay's `x-razorpay-signature`, the simulated
 * provider's `x-simulated-signature`, and any other `*-signature`.
 */
const SECRET_HEADER =
  /^(?:authorization|proxy-authorization|cookie|set-cookie|stripe-signature|x-razorpay-signature)$|signature$/i;

/** Query parameters that carry credentials, such as the WebSocket upgrade's `?token=`. */
const SECRET_QUERY_PARAMETER = /([?&](?:token|access_token)=)[^&#]*/gi;

/** A copy of `headers` with every credential replaced by `[redacted]`. */
function redactHeaders(headers: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name, SECRET_HEADER.test(name) ? REDACTED : value]),
  );
}

/** `url` with the values of credential query parameters replaced by `[redacted]`. */
function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMETER, `$1${REDACTED}`);
}

/**
 * pino-http serializers that log a request and its response without their
 * credentials. The query string is logged once, inside the redacted `url`.
 */
export const redactingSerializers = {
  req: (req: SerializedRequest) => ({
    id: req.id,
    method: req.method,
    url: redactUrl(req.url),
    headers: redactHeaders(req.headers),
    // The client, as TRUST_PROXY resolves X-Forwarded-For; `remoteAddress` is the peer, a proxy when there is one.
    clientAddress: (req.raw as Partial<Request>).ip,
    remoteAddress: req.remoteAddress,
    remotePort: req.remotePort,
  }),
  res: (res: SerializedResponse) => ({ statusCode: res.statusCode, headers: redactHeaders(res.headers) }),
};
