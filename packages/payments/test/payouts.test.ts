import { ManualClock } from '@jyotishconnect/core';
import { createWallet, SYSTEM_ACCOUNTS, type Wallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { describe, expect, it } from 'vitest';
import { createMemoryPayoutStore } from '../src/adapters/memory/index.js';
import type { PayoutProvider, ProviderPayout } from '../src/payout-provider.js';
import { createPayouts, payoutIdOf } from '../src/payouts.js';
import { createManualPayoutProvider } from '../src/providers/manual.js';
import { codeOf } from './rejections.js';

/** A consultant with 50,000 paise of earnings, and the payouts service over `provider`. */
async function setUp(provider: PayoutProvider = createManualPayoutProvider()) {
  const clock = new ManualClock(1_767_225_600_000);
  const wallet = createWallet({ store: createMemoryWalletStore(), clock });
  await wallet.openSystemAccounts();
  for (const id of ['consultant:guru', 'consultant:other']) await wallet.openAccount({ id, type: 'consultant' });
  await wallet.topUp({ id: 'earned', to: 'consultant:guru', amount: 50_000 });
  const store = createMemoryPayoutStore();
  const payouts = createPayouts({ wallet, store, provider, clock, minPayout: 1_000 });
  return { wallet, store, payouts, balance: (id: string) => balanceOf(wallet, id) };
}

async function balanceOf(wallet: Wallet, id: string): Promise<number> {
  return (await wallet.getAccount(id))?.balance ?? Number.NaN;
}

describe('payouts by hand (manual provider)', () => {
  it('moves the earnings aside at request time and out of the platform when the operator marks it paid', async () => {
    const t = await setUp();
    const payout = await t.payouts.requestPayout({ key: 'k-1', consultantId: 'consultant:guru', amount: 20_000 });
    expect(payout).toMatchObject({ status: 'requested', provider: 'manual', amount: 20_000 });
    expect(await t.balance('consultant:guru')).toBe(30_000);
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(20_000);
    expect((await t.payouts.listPayouts({ status: 'requested', limit: 10 })).map((p) => p.id)).toEqual([payout.id]);

    const paid = await t.payouts.settlePayout(payout.id, 'paid', 'UTR 4242');
    expect(paid).toMatchObject({ status: 'paid', note: 'UTR 4242' });
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(0);
    expect(await t.payouts.settlePayout(payout.id, 'paid')).toMatchObject({ status: 'paid' });
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(0);
    expect(await codeOf(t.payouts.settlePayout(payout.id, 'failed'))).toBe('PAYOUT_ALREADY_SETTLED');
    expect(await t.balance('consultant:guru')).toBe(30_000);
    expect((await t.wallet.verify()).ok).toBe(true);
  });

  it('a failed payout returns the money to the consultant', async () => {
    const t = await setUp();
    const payout = await t.payouts.requestPayout({ key: 'k-1', consultantId: 'consultant:guru', amount: 20_000 });
    await t.payouts.settlePayout(payout.id, 'failed', 'account closed');
    expect(await t.balance('consultant:guru')).toBe(50_000);
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(0);
  });

  it("a paid payout the bank sends back is reversed: the money is the consultant's again, once", async () => {
    const t = await setUp();
    const payout = await t.payouts.requestPayout({ key: 'k-1', consultantId: 'consultant:guru', amount: 20_000 });
    await t.payouts.settlePayout(payout.id, 'paid', 'UTR 4242');
    expect(await t.balance('consultant:guru')).toBe(30_000);
    const reversed = await t.payouts.settlePayout(payout.id, 'reversed', 'beneficiary account closed');
    expect(reversed).toMatchObject({ status: 'reversed', note: 'beneficiary account closed' });
    expect(await t.payouts.settlePayout(payout.id, 'reversed')).toMatchObject({ status: 'reversed' });
    expect(await t.balance('consultant:guru')).toBe(50_000);
    expect(await codeOf(t.payouts.settlePayout(payout.id, 'paid'))).toBe('PAYOUT_ALREADY_SETTLED');
    expect((await t.wallet.verify()).ok).toBe(true);
  });

  it('a reversal reported before the payout was paid is a failure: the money returns once', async () => {
    const t = await setUp();
    const payout = await t.payouts.requestPayout({ key: 'k-1', consultantId: 'consultant:guru', amount: 20_000 });
    expect(await t.payouts.settlePayout(payout.id, 'reversed')).toMatchObject({ status: 'failed' });
    expect(await t.balance('consultant:guru')).toBe(50_000);
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(0);
  });

  it('ten concurrent requests with one key make one payout and move the money once', async () => {
    const t = await setUp();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.payouts.requestPayout({ key: 'k-1', consultantId: 'consultant:guru', amount: 20_000 }),
      ),
    );
    expect(new Set(results.map((p) => p.id)).size).toBe(1);
    expect(await t.balance('consultant:guru')).toBe(30_000);
    expect(await codeOf(t.payouts.requestPayout({ key: 'k-1', consultantId: 'consultant:guru', amount: 1_500 }))).toBe(
      'IDEMPOTENCY_CONFLICT',
    );
    expect(payoutIdOf('consultant:guru', 'k-1')).not.toBe(payoutIdOf('consultant:other', 'k-1'));
  });

  it('refuses more than the earnings, less than the minimum and bad input, writing nothing', async () => {
    const t = await setUp();
    expect(await codeOf(t.payouts.requestPayout({ key: 'k-1', consultantId: 'consultant:guru', amount: 50_001 }))).toBe(
      'INSUFFICIENT_FUNDS',
    );
    expect(await codeOf(t.payouts.requestPayout({ key: 'k-2', consultantId: 'consultant:guru', amount: 999 }))).toBe(
      'BELOW_MINIMUM_PAYOUT',
    );
    expect(
      await codeOf(t.payouts.requestPayout({ key: 'k\u0000', consultantId: 'consultant:guru', amount: 5_000 })),
    ).toBe('INVALID_INPUT');
    expect(await t.payouts.listPayouts({ limit: 10 })).toEqual([]);
    expect(await t.balance('consultant:guru')).toBe(50_000);
  });
});

describe('payouts through a payout API', () => {
  it('a provider failure keeps the payout requested; the same key retries it and pays once', async () => {
    const answers: Array<ProviderPayout | Error> = [
      new Error('ECONNRESET'),
      { providerPayoutId: 'pout_1', status: 'processed' },
    ];
    const calls: string[] = [];
    const t = await setUp({
      name: 'api',
      createPayout: async (request) => {
        calls.push(request.payoutId);
        const answer = answers.shift();
        if (answer instanceof Error) throw answer;
        return answer ?? { providerPayoutId: 'pout_x', status: 'processed' };
      },
    });
    const request = { key: 'k-1', consultantId: 'consultant:guru', amount: 20_000 };
    expect(await codeOf(t.payouts.requestPayout(request))).toBe('PROVIDER_ERROR');
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(20_000);
    expect(await t.payouts.requestPayout(request)).toMatchObject({ status: 'paid' });
    expect(await t.payouts.requestPayout(request)).toMatchObject({ status: 'paid' });
    expect(calls).toHaveLength(2);
    expect(new Set(calls).size).toBe(1);
    expect(await t.balance('consultant:guru')).toBe(30_000);
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(0);
  });

  it('a payout the provider processes later settles from its webhook outcome', async () => {
    const t = await setUp({
      name: 'api',
      createPayout: async () => ({ providerPayoutId: 'pout_1', status: 'processing' }),
      parsePayoutWebhook: async (body) => JSON.parse(String(body)),
    });
    const payout = await t.payouts.requestPayout({ key: 'k-1', consultantId: 'consultant:guru', amount: 20_000 });
    expect(payout).toMatchObject({ status: 'processing', providerPayoutId: 'pout_1' });
    const event = {
      eventId: 'e1',
      payoutId: payout.id,
      providerPayoutId: 'pout_1',
      outcome: 'failed',
      reason: 'IFSC invalid',
    };
    expect(await t.payouts.handlePayoutWebhook(JSON.stringify(event), {})).toMatchObject({
      status: 'failed',
      note: 'IFSC invalid',
    });
    expect(await t.balance('consultant:guru')).toBe(50_000);
  });
});
