import { createHash } from 'node:crypto';
import Razorpay from 'razorpay';
import type { z } from 'zod';
import { PaymentError, providerError } from '../../errors.js';
import type { ResolvedRazorpayOptions } from './options.js';

// The SDK (2.9.x) fixes its host at https://api.razorpay.com and lets no call
// carry its own headers. Both live on the axios instance its API client keeps
// in `api.rq`: the host is that instance's `baseURL` (what the API client's
// `hostUrl` option sets), and a request interceptor adds the refund idempotency key.

interface SdkRequest {
  method?: string;
  url?: string;
  data?: unknown;
  headers: { set(name: string, value: string): unknown };
}

interface SdkHttp {
  defaults: { baseURL?: string };
  interceptors: {
    request: { use(onRequest: (request: SdkRequest) => SdkRequest): unknown };
    response: { use(onAnswer: undefined, onFailure: (error: unknown) => never): unknown };
  };
}

/** Razorpay's header that makes a refund request idempotent. */
export const REFUND_IDEMPOTENCY_HEADER = 'X-Refund-Idempotency';

/** Creates the SDK client for these credentials, talking to `baseUrl`. */
export function createRazorpayClient(options: ResolvedRazorpayOptions): Razorpay {
  const client = new Razorpay({ key_id: options.keyId, key_secret: options.keySecret });
  const http = (client.api as unknown as { rq?: Partial<SdkHttp> }).rq;
  if (!http?.defaults || !http.interceptors) {
    throw new PaymentError('PROVIDER_ERROR', 'the installed razorpay SDK is not the 2.9.x this provider drives');
  }
  http.defaults.baseURL = options.baseUrl;
  http.interceptors.request.use(withRefundIdempotency);
  // Without an answer the SDK's error mapper fails on `err.response.status`; give it one that names the network error.
  http.interceptors.response.use(undefined, (error) => {
    const failure = error as { response?: unknown; code?: unknown; message?: unknown };
    if (failure.response) throw error;
    const description = String(failure.message ?? 'no answer');
    throw { response: { status: 0, data: { error: { code: String(failure.code ?? 'NETWORK_ERROR'), description } } } };
  });
  return client;
}

/** The idempotency key of a refund: its id when Razorpay accepts it (10+ of `A-Za-z0-9_-`), else the id's SHA-256. */
export function refundIdempotencyKey(refundId: string): string {
  return /^[A-Za-z0-9_-]{10,64}$/.test(refundId) ? refundId : createHash('sha256').update(refundId).digest('hex');
}

function withRefundIdempotency(request: SdkRequest): SdkRequest {
  const refundId = (request.data as { notes?: { refundId?: unknown } } | undefined)?.notes?.refundId;
  if (
    request.method === 'post' &&
    /\/payments\/[^/]+\/refund$/.test(request.url ?? '') &&
    typeof refundId === 'string'
  ) {
    request.headers.set(REFUND_IDEMPOTENCY_HEADER, refundIdempotencyKey(refundId));
  }
  return request;
}

/**
 * Runs one SDK call and checks the answer's shape. Any failure becomes
 * `PROVIDER_ERROR` whose cause holds only Razorpay's status, code and
 * description, with the key secret cut out: never the SDK's request, which
 * carries the credentials.
 */
export async function callRazorpay<S extends z.ZodType>(
  operation: string,
  keySecret: string,
  schema: S,
  call: () => Promise<unknown>,
): Promise<z.output<S>> {
  let answer: unknown;
  try {
    answer = await call();
  } catch (error) {
    throw providerError('razorpay', operation, new Error(redact(describeFailure(error), keySecret)));
  }
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || 'body';
  throw providerError('razorpay', operation, new Error(`unexpected answer: ${where} ${issue?.message ?? ''}`));
}

function describeFailure(error: unknown): string {
  const { statusCode, error: body } = (error ?? {}) as { statusCode?: unknown; error?: Record<string, unknown> };
  if (statusCode !== undefined) return `HTTP ${String(statusCode)} ${String(body?.code)}: ${String(body?.description)}`;
  return error instanceof Error ? error.message : 'unknown failure';
}

/** `text` with every occurrence of `secret` cut out. */
export function redact(text: string, secret: string): string {
  return text.split(secret).join('[redacted]');
}
