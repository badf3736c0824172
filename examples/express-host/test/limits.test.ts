import { beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';

describe.each(MODES)('money limits from the configuration in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t);
    return () => t.close();
  });

  const balanceOf = async (token: string) => (await t.call('GET', '/api/wallet', { token })).body.balance as number;

  it('a top-up order above MAX_TOP_UP is 400 naming the amount, whoever creates it', async () => {
    const token = cast.asha.token;
    const order = await t.call('POST', '/api/payments/orders', { token, body: { amount: t.config.maxTopUp + 1 } });
    expect(order.status).toBe(400);
    expect(order.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'amount' });
    // Auto-recharge creates its orders in-process, past the route's schema: the payments package holds the same limit.
    const { payments } = t.host.services;
    await expect(
      payments.startTopUp({ id: 'order_too_large', userId: cast.asha.id, amount: 1_000_000_000_000 }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'amount' } });
    const method = { customerRef: `sim_cust_${cast.asha.id}`, methodRef: 'card_demo' };
    await expect(
      payments.chargeSavedMethod({ id: 'auto_too_large', userId: cast.asha.id, amount: t.config.maxTopUp + 1, method }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'amount' } });
    expect(await balanceOf(token)).toBe(50_000);
  });

  it('a consultant cannot sign up with a rate above MAX_RATE_PER_MINUTE: 400 naming the rate', async () => {
    const register = (email: string, rates: Record<string, number>) =>
      t.call('POST', '/api/auth/register', {
        body: { name: 'Greedy', email, password: 'secret123', role: 'consultant', rates },
      });
    const max = t.config.maxRatePerMinute;
    expect(max).toBe(100_000);
    const tooHigh: Array<[Record<string, number>, string]> = [
      [{ chat: 6_000_000_000 }, 'rates.chat'],
      [{ chat: 500, video: max + 1 }, 'rates.video'],
    ];
    for (const [rates, field] of tooHigh) {
      const refused = await register('greedy@example.com', rates);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    expect((await register('fair@example.com', { chat: max })).status).toBe(201);
  });

  it('a stored rate above MAX_RATE_PER_MINUTE is never billed: the service is not offered', async () => {
    const profile = await t.host.services.host.directory.profileOf(cast.guru.id);
    if (!profile) throw new Error('Guru has a directory entry');
    await t.host.services.host.directory.upsert({ ...profile, rates: { chat: 6_000_000_000 } });
    const requested = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    expect(requested.status).toBe(422);
    expect(requested.body.error.code).toBe('SERVICE_NOT_OFFERED');
    expect(await balanceOf(cast.asha.token)).toBe(50_000);
  });
});
