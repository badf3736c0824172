import { randomBytes, randomUUID } from 'node:crypto';
import { type FakeRazorpay, startFakeRazorpay } from '@jyotishconnect/payments/testing/razorpay';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { type Cast, castOf, INVOICE_SELLER_ENV, type Json, startTestHost, type TestHost } from './helpers.js';
import { razorpayXEnv, type Webhook } from './providers.js';

const hex = (bytes = 16) => randomBytes(bytes).toString('hex');

/** A fund account id as RazorpayX makes them: `fa_` and 14 characters. */
const FUND_ACCOUNT = 'fa_00000000000042';

describe('RazorpayX payouts in production mode', () => {
  let fake: FakeRazorpay;
  let env: Record<string, string>;
  let t: TestHost;
  let cast: Cast;
  let log: string[];
  /** Guru's earnings after a 10-minute video consultation with Asha. */
  let earned: number;

  beforeEach(async () => {
    const started = await startFakeRazorpay(`rzp_test_${hex(7)}`, hex(), hex());
    fake = started.fake;
    env = razorpayXEnv(fake, started.baseUrl);
    log = [];
    t = await startTestHost('production', {
      env,
      logger: pino({ level: 'info' }, { write: (line: string) => log.push(line) }),
    });
    cast = await castOf(t);
    const { body: session } = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'video' },
    });
    await t.call('POST', `/api/consultations/${session.id}/accept`, { token: cast.guru.token });
    await t.advance(10 * 60_000); // 10 min of video at Rs 25/min: 20,000 paise to the consultant
    const { body: ended } = await t.call('POST', `/api/consultations/${session.id}/end`, { token: cast.asha.token });
    earned = ended.summary.consultantShare;
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  const payout = (amount: number, key: string) =>
    t.call('POST', '/api/payouts', { token: cast.guru.token, body: { amount }, headers: { 'idempotency-key': key } });
  const earnings = async (): Promise<Json> => (await t.call('GET', '/api/earnings', { token: cast.guru.token })).body;
  const setAccount = (payoutAccount: string | null) =>
    t.call('PUT', '/api/consultants/me/payout-account', { token: cast.guru.token, body: { payoutAccount } });
  const payoutCalls = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payouts');
  const postPayoutWebhook = (webhook: Webhook) =>
    t.call('POST', '/api/payouts/webhook', { raw: webhook.body, headers: { ...webhook.headers } });
  /** Requests a payout with a payout account set; returns it and RazorpayX's id of it. */
  const paidOut = async (amount: number) => {
    expect((await setAccount(FUND_ACCOUNT)).status).toBe(200);
    const requested = await payout(amount, randomUUID());
    expect(requested.status).toBe(201);
    const [created] = [...fake.payouts.entities.values()];
    if (!created) throw new Error('the fake holds no payout');
    return { payout: requested.body, providerId: created.id as string };
  };

  it('a consultant without a payout account is refused 409 and keeps the money', async () => {
    expect(earned).toBeGreaterThanOrEqual(20_000);
    expect((await earnings()).payoutAccount).toBeNull();
    const refused = await payout(15_000, randomUUID());
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'PAYOUT_ACCOUNT_REQUIRED', field: 'payoutAccount' });
    expect(payoutCalls()).toHaveLength(0);
    const after = await earnings();
    expect(after).toMatchObject({ balance: earned, payoutAccount: null, payouts: [] });
  });

  it('a payout account is validated, set, shown to its consultant only, and removable', async () => {
    for (const bad of ['fa_short', 'ba_00000000000042', 'fa_0000000000004!', 42]) {
      const refused = await setAccount(bad as string);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await setAccount(FUND_ACCOUNT)).toMatchObject({ status: 200, body: { payoutAccount: FUND_ACCOUNT } });
    expect(await earnings()).toMatchObject({ payoutAccount: FUND_ACCOUNT, payoutProvider: 'razorpayx' });
    const listed = await t.call('GET', `/api/consultants/${cast.guru.id}`);
    expect(JSON.stringify(listed.body)).not.toContain(FUND_ACCOUNT);
    const asUser = await t.call('PUT', '/api/consultants/me/payout-account', {
      token: cast.asha.token,
      body: { payoutAccount: FUND_ACCOUNT },
    });
    expect(asUser.status).toBe(403);
    expect(await setAccount(null)).toMatchObject({ status: 200, body: { payoutAccount: null } });
    expect((await payout(15_000, randomUUID())).status).toBe(409);
  });

  it('a payout requested twice with one key reaches RazorpayX once and moves the money once', async () => {
    expect((await setAccount(FUND_ACCOUNT)).status).toBe(200);
    const key = randomUUID();
    const first = await payout(15_000, key);
    const retry = await payout(15_000, key);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(first.body).toMatchObject({ status: 'processing', provider: 'razorpayx', balance: earned - 15_000 });
    expect(retry.body).toEqual(first.body);
    const calls = payoutCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toMatchObject({
      fund_account_id: FUND_ACCOUNT,
      account_number: '7878780080316316',
      amount: 15_000,
      mode: 'IMPS',
      reference_id: first.body.id,
    });
    expect(await earnings()).toMatchObject({ balance: earned - 15_000, payouts: [{ id: first.body.id }] });
  });

  it('payout.processed settles it paid, and a replay of it answers the same', async () => {
    const { payout: requested, providerId } = await paidOut(15_000);
    const processed = fake.payoutWebhook(providerId, 'payout.processed');
    const settled = await postPayoutWebhook(processed);
    expect(settled).toMatchObject({ status: 200, body: { payoutId: requested.id, status: 'paid' } });
    expect((await postPayoutWebhook(processed)).status).toBe(200);
    const after = await earnings();
    expect(after.balance).toBe(earned - 15_000);
    expect(after.payouts).toEqual([expect.objectContaining({ id: requested.id, status: 'paid' })]);
    const logged = (await t.host.services.host.audit.latest(50)).filter((e) => e.target === requested.id);
    expect(logged).toHaveLength(1);
  });

  it('payout.reversed after payment returns the money to the consultant', async () => {
    const { payout: requested, providerId } = await paidOut(15_000);
    expect((await postPayoutWebhook(fake.payoutWebhook(providerId, 'payout.processed'))).status).toBe(200);
    const reversed = await postPayoutWebhook(fake.payoutWebhook(providerId, 'payout.reversed'));
    expect(reversed).toMatchObject({ status: 200, body: { payoutId: requested.id, status: 'reversed' } });
    const after = await earnings();
    expect(after.balance).toBe(earned);
    expect(after.payouts[0]).toMatchObject({ id: requested.id, status: 'reversed' });
    // Each outcome the provider reported is in the audit log once, by the provider.
    const logged = (await t.host.services.host.audit.latest(50)).filter((e) => e.target === requested.id);
    expect(logged.map((e) => [e.actorId, e.action, e.details.outcome])).toEqual([
      ['provider:razorpayx', 'settle_payout', 'reversed'],
      ['provider:razorpayx', 'settle_payout', 'paid'],
    ]);
  });

  it('payout.failed returns the money; a later payout.processed is 409 PAYOUT_ALREADY_SETTLED', async () => {
    const { payout: requested, providerId } = await paidOut(15_000);
    const failed = await postPayoutWebhook(fake.payoutWebhook(providerId, 'payout.failed'));
    expect(failed).toMatchObject({ status: 200, body: { payoutId: requested.id, status: 'failed' } });
    const late = await postPayoutWebhook(fake.payoutWebhook(providerId, 'payout.processed'));
    expect([late.status, late.body.error.code]).toEqual([409, 'PAYOUT_ALREADY_SETTLED']);
    expect((await earnings()).balance).toBe(earned);
  });

  it('a forged webhook is 400 INVALID_SIGNATURE and moves nothing; an unknown payout is 404', async () => {
    const { payout: requested, providerId } = await paidOut(15_000);
    const genuine = fake.payoutWebhook(providerId, 'payout.processed');
    const forged = await postPayoutWebhook({ body: genuine.body, headers: fake.sign(genuine.body, hex()) });
    expect([forged.status, forged.body.error.code]).toEqual([400, 'INVALID_SIGNATURE']);
    const unsigned = await postPayoutWebhook({ body: genuine.body, headers: {} });
    expect([unsigned.status, unsigned.body.error.code]).toEqual([400, 'INVALID_SIGNATURE']);
    const after = await earnings();
    expect(after.balance).toBe(earned - 15_000);
    expect(after.payouts[0]).toMatchObject({ id: requested.id, status: 'processing' });

    const stranger = JSON.parse(genuine.body);
    stranger.payload.payout.entity.reference_id = 'payout_unknown';
    const body = JSON.stringify(stranger);
    const unknown = await postPayoutWebhook({ body, headers: fake.sign(body) });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'PAYOUT_NOT_FOUND']);
  });

  it('logs the payout webhook with its signature redacted and never a RazorpayX secret', async () => {
    const { providerId } = await paidOut(15_000);
    const webhook = fake.payoutWebhook(providerId, 'payout.processed');
    expect((await postPayoutWebhook(webhook)).status).toBe(200);
    await t.close(); // every response finished, so every request line is written
    const text = log.join('');
    expect(text).toContain('"url":"/api/payouts/webhook"');
    expect(text).toContain('"x-razorpay-signature":"[redacted]"');
    expect(text).not.toContain(webhook.headers['x-razorpay-signature']);
    for (const name of ['RAZORPAYX_KEY_SECRET', 'RAZORPAYX_WEBHOOK_SECRET']) {
      expect(text, name).not.toContain(env[name]);
    }
  });
});

describe('RazorpayX payout configuration', () => {
  const production = {
    JWT_SECRET: 'x'.repeat(40),
    PAYMENT_PROVIDER: 'stripe',
    STRIPE_SECRET_KEY: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_TYooMQauvdEDq54NiTphI7jx',
    STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
    ...INVOICE_SELLER_ENV,
  };
  const razorpayx = {
    PAYOUT_PROVIDER: 'razorpayx',
    RAZORPAYX_KEY_ID: 'rzp_test_1DP5mmOlF5G5ag',
    RAZORPAYX_KEY_SECRET: 'thisisasecretkey0123',
    RAZORPAYX_WEBHOOK_SECRET: 'payout-webhook-secret-0123',
    RAZORPAYX_ACCOUNT_NUMBER: '7878780080316316',
  };
  const configErrorOf = (variables: Record<string, string>): ConfigError => {
    try {
      loadConfig(variables);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('the configuration was accepted');
  };

  it('production and demo mode take RazorpayX with IMPS by default', () => {
    const config = loadConfig({ ...production, ...razorpayx });
    expect(config.payoutProvider).toBe('razorpayx');
    expect(config.razorpayx).toEqual({
      keyId: razorpayx.RAZORPAYX_KEY_ID,
      keySecret: razorpayx.RAZORPAYX_KEY_SECRET,
      webhookSecret: razorpayx.RAZORPAYX_WEBHOOK_SECRET,
      accountNumber: razorpayx.RAZORPAYX_ACCOUNT_NUMBER,
      mode: 'IMPS',
      apiUrl: undefined,
    });
    const demo = loadConfig({ DEMO: 'true', ...razorpayx, RAZORPAYX_MODE: 'NEFT' });
    expect([demo.payoutProvider, demo.razorpayx?.mode]).toEqual(['razorpayx', 'NEFT']);
    expect(loadConfig(production)).toMatchObject({ payoutProvider: 'manual', razorpayx: null });
  });

  it.each([
    'RAZORPAYX_KEY_ID',
    'RAZORPAYX_KEY_SECRET',
    'RAZORPAYX_WEBHOOK_SECRET',
    'RAZORPAYX_ACCOUNT_NUMBER',
  ] as const)('a missing %s stops start-up naming it', (variable) => {
    const { [variable]: _missing, ...rest } = razorpayx;
    const error = configErrorOf({ ...production, ...rest });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toContain('PAYOUT_PROVIDER=razorpayx');
  });

  it.each([
    ['RAZORPAYX_KEY_ID', { RAZORPAYX_KEY_ID: 'key_1DP5mmOlF5G5ag' }],
    ['RAZORPAYX_ACCOUNT_NUMBER', { RAZORPAYX_ACCOUNT_NUMBER: 'acc-123' }],
    ['RAZORPAYX_MODE', { RAZORPAYX_MODE: 'SWIFT' }],
    ['RAZORPAYX_API_URL', { RAZORPAYX_API_URL: 'ftp://fake' }],
    ['RAZORPAYX_KEY_SECRET', { RAZORPAYX_KEY_SECRET: 'has a space' }],
  ])('a bad %s stops start-up naming it, never echoing a secret', (variable, bad) => {
    const error = configErrorOf({ ...production, ...razorpayx, ...bad });
    expect(error.variable).toBe(variable);
    expect(error.message).not.toContain(razorpayx.RAZORPAYX_KEY_SECRET);
    expect(error.message).not.toContain(razorpayx.RAZORPAYX_WEBHOOK_SECRET);
  });
});
