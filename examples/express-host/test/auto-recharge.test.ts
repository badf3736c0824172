import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { rechargeUsers } from '../src/recharging.js';
import { type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';

// When a debit crosses, one at a time per wallet, and the daily bound are the payments package's
// rules, tested in packages/payments/test/auto-recharge.test.ts; these suites check the host's wiring.

const silent = pino({ level: 'silent' });

/** The auto-recharge top-ups in a user's statement. */
async function rechargesOf(t: TestHost, token: string): Promise<Array<{ amount: number }>> {
  const { body } = await t.call('GET', '/api/wallet/statement?limit=200', { token });
  return body.entries.filter((e: { kind: string; metadata: { orderId?: string } }) =>
    e.metadata.orderId?.startsWith('auto_'),
  );
}

/** Runs a chat consultation with Guru for `seconds`, one tick at a time, letting each tick's recharge land. */
async function consult(t: TestHost, cast: Cast, seconds: number): Promise<void> {
  const { body: session } = await t.call('POST', '/api/consultations', {
    token: cast.asha.token,
    body: { consultantId: cast.guru.id, service: 'chat' },
  });
  await t.call('POST', `/api/consultations/${session.id}/accept`, { token: cast.guru.token });
  for (let second = 0; second < seconds; second++) await t.advance(1_000);
  await t.call('POST', `/api/consultations/${session.id}/end`, { token: cast.asha.token });
  await t.idle();
}

describe.each(MODES)('auto-recharge settings in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t);
    return () => t.close();
  });

  it('refuses a threshold or an amount above MAX_TOP_UP, or an amount below the smallest top-up, naming the field', async () => {
    const put = (body: object) => t.call('PUT', '/api/wallet/auto-recharge', { token: cast.asha.token, body });
    const max = t.config.maxTopUp;
    for (const [body, field] of [
      [{ threshold: 1_000_000_000_000, amount: 1_000_000_000_000 }, 'threshold'],
      [{ threshold: 1_000, amount: max + 1 }, 'amount'],
      [{ threshold: 1_000, amount: 99 }, 'amount'], // below the smallest top-up: no provider would take it
      [{ threshold: max + 1, amount: 1_000 }, 'threshold'],
    ] as const) {
      const refused = await put(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    expect((await t.call('GET', '/api/wallet/auto-recharge', { token: cast.asha.token })).body).toEqual({
      enabled: false,
      method: null,
      lastRecharge: null,
    });
  });
});

describe('auto-recharge in demo mode (simulated saved payment method)', () => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost('demo');
    cast = await castOf(t);
    return () => t.close();
  });

  it('recharges once per threshold crossing, not on every debit below the threshold', async () => {
    const token = cast.asha.token;
    const set = await t.call('PUT', '/api/wallet/auto-recharge', { token, body: { threshold: 49_500, amount: 100 } });
    expect(set.body).toEqual({ enabled: true, threshold: 49_500, amount: 100 });
    // Demo mode saves a simulated card with the setting: references only, charged by the simulated provider.
    expect((await t.call('GET', '/api/wallet/auto-recharge', { token })).body).toMatchObject({ methodSaved: true });
    expect((await t.host.services.host.autoRecharge.settingOf(cast.asha.id))?.method).toEqual({
      customerRef: `sim_cust_${cast.asha.id}`,
      methodRef: 'card_demo',
      brand: 'visa',
      last4: '4242',
    });
    // A debit of 700 crosses (50,000 → 49,300) and 100 paise (the smallest top-up) leave it below;
    // the 60 debits of a minute at Rs 10/min after it do not recharge.
    await t.host.services.wallet.transfer({ id: 'crossing', from: cast.asha.id, to: cast.guru.id, amount: 700 });
    await t.idle();
    await consult(t, cast, 60);
    expect(await rechargesOf(t, token)).toHaveLength(1);
    expect((await t.call('GET', '/api/wallet', { token })).body.balance).toBe(50_000 - 700 - 1_000 + 100);
  });

  it('recharges again at the next crossing, after a recharge lifted the balance above the threshold', async () => {
    const token = cast.asha.token;
    await t.call('PUT', '/api/wallet/auto-recharge', { token, body: { threshold: 49_500, amount: 1_000 } });
    // 120 s at Rs 10/min: below 49,500 at 31 s (recharged to ~50,480), below again at 91 s (recharged again).
    await consult(t, cast, 120);
    expect(await rechargesOf(t, token)).toHaveLength(2);
    expect((await t.call('GET', '/api/wallet', { token })).body.balance).toBe(50_000 - 2_000 + 2 * 1_000);
  });

  it('a replayed debit event, or a second process seeing it, recharges once', async () => {
    const token = cast.asha.token;
    await t.call('PUT', '/api/wallet/auto-recharge', { token, body: { threshold: 49_500, amount: 1_000 } });
    const { wallet, host, payments, clock } = t.host.services;
    const crossing = await wallet.transfer({ id: 'crossing', from: cast.asha.id, to: cast.guru.id, amount: 600 });
    await t.idle();
    const secondProcess = rechargeUsers({ wallet, payments, settings: host.autoRecharge, clock, logger: silent });
    t.host.services.autoRecharge.onTransaction(crossing);
    secondProcess.onTransaction(crossing);
    await Promise.all([t.idle(), secondProcess.idle()]);
    expect(await rechargesOf(t, token)).toHaveLength(1);
    expect((await t.call('GET', '/api/wallet', { token })).body.balance).toBe(50_000 - 600 + 1_000);
  });
});

describe('auto-recharge on a card that declines (demo mode, simulated declining card)', () => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost('demo');
    cast = await castOf(t);
    return () => t.close();
  });

  it('the decline is recorded once, never retried, and the consultation ends normally when the money runs out', async () => {
    const { wallet, host, payments } = t.host.services;
    // Rs 15 left: a minute and a half at Rs 10/min; the recharge at Rs 12 is declined.
    await wallet.transfer({ id: 'spend-most', from: cast.asha.id, to: cast.meera.id, amount: 48_500 });
    await host.autoRecharge.set({
      userId: cast.asha.id,
      threshold: 1_200,
      amount: 10_000,
      method: { customerRef: `sim_cust_${cast.asha.id}`, methodRef: 'decline_card' },
    });
    const { body: session } = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    await t.call('POST', `/api/consultations/${session.id}/accept`, { token: cast.guru.token });
    let ended: { status: string; endReason: string | null } | null = null;
    for (let second = 0; second < 240 && ended === null; second++) {
      await t.advance(1_000);
      const { body } = await t.call('GET', `/api/consultations/${session.id}`, { token: cast.asha.token });
      if (body.session.status === 'ended') ended = body.session;
    }
    await t.idle();
    expect(ended).toMatchObject({ status: 'ended', endReason: 'insufficient_funds' });
    const orders = (await payments.ordersOf(cast.asha.id)).filter((order) => order.id.startsWith('auto_'));
    expect(orders).toEqual([expect.objectContaining({ status: 'failed', failureReason: 'card declined' })]);
    expect(await rechargesOf(t, cast.asha.token)).toEqual([]);
    const account = await wallet.getAccount(cast.asha.id);
    expect(account).toMatchObject({ held: 0 });
    expect(account?.balance).toBeGreaterThanOrEqual(0);
    expect((await wallet.verify()).ok).toBe(true);
  });
});

describe('auto-recharge in production mode without a saved card (saving one: saved-methods.test.ts)', () => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost('production');
    cast = await castOf(t);
    return () => t.close();
  });

  it('enabling it is refused with 409 PAYMENT_METHOD_REQUIRED; disabling it is fine', async () => {
    const token = cast.asha.token;
    const enable = await t.call('PUT', '/api/wallet/auto-recharge', {
      token,
      body: { threshold: 5_000, amount: 10_000 },
    });
    expect(enable.status).toBe(409);
    expect(enable.body.error.code).toBe('PAYMENT_METHOD_REQUIRED');
    const disable = await t.call('PUT', '/api/wallet/auto-recharge', { token, body: { enabled: false } });
    expect(disable.body).toEqual({ enabled: false });
  });

  it('a setting stored earlier never makes a payment: a crossing debit recharges nothing', async () => {
    // As a release before saved methods stored it: no method to charge.
    await t.host.services.host.autoRecharge.set({
      userId: cast.asha.id,
      threshold: 49_500,
      amount: 1_000,
      method: null,
    });
    await consult(t, cast, 60);
    expect(await rechargesOf(t, cast.asha.token)).toEqual([]);
    expect((await t.call('GET', '/api/wallet', { token: cast.asha.token })).body.balance).toBe(49_000);
  });
});
