import { ManualClock, type MetricsSink } from '@jyotishconnect/core';
import { createWallet, type Wallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { createMemoryBillingStore } from '../adapters/memory/store.js';
import type { BillingConfigInput, ConsultantRates } from '../config.js';
import { type BillingEngine, createBillingEngine } from '../engine.js';
import { createRateCard, type MemoryRateCard } from '../rate-card.js';
import type { BillingStore } from '../store.js';

/** Options of {@link createTestBilling}. */
export interface TestBillingOptions {
  /** Engine configuration; `takeoverScanMs` defaults to 0 here (one engine). */
  config?: BillingConfigInput;
  /** A billing store; defaults to a fresh memory store. */
  store?: BillingStore;
  /** A wallet; defaults to one over a fresh memory wallet store with system accounts open. */
  wallet?: Wallet;
  /** The clock; defaults to a new `ManualClock`. */
  clock?: ManualClock;
  /** A metrics sink the default wallet and the engine report to. */
  metrics?: MetricsSink;
}

/** A billing engine on a manual clock with memory stores, and helpers to set up accounts. */
export interface TestBilling {
  readonly clock: ManualClock;
  readonly wallet: Wallet;
  readonly store: BillingStore;
  readonly engine: BillingEngine;
  readonly rates: MemoryRateCard;
  /** Opens a user wallet holding `paise`. */
  addUser(id: string, paise?: number): Promise<void>;
  /** Opens a consultant wallet with a rate card (paise per minute by service type). */
  addConsultant(id: string, rates: ConsultantRates): Promise<void>;
  /** Moves the clock forward and waits until every tick that fell due has been processed. */
  advance(ms: number): Promise<void>;
}

let topUps = 0;

/**
 * Everything a test of billing needs: a `ManualClock`, a memory wallet with
 * system accounts, a memory billing store and an engine over them, so a
 * 30-minute consultation runs in milliseconds.
 *
 * @example
 * ```ts
 * const billing = await createTestBilling({ config: { commissionBps: 1_200 } });
 * await billing.addUser('user:asha', 100_000);
 * await billing.addConsultant('consultant:guru', { chat: 2_500 });
 * ```
 */
export async function createTestBilling(options: TestBillingOptions = {}): Promise<TestBilling> {
  const clock = options.clock ?? new ManualClock();
  const { metrics } = options;
  const wallet = options.wallet ?? createWallet({ store: createMemoryWalletStore(), clock, metrics });
  await wallet.openSystemAccounts();
  const store = options.store ?? createMemoryBillingStore();
  const rates = createRateCard();
  const config = { takeoverScanMs: 0, ...options.config };
  const engine = createBillingEngine({ wallet, store, clock, rates, config, metrics });
  return {
    clock,
    wallet,
    store,
    engine,
    rates,
    async addUser(id, paise = 0) {
      await wallet.openAccount({ id, type: 'user' });
      if (paise > 0) await wallet.topUp({ id: `test-topup:${id}:${++topUps}`, to: id, amount: paise });
    },
    async addConsultant(id, card) {
      await wallet.openAccount({ id, type: 'consultant' });
      rates.set(id, card);
    },
    async advance(ms) {
      await clock.advance(ms);
      await engine.idle();
    },
  };
}
