import { randomBytes, randomUUID } from 'node:crypto';
import { type FakeRazorpay, startFakeRazorpay } from '@jyotishconnect/payments/testing/razorpay';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';
import { razorpayXEnv } from './providers.js';

// A consultant's bank account or UPI address becomes a RazorpayX contact and
// fund account (the local fake RazorpayX), and only its id and a label keep.

const hex = (bytes = 16) => randomBytes(bytes).toString('hex');
const ACCOUNT_NUMBER = '50100012345678';
const bankAccount = { name: 'Guru Dev', ifsc: 'hdfc0000053', accountNumber: ACCOUNT_NUMBER };

describe('payout accounts through RazorpayX in production mode', () => {
  let fake: FakeRazorpay;
  let t: TestHost;
  let cast: Cast;
  let log: string[];

  beforeEach(async () => {
    const started = await startFakeRazorpay(`rzp_test_${hex(7)}`, hex(), hex());
    fake = started.fake;
    log = [];
    t = await startTestHost('production', {
      env: razorpayXEnv(fake, started.baseUrl),
      logger: pino({ level: 'trace' }, { write: (line: string) => log.push(line) }),
    });
    cast = await castOf(t, { connected: false });
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  const setAccount = (body: object, token = cast.guru.token) =>
    t.call('PUT', '/api/consultants/me/payout-account', { token, body });
  const earnings = async () => (await t.call('GET', '/api/earnings', { token: cast.guru.token })).body;

  it('bank details become a contact and a fund account at RazorpayX; the host keeps its id and a label with the last four digits', async () => {
    const set = await setAccount({ bankAccount });
    expect(set.status).toBe(200);
    const [fundAccount] = [...fake.accounts.fundAccounts.values()];
    expect(set.body).toEqual({ payoutAccount: fundAccount?.id, label: 'HDFC0000053 ••••5678' });
    expect(fundAccount).toMatchObject({
      account_type: 'bank_account',
      bank_account: { ifsc: 'HDFC0000053', account_number: ACCOUNT_NUMBER, name: 'Guru Dev' },
    });
    const [contact] = [...fake.accounts.contacts.values()];
    expect(contact).toMatchObject({ notes: { consultantId: cast.guru.id }, type: 'vendor', email: cast.guru.email });
    expect(await earnings()).toMatchObject({
      payoutAccount: fundAccount?.id,
      payoutAccountLabel: 'HDFC0000053 ••••5678',
    });
    // Nowhere on the host: not in its store, not in an answer, not in a log line.
    const profile = await t.host.services.host.directory.profileOf(cast.guru.id);
    expect(JSON.stringify(profile)).not.toContain(ACCOUNT_NUMBER);
    expect(JSON.stringify(await earnings())).not.toContain(ACCOUNT_NUMBER);
    expect(log.length).toBeGreaterThan(0);
    expect(log.join('\n')).not.toContain(ACCOUNT_NUMBER);
  });

  it('a payout goes to the fund account made from the bank details', async () => {
    await t.host.services.wallet.topUp({ id: 'earned', to: cast.guru.id, amount: 50_000 });
    await setAccount({ bankAccount });
    const requested = await t.call('POST', '/api/payouts', {
      token: cast.guru.token,
      body: { amount: 20_000 },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(requested.status).toBe(201);
    const [fundAccount] = [...fake.accounts.fundAccounts.values()];
    expect([...fake.payouts.entities.values()]).toEqual([
      expect.objectContaining({ fund_account_id: fundAccount?.id, amount: 20_000 }),
    ]);
  });

  it('a UPI address becomes a VPA fund account, shown by its address; setting it again makes no duplicate', async () => {
    const first = await setAccount({ vpa: 'Guru.Dev@okicici' });
    expect(first.body).toMatchObject({ label: 'guru.dev@okicici', payoutAccount: expect.stringMatching(/^fa_/) });
    const again = await setAccount({ vpa: 'guru.dev@okicici' });
    expect(again.body).toEqual(first.body);
    expect(fake.accounts.fundAccounts.size).toBe(1);
  });

  it.each([
    [{ bankAccount: { ...bankAccount, ifsc: 'HDFC1000053' } }, 'bankAccount.ifsc'],
    [{ bankAccount: { ...bankAccount, accountNumber: '12ab' } }, 'bankAccount.accountNumber'],
    [{ bankAccount: { ...bankAccount, ifsc: 'ABCD0000001' } }, 'bankAccount.ifsc'], // well-formed, refused by RazorpayX
    [{ vpa: 'not-a-vpa' }, 'vpa'],
  ])(
    'a bad destination is 400 INVALID_INPUT naming the field, and the account set before stays (%o)',
    async (body, field) => {
      const before = await setAccount({ vpa: 'guru@okicici' });
      const refused = await setAccount(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'INVALID_INPUT', field });
      expect(JSON.stringify(refused.body)).not.toContain(ACCOUNT_NUMBER);
      expect(await earnings()).toMatchObject({
        payoutAccount: before.body.payoutAccount,
        payoutAccountLabel: 'guru@okicici',
      });
    },
  );

  it('removing the account removes its label; a fund account id given directly has none', async () => {
    await setAccount({ bankAccount });
    expect((await setAccount({ payoutAccount: 'fa_00000000000042' })).body).toEqual({
      payoutAccount: 'fa_00000000000042',
      label: null,
    });
    expect((await setAccount({ payoutAccount: null })).body).toEqual({ payoutAccount: null, label: null });
    expect(await earnings()).toMatchObject({ payoutAccount: null, payoutAccountLabel: null });
  });

  it('only a consultant sets a payout account: a user is 403, no token is 401, and nothing reaches RazorpayX', async () => {
    expect((await setAccount({ bankAccount }, cast.asha.token)).status).toBe(403);
    expect((await t.call('PUT', '/api/consultants/me/payout-account', { body: { bankAccount } })).status).toBe(401);
    expect(fake.requests).toEqual([]);
  });
});

describe.each(MODES)('bank details on a host that pays out without RazorpayX (%s mode)', (mode) => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t, { connected: false });
  });
  afterEach(() => t.close());

  it('are refused 409 PAYOUT_ACCOUNT_UNSUPPORTED, and nothing is stored', async () => {
    const refused = await t.call('PUT', '/api/consultants/me/payout-account', {
      token: cast.guru.token,
      body: { bankAccount },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PAYOUT_ACCOUNT_UNSUPPORTED');
    expect((await t.host.services.host.directory.profileOf(cast.guru.id))?.payoutAccount).toBeUndefined();
  });
});
