import { metricNames, timedPort } from '@jyotishconnect/core';
import { RecordingMetrics } from '@jyotishconnect/core/testing';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { walletStoreContract } from '@jyotishconnect/wallet-store/testing';
import { describe, expect, it } from 'vitest';

// The timing wrapper must be invisible to the store's callers: the whole contract runs through it.
walletStoreContract(
  'memory, timed',
  async () => ({ store: timedPort(createMemoryWalletStore(), new RecordingMetrics(), 'wallet') }),
  { propertyRuns: 20 },
);

async function measuredWallet() {
  const metrics = new RecordingMetrics();
  const wallet = createWallet({ store: createMemoryWalletStore(), metrics });
  await wallet.openSystemAccounts();
  await wallet.openAccount({ id: 'user:asha', type: 'user' });
  await wallet.openAccount({ id: 'consultant:guru', type: 'consultant' });
  await wallet.topUp({ id: 'order:1', to: 'user:asha', amount: 1_000 });
  return { metrics, wallet };
}

describe('wallet metrics', () => {
  it('counts each committed transaction once by its kind, and a replay not at all', async () => {
    const { metrics, wallet } = await measuredWallet();
    await wallet.transfer({ id: 't:1', from: 'user:asha', to: 'consultant:guru', amount: 100 });
    await wallet.transfer({ id: 't:1', from: 'user:asha', to: 'consultant:guru', amount: 100 });
    await wallet.splitCharge({
      id: 's:1',
      from: 'user:asha',
      to: 'consultant:guru',
      amount: 200,
      commissionBps: 1_000,
    });

    expect(metrics.total(metricNames.walletCommits, { kind: 'topup' })).toBe(1);
    expect(metrics.total(metricNames.walletCommits, { kind: 'transfer' })).toBe(1);
    expect(metrics.total(metricNames.walletCommits, { kind: 'split' })).toBe(1);
  });

  it('counts a debit beyond the balance as an INSUFFICIENT_FUNDS rejection, and the failed store call as an error', async () => {
    const { metrics, wallet } = await measuredWallet();
    const overdraw = wallet.transfer({ id: 't:2', from: 'user:asha', to: 'consultant:guru', amount: 5_000 });
    await expect(overdraw).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });

    expect(metrics.total(metricNames.walletRejections, { code: 'INSUFFICIENT_FUNDS' })).toBe(1);
    expect(metrics.of(metricNames.storeCall, { store: 'wallet', method: 'commit', outcome: 'error' })).toHaveLength(1);
    expect(metrics.total(metricNames.walletCommits, { kind: 'transfer' })).toBe(0);
  });

  it('counts a refused write inside a batch by its code, though the batch itself succeeds', async () => {
    const { metrics, wallet } = await measuredWallet();
    const [refused, done] = await wallet.commitMany([
      { op: 'transfer', id: 'b:1', from: 'user:asha', to: 'consultant:guru', amount: 5_000 },
      { op: 'transfer', id: 'b:2', from: 'user:asha', to: 'consultant:guru', amount: 10 },
    ]);

    expect(refused?.ok).toBe(false);
    expect(done?.ok).toBe(true);
    expect(metrics.total(metricNames.walletRejections, { code: 'INSUFFICIENT_FUNDS' })).toBe(1);
    expect(metrics.of(metricNames.storeCall, { method: 'commitBatch', outcome: 'ok' })).toHaveLength(1);
  });

  it('times every store call with non-negative seconds, labelled by method', async () => {
    const { metrics, wallet } = await measuredWallet();
    await wallet.getAccount('user:asha');
    const calls = metrics.of(metricNames.storeCall, { store: 'wallet' });
    expect(calls.map((call) => call.labels.method)).toEqual(
      expect.arrayContaining(['createAccount', 'commit', 'getAccount']),
    );
    for (const call of calls) expect(call.value).toBeGreaterThanOrEqual(0);
  });
});
