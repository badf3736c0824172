import type { z } from 'zod';
import { PaymentError } from '../../errors.js';

/**
 * A verified webhook body read as JSON and checked against zod schemas; any
 * shape it does not have is `INVALID_INPUT` naming `product` (Razorpay's
 * payments and RazorpayX send bodies of the same envelope).
 */
export class WebhookBody {
  readonly #json: unknown;
  readonly #product: string;

  constructor(body: Uint8Array, product: 'razorpay' | 'razorpayx') {
    this.#product = product;
    try {
      this.#json = JSON.parse(Buffer.from(body).toString('utf8'));
    } catch {
      throw this.malformed('is not JSON');
    }
  }

  /** The body as `schema` reads it. */
  read<S extends z.ZodType>(schema: S): z.output<S> {
    const parsed = schema.safeParse(this.#json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw this.malformed(`has a bad ${issue?.path.join('.') || 'shape'}: ${issue?.message ?? 'invalid'}`);
  }

  /** The `INVALID_INPUT` error for a body that is not what it should be. */
  malformed(problem: string, field = 'body'): PaymentError {
    return new PaymentError('INVALID_INPUT', `the ${this.#product} webhook body ${problem}`, { details: { field } });
  }
}
