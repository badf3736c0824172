import { z } from 'zod';
import { HostError } from '../errors.js';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf, requestPayout } from '../payouts.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { paise } from './schemas.js';

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

/** `GET /api/earnings` and `POST /api/payouts` (with an `Idempotency-Key`) for consultants. */
export function earningsRoutes(api: ApiRouter, services: Services): void {
  api.get(
    '/earnings',
    { summary: 'My earnings: balance and today', tag: 'earnings', access: ['consultant'] },
    async (ctx) => {
      const id = caller(ctx).id;
      const account = await services.wallet.getAccount(id);
      if (!account) throw new HostError('ACCOUNT_NOT_FOUND', 'this account has no wallet');
      const midnight = new Date(services.clock.now());
      midnight.setHours(0, 0, 0, 0);
      return {
        balance: account.balance,
        available: account.available,
        currency: account.currency,
        today: await earnedSince(services, id, midnight.getTime()),
        minimumPayout: services.config.minPayout,
      };
    },
  );

  api.post(
    '/payouts',
    {
      summary:
        'Withdraw earnings through the simulated provider. The Idempotency-Key header is required: a retry with the same key and amount answers the first payout and pays nothing more; the same key with another amount is 409 IDEMPOTENCY_CONFLICT',
      tag: 'earnings',
      access: ['consultant'],
      body: z.object({ amount: paise }),
      headers: {
        [IDEMPOTENCY_KEY_HEADER]:
          'A key of 1 to 100 visible ASCII characters (a UUID), new for each payout meant and reused for its retries',
      },
      status: 201,
    },
    async (ctx) => {
      const key = idempotencyKeyOf(ctx.req.header(IDEMPOTENCY_KEY_HEADER));
      return await requestPayout(services, caller(ctx).id, ctx.body.amount, key);
    },
  );
}
