import { inspect } from 'node:util';
import { ManualClock } from '@jyotishconnect/core';
import { createWallet, SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMemoryPayoutStore } from '../src/adapters/memory/index.js';
import { createPayouts } from '../src/payouts.js';
import {
  createRazorpayXPayoutProvider,
  payoutIdempotencyKey,
  type RazorpayXPayoutOptions,
} from '../src/providers/razorpay/index.js';
import { startFakeRazorpay } from '../src/testing/razorpay.js';
import { errorOf } from './rejections.js';

const keyId = 'rzp_test_1DP5mmOlF5G5ag';
const keySecret = 'thisisthekeysecret_0123456789';
const webhookSecret = 'thisisthepayoutwebhooksecret_0123';
const accountNumber = '7878780080316316';
const GURU = 'consultant:guru';
const request = { key: 'k-1', consultantId: GURU, amount: 20_000 };

/** Guru with 50,000 paise of earnings, paid out through RazorpayX (a local fake). */
async function payoutWorld(options: Partial<RazorpayXPayoutOptions> = {}) {
  const { fake, baseUrl } = await startFakeRazorpay(keyId, keySecret, webhookSecret);
  onTestFinished(() => fake.close());
  const clock = new ManualClock(1_767_225_600_000);
  const wallet = createWallet({ store: createMemoryWalletStore(), clock });
  await wallet.openSystemAccounts();
  await wallet.openAccount({ id: GURU, type: 'consultant' });
  await wallet.topUp({ id: 'earned', to: GURU, amount: 50_000 });
  const store = createMemoryPayoutStore();
  const fundAccountOf = async (consultantId: string) => (consultantId === GURU ? 'fa_00000000000001' : 'none');
  const makeProvider = () =>
    createRazorpayXPayoutProvider({
      keyId,
      keySecret,
      webhookSecret,
      accountNumber,
      fundAccountOf,
      baseUrl,
      ...options,
    });
  const makePayouts = () => createPayouts({ wallet, store, provider: makeProvider(), clock, minPayout: 1_000 });
  const balance = async (id: string) => (await wallet.getAccount(id))?.balance ?? Number.NaN;
  const payoutRequests = () => fake.requests.filter((r) => r.path === '/v1/payouts');
  const funding = await balance(SYSTEM_ACCOUNTS.funding);
  return { fake, wallet, store, payouts: makePayouts(), makePayouts, balance, payoutRequests, funding };
}

describe('razorpayx: making a payout', () => {
  it('one key requested ten times at once and again later reaches RazorpayX once and moves the money once', async () => {
    const t = await payoutWorld();
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => t.payouts.requestPayout(request)));
    const again = await t.payouts.requestPayout(request);
    const [payout] = concurrent;
    expect(new Set([...concurrent, again].map((p) => p.id))).toEqual(new Set([payout?.id]));
    expect(again).toMatchObject({ status: 'processing', provider: 'razorpayx' });
    expect(again.providerPayoutId).toMatch(/^pout_/);
    const sent = t.payoutRequests();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['x-payout-idempotency']).toBe(payoutIdempotencyKey(again.id));
    expect(sent[0]?.headers['x-payout-idempotency']).toMatch(/^[0-9a-f]{36}$/);
    expect(sent[0]?.body).toEqual({
      account_number: accountNumber,
      fund_account_id: 'fa_00000000000001',
      amount: 20_000,
      currency: 'INR',
      mode: 'IMPS',
      purpose: 'payout',
      queue_if_low_balance: true,
      reference_id: again.id,
      narration: 'Consultation earnings',
    });
    expect(t.fake.payouts.entities.size).toBe(1);
    expect(await t.balance(GURU)).toBe(30_000);
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(20_000);
  });

  it('two processes asking at once send one idempotency key, and RazorpayX makes one payout', async () => {
    const t = await payoutWorld();
    const other = t.makePayouts();
    await Promise.all([t.payouts.requestPayout(request), other.requestPayout(request)]);
    const keys = t.payoutRequests().map((r) => r.headers['x-payout-idempotency']);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(t.fake.payouts.entities.size).toBe(1);
    expect(await t.balance(GURU)).toBe(30_000);
  });

  it('a payout RazorpayX processes at once is paid; one it rejects goes back to the consultant', async () => {
    const t = await payoutWorld({ mode: 'NEFT' });
    t.fake.payouts.status = 'processed';
    expect(await t.payouts.requestPayout(request)).toMatchObject({ status: 'paid' });
    expect(t.payoutRequests()[0]?.body).toMatchObject({ mode: 'NEFT' });
    t.fake.payouts.status = 'rejected';
    const rejected = await t.payouts.requestPayout({ ...request, key: 'k-2' });
    expect(rejected).toMatchObject({ status: 'failed', note: 'refused by the provider' });
    expect(await t.balance(GURU)).toBe(30_000);
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(0);
    expect(await t.balance(SYSTEM_ACCOUNTS.funding)).toBe(t.funding + 20_000);
  });
});

describe('razorpayx: payout webhooks', () => {
  async function processingWorld() {
    const t = await payoutWorld();
    const payout = await t.payouts.requestPayout(request);
    return { ...t, payout, providerPayoutId: payout.providerPayoutId ?? '' };
  }

  it('payout.processed, delivered three times, settles it paid: the money leaves system:payouts for system:funding', async () => {
    const t = await processingWorld();
    const processed = t.fake.payoutWebhook(t.providerPayoutId, 'payout.processed', webhookSecret);
    for (let i = 0; i < 3; i++) {
      expect(await t.payouts.handlePayoutWebhook(processed.body, processed.headers)).toMatchObject({
        id: t.payout.id,
        status: 'paid',
      });
    }
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(0);
    expect(await t.balance(SYSTEM_ACCOUNTS.funding)).toBe(t.funding + 20_000);
    expect(await t.balance(GURU)).toBe(30_000);
    expect((await t.wallet.verify()).ok).toBe(true);
  });

  it('payout.reversed returns the money to the consultant, with the reason', async () => {
    const t = await processingWorld();
    const reversed = t.fake.payoutWebhook(t.providerPayoutId, 'payout.reversed', webhookSecret);
    const settled = await t.payouts.handlePayoutWebhook(Buffer.from(reversed.body), reversed.headers);
    expect(settled).toMatchObject({ status: 'failed', note: 'reversed: The beneficiary account is closed.' });
    expect(await t.balance(GURU)).toBe(50_000);
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(0);
    expect(await t.balance(SYSTEM_ACCOUNTS.funding)).toBe(t.funding);
  });

  it('payout.reversed after payout.processed returns the money that had left, once', async () => {
    const t = await processingWorld();
    const processed = t.fake.payoutWebhook(t.providerPayoutId, 'payout.processed', webhookSecret);
    await t.payouts.handlePayoutWebhook(Buffer.from(processed.body), processed.headers);
    expect(await t.balance(GURU)).toBe(50_000 - t.payout.amount);
    const reversed = t.fake.payoutWebhook(t.providerPayoutId, 'payout.reversed', webhookSecret);
    for (let i = 0; i < 3; i += 1) await t.payouts.handlePayoutWebhook(Buffer.from(reversed.body), reversed.headers);
    expect(await t.payouts.getPayout(t.payout.id)).toMatchObject({ status: 'reversed' });
    expect(await t.balance(GURU)).toBe(50_000);
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(0);
    expect(await t.balance(SYSTEM_ACCOUNTS.funding)).toBe(t.funding);
  });

  it('payout.failed returns the money too', async () => {
    const t = await processingWorld();
    const failed = t.fake.payoutWebhook(t.providerPayoutId, 'payout.failed', webhookSecret);
    expect(await t.payouts.handlePayoutWebhook(failed.body, failed.headers)).toMatchObject({ status: 'failed' });
    expect(await t.balance(GURU)).toBe(50_000);
  });

  it('forged, unsigned, tampered and malformed webhooks are refused and move nothing', async () => {
    const t = await processingWorld();
    const genuine = t.fake.payoutWebhook(t.providerPayoutId, 'payout.processed', webhookSecret);
    const forged = t.fake.payoutWebhook(t.providerPayoutId, 'payout.processed', 'not-the-secret');
    const { 'x-razorpay-signature': _, ...unsigned } = genuine.headers;
    const tampered = genuine.body.replace('"payout.processed"', '"payout.reversed"');
    const malformed = t.fake.webhook('payout.processed', { payout: { id: t.providerPayoutId } }, webhookSecret);
    const other = t.fake.webhook('payout.queued', { payout: { id: t.providerPayoutId } }, webhookSecret);
    const cases: [string, string, Record<string, string>][] = [
      ['INVALID_SIGNATURE', forged.body, forged.headers],
      ['INVALID_SIGNATURE', genuine.body, unsigned],
      ['INVALID_SIGNATURE', tampered, genuine.headers],
      ['INVALID_INPUT', malformed.body, malformed.headers],
      ['INVALID_INPUT', other.body, other.headers],
    ];
    for (const [code, body, headers] of cases) {
      expect((await errorOf(t.payouts.handlePayoutWebhook(body, headers))).code).toBe(code);
    }
    expect(await t.payouts.getPayout(t.payout.id)).toMatchObject({ status: 'processing' });
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(20_000);
    expect(await t.balance(SYSTEM_ACCOUNTS.funding)).toBe(t.funding);
  });
});

describe('razorpayx: failures', () => {
  it('a 500 leaves the payout requested, with no secret in the error; the retry with the same key pays once', async () => {
    const t = await payoutWorld();
    t.fake.failNext(500);
    const error = await errorOf(t.payouts.requestPayout(request));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(String((error.cause as Error).message)).toMatch(/^HTTP 500 SERVER_ERROR/);
    for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toContain(keySecret);
    }
    const [stored] = await t.payouts.listPayouts({ limit: 10 });
    expect(stored).toMatchObject({ status: 'requested' });
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(20_000);
    const retried = await t.payouts.requestPayout(request);
    expect(retried).toMatchObject({ id: stored?.id, status: 'processing' });
    expect(t.fake.payouts.entities.size).toBe(1);
    expect(await t.balance(GURU)).toBe(30_000);
  });

  it('a lost answer is retried with the same key: RazorpayX answers the payout it made, and it pays once', async () => {
    const t = await payoutWorld();
    t.fake.failNext(500, true);
    await errorOf(t.payouts.requestPayout(request));
    expect(t.fake.payouts.entities.size).toBe(1);
    const retried = await t.payouts.requestPayout(request);
    const [made] = t.fake.payouts.entities.keys();
    expect(retried.providerPayoutId).toBe(made);
    const keys = new Set(t.payoutRequests().map((r) => r.headers['x-payout-idempotency']));
    expect(keys.size).toBe(1);
    const processed = t.fake.payoutWebhook(made ?? '', 'payout.processed', webhookSecret);
    await t.payouts.handlePayoutWebhook(processed.body, processed.headers);
    expect(await t.balance(SYSTEM_ACCOUNTS.funding)).toBe(t.funding + 20_000);
    expect(await t.balance(GURU)).toBe(30_000);
  });

  it('an unreachable RazorpayX is PROVIDER_ERROR naming the network error', async () => {
    const closed = await startFakeRazorpay(keyId, keySecret, webhookSecret);
    await closed.fake.close();
    const t = await payoutWorld({ baseUrl: closed.baseUrl });
    const error = await errorOf(t.payouts.requestPayout(request));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(String((error.cause as Error).message)).toContain('ECONNREFUSED');
    expect(await t.balance(SYSTEM_ACCOUNTS.payouts)).toBe(20_000);
  });

  it('a consultant without a fund account is refused before RazorpayX is asked; the payout stays requested', async () => {
    const t = await payoutWorld({ fundAccountOf: async () => '' });
    expect((await errorOf(t.payouts.requestPayout(request))).code).toBe('INVALID_INPUT');
    expect(t.payoutRequests()).toHaveLength(0);
  });

  it('keeps short payout ids as the idempotency key and hashes others to 36 characters', () => {
    expect(payoutIdempotencyKey('payout-0001')).toBe('payout-0001');
    expect(payoutIdempotencyKey('payout_0123456789abcdef0123456789abcdef')).toMatch(/^[0-9a-f]{36}$/);
    expect(payoutIdempotencyKey('pay/out')).toMatch(/^[0-9a-f]{36}$/);
  });

  it('refuses options without credentials, an account number or a fund account lookup, naming the field', () => {
    const fundAccountOf = async () => 'fa_1';
    const valid = { keyId, keySecret, webhookSecret, accountNumber, fundAccountOf };
    for (const field of ['keyId', 'keySecret', 'webhookSecret', 'accountNumber', 'fundAccountOf'] as const) {
      const create = () => createRazorpayXPayoutProvider({ ...valid, [field]: '' } as RazorpayXPayoutOptions);
      expect(create).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field } }));
    }
  });
});
