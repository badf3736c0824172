import { ManualClock } from '@jyotishconnect/core';
import { createWallet, SYSTEM_ACCOUNTS, type Wallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { beforeEach, describe, expect, it } from 'vitest';

// The memory store keeps a hold without its request and lets a capture share
// its hold's metadata: replays and reads must not be able to tell.

const USER = 'user:asha';
const CONSULTANT = 'consultant:guru';
let clock: ManualClock;
let wallet: Wallet;

beforeEach(async () => {
  clock = new ManualClock();
  wallet = createWallet({ store: createMemoryWalletStore(), clock });
  await wallet.openSystemAccounts();
  await wallet.openAccount({ id: USER, type: 'user' });
  await wallet.openAccount({ id: CONSULTANT, type: 'consultant' });
  await wallet.topUp({ id: 'fund', to: USER, amount: 10_000 });
});

const placement = () => ({
  id: 'hold:1',
  accountId: USER,
  amount: 600,
  expiresAt: clock.now() + 60_000,
  metadata: { sessionId: 's1', interval: 1 },
});
const capture = (metadata: Record<string, string | number>) => ({
  id: 'charge:1',
  holdId: 'hold:1',
  amount: 500,
  commissionBps: 1_200,
  to: CONSULTANT,
  platform: SYSTEM_ACCOUNTS.revenue,
  metadata,
});

describe('memory wallet store: holds kept without their request', () => {
  it('a replayed placement returns the hold; one that differs in any field is a conflict', async () => {
    const first = await wallet.placeHold(placement());
    expect(await wallet.placeHold(placement())).toEqual(first);
    for (const change of [{ amount: 601 }, { expiresAt: clock.now() + 60_001 }, { metadata: { sessionId: 's2' } }]) {
      await expect(wallet.placeHold({ ...placement(), ...change })).rejects.toMatchObject({
        code: 'IDEMPOTENCY_CONFLICT',
      });
    }
    expect((await wallet.getAccount(USER))?.available).toBe(10_000 - 600);
  });

  it('a voided hold id stays voided: a later placement under it is a conflict', async () => {
    await wallet.voidHold({ id: 'hold:1', accountId: USER });
    await expect(wallet.placeHold(placement())).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect((await wallet.getAccount(USER))?.available).toBe(10_000);
  });

  it('each account keeps only its open holds: captured, released and expired ones stop reserving', async () => {
    await wallet.placeHold(placement());
    await wallet.placeHold({ ...placement(), id: 'hold:2', amount: 100 });
    await wallet.placeHold({ ...placement(), id: 'hold:3', amount: 10, expiresAt: clock.now() + 1_000 });
    expect((await wallet.getAccount(USER))?.held).toBe(710);
    await wallet.captureHold(capture({ sessionId: 's1', interval: 1 }));
    await wallet.releaseHold('hold:2');
    await clock.advance(1_000);
    expect(await wallet.getAccount(USER)).toMatchObject({ balance: 9_500, held: 0, available: 9_500 });
    expect(await wallet.expireHolds()).toBe(1);
    expect((await wallet.verify()).ok).toBe(true);
  });
});

describe('memory wallet store: a capture and its hold share metadata', () => {
  it('a capture repeating its hold metadata reads it back, and replays as the same request', async () => {
    await wallet.placeHold(placement());
    const charged = await wallet.captureHold(capture({ sessionId: 's1', interval: 1 }));
    expect(charged.metadata).toEqual({ sessionId: 's1', interval: 1 });
    expect(await wallet.captureHold(capture({ sessionId: 's1', interval: 1 }))).toEqual(charged);
    await expect(wallet.captureHold(capture({ sessionId: 's1', interval: 2 }))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });
    const [line] = (await wallet.statement(CONSULTANT)).entries;
    expect(line).toMatchObject({ transactionId: 'charge:1', metadata: { sessionId: 's1', interval: 1 } });
    expect((await wallet.getTransaction('charge:1'))?.holdId).toBe('hold:1');
  });

  it('a capture with metadata of its own keeps it', async () => {
    await wallet.placeHold(placement());
    await wallet.captureHold(capture({ sessionId: 's1', interval: 1, note: 'late' }));
    expect((await wallet.getTransaction('charge:1'))?.metadata).toEqual({ sessionId: 's1', interval: 1, note: 'late' });
    const [line] = (await wallet.statement(USER)).entries;
    expect(line?.metadata).toEqual({ sessionId: 's1', interval: 1, note: 'late' });
  });

  it('a capture under its hold own id reads back its kind and hold, as does a refund of it', async () => {
    await wallet.placeHold(placement());
    const charged = await wallet.captureHold({ ...capture({ sessionId: 's1', interval: 1 }), id: 'hold:1' });
    expect(charged).toMatchObject({ id: 'hold:1', kind: 'split', holdId: 'hold:1', refundOf: null });
    expect(await wallet.getTransaction('hold:1')).toEqual(charged);
    const refund = await wallet.refund({ id: 'refund:1', transactionId: 'hold:1', amount: 100 });
    expect(await wallet.getTransaction('refund:1')).toEqual(refund);
    expect(refund).toMatchObject({ kind: 'refund', holdId: null, refundOf: 'hold:1' });
    const kinds = (await wallet.statement(USER)).entries.map((line) => [line.transactionId, line.kind]);
    expect(kinds).toEqual([
      ['refund:1', 'refund'],
      ['hold:1', 'split'],
      ['fund', 'topup'],
    ]);
  });

  it('replays a capture as billing makes it (commission in paise, request rebuilt from the ledger) only for the same request', async () => {
    const billed = {
      id: 'hold:1',
      holdId: 'hold:1',
      amount: 500,
      commission: 100,
      to: CONSULTANT,
      platform: SYSTEM_ACCOUNTS.revenue,
    };
    for (const [hold, metadata] of [
      ['hold:1', { sessionId: 's1', interval: 1 }],
      ['hold:2', { sessionId: 's1', interval: 2 }],
    ] as const) {
      await wallet.placeHold({ ...placement(), id: hold, metadata });
      const charged = await wallet.captureHold({ ...billed, id: hold, holdId: hold, metadata });
      expect(await wallet.captureHold({ ...billed, id: hold, holdId: hold, metadata })).toEqual(charged);
      for (const change of [
        { amount: 499 },
        { commission: 101 },
        { commissionBps: 2_000, commission: undefined },
        { to: SYSTEM_ACCOUNTS.promotions },
        { platform: SYSTEM_ACCOUNTS.promotions },
        { metadata: { sessionId: 's1' } },
      ]) {
        await expect(
          wallet.captureHold({ ...billed, id: hold, holdId: hold, metadata, ...change }),
        ).rejects.toMatchObject({
          code: 'IDEMPOTENCY_CONFLICT',
        });
      }
    }
    // A capture under an id other than its hold's: the hold names it, and it replays too.
    await wallet.placeHold({ ...placement(), id: 'hold:3' });
    const other = await wallet.captureHold({ ...billed, id: 'charge:3', holdId: 'hold:3', metadata: {} });
    expect(await wallet.captureHold({ ...billed, id: 'charge:3', holdId: 'hold:3', metadata: {} })).toEqual(other);
    expect(await wallet.getHold('hold:3')).toMatchObject({
      status: 'captured',
      capturedAmount: 500,
      captureTransactionId: 'charge:3',
    });
    expect(await wallet.getHold('hold:1')).toMatchObject({ status: 'captured', captureTransactionId: 'hold:1' });
    expect((await wallet.getAccount(USER))?.balance).toBe(10_000 - 3 * 500);
  });

  it('a hold id voided for an account the store does not have reads back with that account', async () => {
    const voided = await wallet.voidHold({ id: 'hold:9', accountId: 'user:nobody' });
    expect(voided).toMatchObject({ id: 'hold:9', accountId: 'user:nobody', status: 'released', amount: 0 });
    expect(await wallet.getHold('hold:9')).toEqual(voided);
    expect(await wallet.voidHold({ id: 'hold:9', accountId: 'user:nobody' })).toEqual(voided);
  });
});
