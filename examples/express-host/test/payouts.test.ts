import { randomUUID } from 'node:crypto';
import { payoutIdOf } from '@jyotishconnect/payments';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';

describe('payout ids', () => {
  it('derive from the consultant and the key: the same pair gives the same id, another consultant another', () => {
    expect(payoutIdOf('consultant:a', 'key-1')).toBe(payoutIdOf('consultant:a', 'key-1'));
    expect(payoutIdOf('consultant:a', 'key-1')).not.toBe(payoutIdOf('consultant:b', 'key-1'));
    expect(payoutIdOf('consultant:a', 'key-1')).not.toBe(payoutIdOf('consultant:a', 'key-2'));
  });
});

describe.each(MODES)('consultant payouts in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  /** Guru's earnings after a 10-minute video consultation with Asha. */
  let earned: number;
  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t);
    const { body: session } = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'video' },
    });
    await t.call('POST', `/api/consultations/${session.id}/accept`, { token: cast.guru.token });
    await t.advance(10 * 60_000); // 10 min of video at Rs 25/min: 25,000 paise, 20,000 to the consultant
    const { body: ended } = await t.call('POST', `/api/consultations/${session.id}/end`, { token: cast.asha.token });
    earned = ended.summary.consultantShare;
  });
  afterEach(async () => {
    await t.close();
  });

  const payout = (amount: number, key?: string) =>
    t.call('POST', '/api/payouts', {
      token: cast.guru.token,
      body: { amount },
      ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
    });
  const balance = async () => (await t.call('GET', '/api/earnings', { token: cast.guru.token })).body.balance;

  it('needs an Idempotency-Key header: without one, or with a malformed one, it is 400 and pays nothing', async () => {
    expect(earned).toBeGreaterThanOrEqual(20_000);
    for (const key of [undefined, '', 'x'.repeat(101), 'has space']) {
      const refused = await payout(15_000, key);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'Idempotency-Key' });
    }
    expect(await balance()).toBe(earned);
  });

  it('withdraws above the minimum; below it is 422 and above the balance 402', async () => {
    const below = await payout(5_000, randomUUID());
    expect([below.status, below.body.error.code]).toEqual([422, 'BELOW_MINIMUM_PAYOUT']);
    const above = await payout(earned + 1, randomUUID());
    expect([above.status, above.body.error.code]).toEqual([402, 'INSUFFICIENT_FUNDS']);
    const paid = await payout(15_000, randomUUID());
    expect(paid.status).toBe(201);
    // Demo mode pays at once; production's manual provider leaves it for an operator, the money already set aside.
    const status = mode === 'demo' ? 'paid' : 'requested';
    expect(paid.body).toMatchObject({ status, amount: 15_000, balance: earned - 15_000 });
  });

  it('a retry with the same key and amount answers the first payout and pays once; a new key pays again', async () => {
    const key = randomUUID();
    const first = await payout(10_000, key);
    expect(first.status).toBe(201);
    const another = await payout(10_000, randomUUID());
    expect(another.status).toBe(201);
    expect(another.body.id).not.toBe(first.body.id);
    // The balance left could not pay 10,000 again: the retry is answered from the first payout, not paid.
    expect(await balance()).toBeLessThan(10_000);
    const retry = await payout(10_000, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await balance()).toBe(earned - 20_000);
  });

  it('the same key with another amount is 409 IDEMPOTENCY_CONFLICT', async () => {
    const key = randomUUID();
    expect((await payout(10_000, key)).status).toBe(201);
    const conflict = await payout(12_000, key);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(await balance()).toBe(earned - 10_000);
  });

  it('concurrent requests with one key pay once and all answer the same payout', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => payout(15_000, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]?.body);
    expect(await balance()).toBe(earned - 15_000);
  });
});
