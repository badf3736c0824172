import { randomUUID } from 'node:crypto';
import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { z } from 'zod';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { HttpError } from './errors.js';
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

/** `GET /api/earnings` and `POST /api/payouts` for consultants. */
export function earningsRoutes(api: ApiRouter, services: Services): void {
  api.get(
    '/earnings',
    { summary: 'My earnings: balance and today', tag: 'earnings', access: ['consultant'] },
    async (ctx) => {
      const id = caller(ctx).id;
      const account = await services.wallet.getAccount(id);
      if (!account) throw new HttpError('ACCOUNT_NOT_FOUND', 'this account has no wallet');
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
      summary: 'Withdraw earnings through the simulated provider',
      tag: 'earnings',
      access: ['consultant'],
      body: z.object({ amount: paise }),
      status: 201,
    },
    async (ctx) => {
      const consultantId = caller(ctx).id;
      const { amount } = ctx.body;
      if (amount < services.config.minPayout) {
        throw new HttpError(
          'BELOW_MINIMUM_PAYOUT',
          `the minimum payout is ${services.config.minPayout} paise`,
          'amount',
        );
      }
      const id = `payout_${randomUUID()}`;
      // Money leaves the platform: back to the external funding account, guarded by the wallet's zero floor.
      await services.wallet.transfer({
        id: `payout:${id}`,
        from: consultantId,
        to: SYSTEM_ACCOUNTS.funding,
        amount,
        metadata: { payoutId: id, provider: 'simulated' },
      });
      const payout = { id, consultantId, amount, status: 'paid' as const, createdAt: services.clock.now() };
      await services.host.insertPayout(payout);
      const account = await services.wallet.getAccount(consultantId);
      return { ...payout, balance: account?.balance ?? 0 };
    },
  );
}
