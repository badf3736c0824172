import { isJyotishError, type MetricLabels, type MetricsSink, metricNames, timedPort } from '@jyotishconnect/core';
import type { EventEmitter } from 'eventemitter3';
import type { WalletEvents } from './inputs.js';
import type { WalletStore } from './store.js';

/**
 * The wallet's store with every call timed (`store="wallet"`), each rejection
 * the store guards (`INSUFFICIENT_FUNDS`, `ACCOUNT_FROZEN`, …) counted by its
 * code, and each committed transaction counted by its kind. Rules live in
 * the store's guards, so counting there counts every adapter alike.
 */
export function measuredWalletStore(
  store: WalletStore,
  metrics: MetricsSink,
  events: EventEmitter<WalletEvents>,
): WalletStore {
  const labels = new Map<string, MetricLabels>();
  const labelled = (key: string, make: () => MetricLabels) => {
    let found = labels.get(key);
    if (!found) {
      found = make();
      labels.set(key, found);
    }
    return found;
  };
  const rejected = (code: string) =>
    metrics.count(
      metricNames.walletRejections,
      labelled(`code:${code}`, () => ({ code })),
      1,
    );
  events.on('transaction', ({ kind }) =>
    metrics.count(
      metricNames.walletCommits,
      labelled(`kind:${kind}`, () => ({ kind })),
      1,
    ),
  );
  return timedPort(store, metrics, 'wallet', (method, result, error) => {
    if (isJyotishError(error)) rejected(error.code);
    else if (method === 'commitBatch' && Array.isArray(result)) {
      // A batch reports each write's guard error as a value rather than throwing it.
      for (const outcome of result as Awaited<ReturnType<WalletStore['commitBatch']>>) {
        if ('error' in outcome) rejected(outcome.error.code);
      }
    }
  });
}
