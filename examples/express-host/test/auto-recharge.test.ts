import { createWallet, type Transaction } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { pino } from 'pino';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutoRecharger, crossedBelow, type SavedMethodCharger } from '../src/auto-recharge.js';
import { createMemoryHostStore } from '../src/host-store/adapters/memory/index.js';
import { type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';

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

describe('crossedBelow', () => {
  it('is true only for the debit that takes the balance from at or above the threshold to below it', () => {
    expect(crossedBelow(49_484, -16, 49_500)).toBe(true);
    expect(crossedBelow(49_499, -1, 49_500)).toBe(true);
    expect(crossedBelow(49_467, -17, 49_500)).toBe(false); // already below before this debit
    expect(crossedBelow(49_500, -16, 49_500)).toBe(false); // at the threshold is not below it
  });
});

describe('the auto-recharger', () => {
  /** A memory wallet where `user:u` holds 1,000 paise, with auto-recharge below 900. */
  async function setUp(charger: SavedMethodCharger) {
    const wallet = createWallet({ store: createMemoryWalletStore() });
    await wallet.openSystemAccounts();
    await wallet.openAccount({ id: 'user:u', type: 'user' });
    await wallet.topUp({ id: 'opening', to: 'user:u', amount: 1_000 });
    const settings = createMemoryHostStore().autoRecharge;
    await settings.set({ userId: 'user:u', threshold: 900, amount: 500 });
    return { wallet, recharger: createAutoRecharger({ wallet, settings, charger, logger: silent }) };
  }

  it('charges one crossing at a time per wallet, keyed by the crossing debit', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const calls: string[] = [];
    let active = 0;
    let maxActive = 0;
    const charger: SavedMethodCharger = {
      chargeSavedMethod: async (_userId, _amount, key) => {
        calls.push(key);
        maxActive = Math.max(maxActive, ++active);
        await gate;
        active--;
      },
    };
    const { wallet, recharger } = await setUp(charger);
    const debit = (id: string, amount: number) => wallet.transfer({ id, from: 'user:u', to: 'system:revenue', amount });
    const crossings: Transaction[] = [await debit('first', 200)]; // 1,000 → 800
    await wallet.topUp({ id: 'back', to: 'user:u', amount: 300 }); // 800 → 1,100
    crossings.push(await debit('second', 300)); // 1,100 → 800
    for (const crossing of crossings) recharger.onTransaction(crossing);
    await vi.waitFor(() => expect(calls).toEqual(['first']), { timeout: 10_000 });
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toEqual(['first']); // the second crossing waits for the first recharge
    release();
    await recharger.idle();
    expect(calls).toEqual(['first', 'second']);
    expect(maxActive).toBe(1);
  });
});

describe.each(MODES)('auto-recharge settings in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t);
    return () => t.close();
  });

  it('refuses a threshold or an amount above MAX_TOP_UP, naming the field', async () => {
    const put = (body: object) => t.call('PUT', '/api/wallet/auto-recharge', { token: cast.asha.token, body });
    const max = t.config.maxTopUp;
    for (const [body, field] of [
      [{ threshold: 1_000_000_000_000, amount: 1_000_000_000_000 }, 'threshold'],
      [{ threshold: 1_000, amount: max + 1 }, 'amount'],
      [{ threshold: max + 1, amount: 1_000 }, 'threshold'],
    ] as const) {
      const refused = await put(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    expect((await t.call('GET', '/api/wallet/auto-recharge', { token: cast.asha.token })).body).toEqual({
      enabled: false,
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
    const set = await t.call('PUT', '/api/wallet/auto-recharge', { token, body: { threshold: 49_500, amount: 10 } });
    expect(set.body).toEqual({ enabled: true, threshold: 49_500, amount: 10 });
    // 60 s at Rs 10/min: below 49,500 at 31 s; 10 paise leave it below, and the 29 debits after do not recharge.
    await consult(t, cast, 60);
    expect(await rechargesOf(t, token)).toHaveLength(1);
    expect((await t.call('GET', '/api/wallet', { token })).body.balance).toBe(50_000 - 1_000 + 10);
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
    const { wallet, host, simulated } = t.host.services;
    const crossing = await wallet.transfer({ id: 'crossing', from: cast.asha.id, to: cast.guru.id, amount: 600 });
    await t.idle();
    if (!simulated) throw new Error('demo mode has the simulated provider');
    const secondProcess = createAutoRecharger({
      wallet,
      settings: host.autoRecharge,
      charger: simulated,
      logger: silent,
    });
    t.host.services.autoRecharge?.onTransaction(crossing);
    secondProcess.onTransaction(crossing);
    await Promise.all([t.idle(), secondProcess.idle()]);
    expect(await rechargesOf(t, token)).toHaveLength(1);
    expect((await t.call('GET', '/api/wallet', { token })).body.balance).toBe(50_000 - 600 + 1_000);
  });
});

describe('auto-recharge in production mode (no saved payment methods yet)', () => {
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
    await t.host.services.host.autoRecharge.set({
      userId: cast.asha.id,
      threshold: 49_500,
      amount: 1_000,
    });
    await consult(t, cast, 60);
    expect(await rechargesOf(t, cast.asha.token)).toEqual([]);
    expect((await t.call('GET', '/api/wallet', { token: cast.asha.token })).body.balance).toBe(49_000);
  });
});
