import type { Account, BatchOperation, Hold, Transaction, Wallet } from '@jyotishconnect/wallet-store';
import DataLoader from 'dataloader';
import { BatchPacer } from './batch-pacer.js';
import type { DriverStore, DriverWallet } from './driver-context.js';
import type { SessionRecord } from './session-record.js';
import type { BillingStore } from './store.js';

/** Bounds of group commit, as `config.groupCommit` gives them. */
export interface GroupCommitBounds {
  /** Most calls of one kind in one batch (at most 1,000: `commitMany` and `getAccounts` take that many). */
  readonly maxBatch: number;
  /** How long a batch waits for more calls after the first (0: only those issued in the same turn of the event loop). */
  readonly maxDelayMs: number;
  /** Most batches of one kind at storage at once; a batch formed meanwhile waits, and grows, until one returns. */
  readonly maxInFlight: number;
}

/** The wallet and store calls the driver makes: coalesced by {@link groupCommit} when `bounds` are given, else direct. */
export function driverCalls(
  wallet: Wallet,
  store: BillingStore,
  bounds: GroupCommitBounds | false,
): { wallet: DriverWallet; store: DriverStore } {
  return bounds ? groupCommit(wallet, store, bounds) : { wallet, store };
}

/**
 * The wallet and store calls of the session driver, coalesced: the calls
 * concurrent ticks issue in one turn of the event loop, or while the batches
 * of their kind already at storage are out (see {@link BatchPacer}), go to
 * storage as one batch of each kind — wallet writes as one `wallet.commitMany`, account reads
 * as one `wallet.getAccounts`, session writes as one `store.updateSessions`.
 * Each call still settles on its own, with exactly what the one-by-one call
 * resolves or throws: `commitMany` returns one result per operation, each what
 * its method would return or the `WalletError` it would throw, and
 * `updateSessions` one compare-and-set result per record. `dataloader`
 * collects the calls (no cache: every call reaches storage).
 */
export function groupCommit(
  wallet: Wallet,
  store: BillingStore,
  bounds: GroupCommitBounds,
): { wallet: DriverWallet; store: DriverStore } {
  // One pacer per kind of call: a slow wallet batch does not hold back the session writes.
  const loader = <K, V>(load: (keys: readonly K[]) => Promise<readonly (V | Error)[]>) => {
    const pacer = new BatchPacer(bounds.maxInFlight, bounds.maxDelayMs);
    return new DataLoader<K, V>((keys) => pacer.run(() => load(keys)), {
      cache: false,
      maxBatchSize: bounds.maxBatch,
      batchScheduleFn: pacer.schedule,
    });
  };
  const writes = loader<BatchOperation, Transaction | Hold>(async (operations) => {
    const results = await wallet.commitMany(operations);
    return results.map((result) => (result.ok ? result.value : result.error));
  });
  const accounts = loader<string, Account | null>((ids) => wallet.getAccounts(ids));
  const sessions = loader<SessionRecord, boolean>((records) => store.updateSessions(records));
  return {
    wallet: {
      getAccount: (id) => accounts.load(id),
      placeHold: async (input) => (await writes.load({ op: 'placeHold', ...input })) as Hold,
      captureHold: async (input) => (await writes.load({ op: 'captureHold', ...input })) as Transaction,
      voidHold: async (input) => (await writes.load({ op: 'voidHold', ...input })) as Hold,
      splitCharge: async (input) => (await writes.load({ op: 'splitCharge', ...input })) as Transaction,
    },
    store: {
      inProcess: store.inProcess,
      getSession: (id) => store.getSession(id),
      updateSession: (record) => sessions.load(record),
    },
  };
}
