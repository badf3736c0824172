import { randomBytes } from 'node:crypto';

// What the pieces of the fake Stripe API share: answers, ids and errors.

/** One answer of the fake API: the HTTP status and its JSON body. */
export interface FakeAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A Stripe-shaped id (`pi_…`, `cus_…`). */
export const fakeId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** A Stripe error answer. */
export const stripeError = (status: number, type: string, message: string, code?: string): FakeAnswer => ({
  status,
  body: { error: { type, message, ...(code ? { code } : {}) } },
});
