import type { BillingConfigInput } from '@jyotishconnect/billing-engine';
import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import { createTestBilling } from '@jyotishconnect/billing-engine/testing';
import { ManualClock } from '@jyotishconnect/core';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { describe, expect, it, vi } from 'vitest';
import { groupCommit } from '../src/group-commit.js';

/** A wallet with system accounts and `user:asha` holding 1,000 paise. */
async function fundedWallet() {
  const clock = new ManualClock();
  const wallet = createWallet({ store: createMemoryWalletStore(), clock });
  await wallet.openSystemAccounts();
  await wallet.openAccount({ id: 'user:asha', type: 'user' });
  await wallet.openAccount({ id: 'consultant:guru', type: 'consultant' });
  await wallet.topUp({ id: 'seed', to: 'user:asha', amount: 1_000 });
  return { wallet, clock };
}

/** What a call settles with: its value, or its error's code. */
type Outcome = { ok: true; value: unknown } | { ok: false; code: string | undefined };
const outcome = (call: Promise<unknown>): Promise<Outcome> =>
  call.then(
    (value) => ({ ok: true, value }),
    (error: { code?: string }) => ({ ok: false, code: error.code }),
  );
/** An outcome as `ok` or its error code. */
const codeOf = (each: Outcome) => (each.ok ? 'ok' : each.code);

describe('group commit of the driver calls', () => {
  it('calls of one turn go to the wallet as one batch, each settling as its one-by-one call does', async () => {
    const { wallet, clock } = await fundedWallet();
    const commitMany = vi.spyOn(wallet, 'commitMany');
    const getAccounts = vi.spyOn(wallet, 'getAccounts');
    const calls = groupCommit(wallet, createMemoryBillingStore(), { maxBatch: 100, maxDelayMs: 0, maxInFlight: 2 });
    const expiresAt = clock.now() + 60_000;
    const results = await Promise.all([
      outcome(calls.wallet.placeHold({ id: 'h1', accountId: 'user:asha', amount: 600, expiresAt })),
      // Sees the hold before it: 400 left, so 600 more is refused alone.
      outcome(calls.wallet.placeHold({ id: 'h2', accountId: 'user:asha', amount: 600, expiresAt })),
      outcome(calls.wallet.captureHold({ id: 't1', holdId: 'missing', to: 'consultant:guru', amount: 1 })),
      outcome(calls.wallet.voidHold({ id: 'h3', accountId: 'user:asha' })),
      outcome(calls.wallet.getAccount('user:asha')),
      outcome(calls.wallet.getAccount('user:nobody')),
    ]);
    expect(commitMany).toHaveBeenCalledTimes(1);
    expect(getAccounts).toHaveBeenCalledTimes(1);
    expect(results.map((each) => each.ok)).toEqual([true, false, false, true, true, true]);
    expect(results[1]).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect(results[2]).toMatchObject({ code: 'HOLD_NOT_FOUND' });
    expect(results[5]).toEqual({ ok: true, value: null });

    // The same calls one by one on a fresh wallet settle the same way.
    const fresh = await fundedWallet();
    const single = [
      await outcome(fresh.wallet.placeHold({ id: 'h1', accountId: 'user:asha', amount: 600, expiresAt })),
      await outcome(fresh.wallet.placeHold({ id: 'h2', accountId: 'user:asha', amount: 600, expiresAt })),
      await outcome(fresh.wallet.captureHold({ id: 't1', holdId: 'missing', to: 'consultant:guru', amount: 1 })),
      await outcome(fresh.wallet.voidHold({ id: 'h3', accountId: 'user:asha' })),
    ];
    expect(single.map(codeOf)).toEqual(results.slice(0, 4).map(codeOf));
  });

  it('a batch holds at most maxBatch calls', async () => {
    const { wallet } = await fundedWallet();
    const getAccounts = vi.spyOn(wallet, 'getAccounts');
    const calls = groupCommit(wallet, createMemoryBillingStore(), { maxBatch: 3, maxDelayMs: 0, maxInFlight: 2 });
    await Promise.all(Array.from({ length: 7 }, () => calls.wallet.getAccount('user:asha')));
    expect(getAccounts.mock.calls.map(([ids]) => ids.length)).toEqual([3, 3, 1]);
  });

  it('while maxInFlight batches are out, the calls of later turns wait and go as one batch', async () => {
    const { wallet } = await fundedWallet();
    const read = wallet.getAccounts.bind(wallet);
    let release: () => void = () => {};
    const firstOut = new Promise<void>((resolve) => {
      release = resolve;
    });
    const getAccounts = vi.spyOn(wallet, 'getAccounts').mockImplementationOnce(async (ids) => {
      await firstOut;
      return await read(ids);
    });
    const calls = groupCommit(wallet, createMemoryBillingStore(), { maxBatch: 10, maxDelayMs: 0, maxInFlight: 1 });
    const first = calls.wallet.getAccount('user:asha');
    await vi.waitFor(() => expect(getAccounts).toHaveBeenCalledTimes(1));
    // Three later turns, while the first batch is still out: none of them goes to storage yet.
    const later: Promise<unknown>[] = [];
    for (const id of ['consultant:guru', 'user:asha', 'user:nobody']) {
      later.push(calls.wallet.getAccount(id));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(getAccounts).toHaveBeenCalledTimes(1);
    release();
    await Promise.all([first, ...later]);
    expect(getAccounts.mock.calls.map(([ids]) => ids)).toEqual([
      ['user:asha'],
      ['consultant:guru', 'user:asha', 'user:nobody'],
    ]);
  });

  it('with maxDelayMs, a call of a later turn joins the batch still waiting', async () => {
    const { wallet } = await fundedWallet();
    const getAccounts = vi.spyOn(wallet, 'getAccounts');
    const calls = groupCommit(wallet, createMemoryBillingStore(), { maxBatch: 10, maxDelayMs: 50, maxInFlight: 2 });
    const first = calls.wallet.getAccount('user:asha');
    // setImmediate runs in this turn's check phase, before any timer of the next turn can fire.
    const second = await new Promise<ReturnType<typeof calls.wallet.getAccount>>((resolve) =>
      setImmediate(() => resolve(calls.wallet.getAccount('consultant:guru'))),
    );
    expect((await Promise.all([first, second])).map((account) => account?.id)).toEqual([
      'user:asha',
      'consultant:guru',
    ]);
    expect(getAccounts).toHaveBeenCalledTimes(1);
  });

  it('unset, the ticks run at once follow group commit: 4,096 with it, 256 without; one given is kept', async () => {
    const ticksAtOnce = async (config: BillingConfigInput) =>
      (await createTestBilling({ config })).engine.config.maxConcurrentTicks;
    expect(await ticksAtOnce({ groupCommit: {} })).toBe(4_096);
    expect(await ticksAtOnce({})).toBe(256);
    expect(await ticksAtOnce({ groupCommit: {}, maxConcurrentTicks: 64 })).toBe(64);
    expect((await createTestBilling({ config: { groupCommit: {} } })).engine.config.groupCommit).toEqual({
      maxBatch: 1_000,
      maxDelayMs: 0,
      maxInFlight: 2,
    });
  });

  it('bad group commit bounds are INVALID_INPUT naming the field', async () => {
    for (const groupCommit of [
      { maxBatch: 0 },
      { maxBatch: 1_001 },
      { maxDelayMs: -1 },
      { maxInFlight: 0 },
      { extra: 1 },
      true,
    ]) {
      await expect(
        createTestBilling({ config: { groupCommit } as never }),
        JSON.stringify(groupCommit),
      ).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        details: { field: expect.stringMatching(/^config\.groupCommit/) },
      });
    }
  });
});
