import { createHmac, randomBytes } from 'node:crypto';

// What the pieces of the fake Razorpay API share: entities, ids, errors, signatures.

/** An API entity as the fake stores and answers it. */
export type Entity = Record<string, unknown> & { id: string };

/** An HTTP status and the JSON body to answer with. */
export type Answer = [status: number, body: unknown];

/** The fake's fixed clock, in Unix seconds (2026-01-01). */
export const NOW = 1_767_225_600;

/** A fresh Razorpay-style id such as `pay_1a2b3c4d5e6f70`. */
export const fakeId = (prefix: string) => `${prefix}_${randomBytes(7).toString('hex')}`;

/** Hex HMAC-SHA256, as Razorpay signs webhooks and confirmations. */
export const hmac = (secret: string, message: string) => createHmac('sha256', secret).update(message).digest('hex');

/** Razorpay's error body; `extra` adds `reason`, `metadata`, `field`. */
export const apiError = (code: string, description: string, extra: Record<string, unknown> = {}) => ({
  error: { code, description, source: 'NA', step: 'NA', ...extra },
});

/** A 400 for a request the API refuses to act on, naming the field. */
export const invalidRequest = (field: string, description: string): Answer => [
  400,
  apiError('BAD_REQUEST_ERROR', description, { reason: 'input_validation_failed', field, metadata: {} }),
];
