import { z } from 'zod';
import { type PaymentError, providerError } from '../../errors.js';
import { redact } from './client.js';

// One POST to the RazorpayX API with plain fetch (the razorpay SDK has no
// RazorpayX calls): Basic auth, a timeout, and failures that never carry the
// key secret. Payouts, contacts and fund accounts all go through it.

/** How long one request may take before it counts as failed. */
const REQUEST_TIMEOUT_MS = 30_000;

const failureBody = z.object({
  error: z.object({ code: z.unknown(), description: z.unknown(), field: z.unknown().optional() }),
});

/** Where RazorpayX is and how to sign in to it. */
export interface RazorpayXApi {
  readonly baseUrl: string;
  readonly keyId: string;
  readonly keySecret: string;
}

/** What RazorpayX answered a request it refused: the HTTP status, its error code, description and field. */
export interface RazorpayXRefusal {
  readonly status: number;
  readonly code: string;
  readonly description: string;
  readonly field: string | undefined;
}

/** The options of one {@link postRazorpayX} call. */
export interface RazorpayXPost {
  /** What the call does, for `PROVIDER_ERROR` (`create a payout`). */
  readonly operation: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Turns a refusal into a coded error of the caller's (a bad field, say); `PROVIDER_ERROR` when it returns nothing. */
  readonly onRefusal?: (refusal: RazorpayXRefusal) => PaymentError | undefined;
}

/** POSTs `body` to `path`; resolves with the JSON answer, or throws `PROVIDER_ERROR` without the secret in it. */
export async function postRazorpayX(
  api: RazorpayXApi,
  path: string,
  body: Readonly<Record<string, unknown>>,
  post: RazorpayXPost,
): Promise<unknown> {
  const failure = (message: string) =>
    providerError('razorpayx', post.operation, new Error(redact(message, api.keySecret)));
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${api.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${api.keyId}:${api.keySecret}`).toString('base64')}`,
        'content-type': 'application/json',
        ...post.headers,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } })?.cause?.code;
    const message = error instanceof Error ? error.message : 'no answer';
    throw failure(code === undefined ? message : `${message} (${String(code)})`);
  }
  const json = parseJson(text);
  if (response.ok) return json;
  const parsed = failureBody.safeParse(json);
  const { code, description, field } = parsed.success ? parsed.data.error : { code: 'UNKNOWN', description: text };
  const refusal: RazorpayXRefusal = {
    status: response.status,
    code: String(code),
    description: String(description).slice(0, 500),
    field: typeof field === 'string' ? field : undefined,
  };
  throw post.onRefusal?.(refusal) ?? failure(`HTTP ${refusal.status} ${refusal.code}: ${refusal.description}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
