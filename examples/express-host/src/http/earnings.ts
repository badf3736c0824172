import { type Payout, payoutIdOf } from '@jyotishconnect/payments';
import { z } from 'zod';
import { HostError } from '../errors.js';
import { payoutAccountRequired } from '../payment-providers.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { IDEMPOTENCY_KEY_DOC, IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf } from './idempotency.js';
import { payoutAccountRoutes } from './payout-account.js';
import { paise } from './schemas.js';

/** A payout as the API shows it. */
export const payoutSchema = z.object({
  id: z.string(),
  consultantId: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  provider: z.string(),
  /** `requested` (waiting for the provider or an operator), `processing`, `paid`, `failed` (money back), … */
  status: z.string(),
  note: z.string().nullable(),
  createdAt: z.number().int(),
  settledAt: z.number().int().nullable(),
});

/** The public view of a payout (the provider's own id stays on the server). */
export function payoutView(payout: Payout): z.infer<typeof payoutSchema> {
  const { id, consultantId, amount, currency, provider, status, note, createdAt, settledAt } = payout;
  return { id, consultantId, amount, currency, provider, status, note, createdAt, settledAt };
}

/** Credits to an account since `from` (epoch ms) from consultations (split charges). */
async function earnedSince(services: Services, accountId: string, from: number): Promise<number> {
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = await services.wallet.statement(accountId, { limit: 500, from, ...(cursor ? { cursor } : {}) });
    for (const entry of page.entries) if (entry.kind === 'split' || entry.kind === 'refund') total += entry.amount;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return total;
}

/**
 * The consultant's balance right after the payout's earnings left the wallet:
 * read from that transfer's statement entry, so a retry answers what the first request did.
 */
async function balanceAfter(services: Services, payout: Payout): Promise<number> {
  const transfer = await services.wallet.getTransaction(`payout:${payout.id}`);
  const entry = transfer ? await services.wallet.entryOf(payout.consultantId, transfer) : null;
  return entry?.balanceAfter ?? 0;
}

/**
 * RazorpayX pays the consultant's fund account: a new payout without one is
 * refused before any money moves. A retry of a payout already made is let
 * through, to answer it as it stands.
 */
async function checkPayoutAccount(services: Services, consultantId: string, key: string): Promise<void> {
  if (services.config.payoutProvider !== 'razorpayx') return;
  if (await services.payouts.getPayout(payoutIdOf(consultantId, key))) return;
  const profile = await services.host.directory.profileOf(consultantId);
  if (!profile?.payoutAccount) throw payoutAccountRequired(consultantId);
}

/** `GET /api/earnings`, `POST /api/payouts` (with an `Idempotency-Key`) and `PUT /api/consultants/me/payout-account` for consultants. */
export function earningsRoutes(api: ApiRouter, services: Services): void {
  api.get(
    '/earnings',
    { summary: 'My earnings: balance, today, and my latest payouts', tag: 'earnings', access: ['consultant'] },
    async (ctx) => {
      const id = caller(ctx).id;
      const account = await services.wallet.getAccount(id);
      if (!account) throw new HostError('ACCOUNT_NOT_FOUND', 'this account has no wallet');
      const profile = await services.host.directory.profileOf(id);
      const midnight = new Date(services.clock.now());
      midnight.setHours(0, 0, 0, 0);
      return {
        balance: account.balance,
        available: account.available,
        currency: account.currency,
        today: await earnedSince(services, id, midnight.getTime()),
        minimumPayout: services.config.minPayout,
        payoutProvider: services.config.payoutProvider,
        payoutAccount: profile?.payoutAccount ?? null,
        payoutAccountLabel: profile?.payoutAccountLabel ?? null,
        payouts: (await services.payouts.listPayouts({ consultantId: id, limit: 20 })).map(payoutView),
      };
    },
  );

  api.post(
    '/payouts',
    {
      summary:
        'Withdraw earnings. The amount leaves the wallet at once; with the manual provider (production) the payout stays `requested` until an operator pays it by bank transfer and settles it (`failed` returns the money); with RazorpayX it is `processing` until its webhook settles it, and a consultant without a payout account is 409 PAYOUT_ACCOUNT_REQUIRED with nothing moved; in demo mode (instant) it is `paid` at once. The Idempotency-Key header is required: a retry with the same key and amount answers the first payout and pays nothing more; the same key with another amount is 409 IDEMPOTENCY_CONFLICT',
      tag: 'earnings',
      access: ['consultant'],
      body: z.object({ amount: paise }),
      headers: { [IDEMPOTENCY_KEY_HEADER]: IDEMPOTENCY_KEY_DOC },
      response: payoutSchema.extend({ balance: z.number().int() }),
      status: 201,
    },
    async (ctx) => {
      const key = idempotencyKeyOf(ctx.req.header(IDEMPOTENCY_KEY_HEADER));
      const consultantId = caller(ctx).id;
      await checkPayoutAccount(services, consultantId, key);
      const payout = await services.payouts.requestPayout({ key, consultantId, amount: ctx.body.amount });
      return { ...payoutView(payout), balance: await balanceAfter(services, payout) };
    },
  );

  payoutAccountRoutes(api, services);
}
