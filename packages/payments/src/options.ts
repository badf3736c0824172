import { type Clock, systemClock } from '@jyotishconnect/core';
import type { Wallet } from '@jyotishconnect/wallet-store';
import { z } from 'zod';
import { invalidInput } from './errors.js';
import type { PaymentProvider } from './provider.js';
import type { PaymentStore } from './store.js';

const limitsSchema = z
  .object({
    /** ISO 4217 code of every order; the wallets must hold the same currency. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('INR'),
    /** The smallest top-up in minor units (₹1 by default). */
    minTopUp: z.number().int().min(1).default(100),
    /** The largest top-up in minor units (₹1,00,000 by default). */
    maxTopUp: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(10_000_000),
  })
  .refine((limits) => limits.minTopUp <= limits.maxTopUp, { message: 'minTopUp must not exceed maxTopUp' });

/** Currency and top-up bounds of a {@link Payments}, validated with defaults. */
export type PaymentLimits = z.output<typeof limitsSchema>;

/** Options of {@link createPayments}. */
export interface PaymentsOptions {
  /** The wallet credited for captured payments and debited for refunds. */
  readonly wallet: Wallet;
  /** Where orders and refunds are recorded. */
  readonly store: PaymentStore;
  /** The provider orders are opened at. */
  readonly provider: PaymentProvider;
  readonly clock?: Clock;
  /** Currency and bounds; see {@link PaymentLimits}. */
  readonly limits?: Partial<PaymentLimits>;
}

/** The options with every default applied; throws `INVALID_INPUT` naming the bad field. */
export function resolveOptions(options: PaymentsOptions) {
  const parsed = limitsSchema.safeParse(options.limits ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(`limits.${issue?.path.join('.') || 'minTopUp'}`, issue?.message ?? 'is invalid');
  }
  return { ...options, clock: options.clock ?? systemClock, limits: parsed.data };
}
