/**
 * The load every billing measurement shares: funded users, consultants with a
 * chat rate, consultations started at a steady pace, and the lateness of the
 * ticks that fell due in a window.
 */
import { loadavg } from 'node:os';
import {
  type BillingEngine,
  type BillingStore,
  createBillingEngine,
  type RateCard,
} from '@jyotishconnect/billing-engine';
import type { Clock } from '@jyotishconnect/core';
import { createWallet, type Wallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { envNumber, inParallel } from './common.js';

/** Paise a minute of chat. */
export const RATE = 2_500;
/** The platform's commission on it. */
export const COMMISSION_BPS = 1_200;
/** The billing interval every measurement runs: BENCH_INTERVAL_SECONDS (15). */
export const INTERVAL_MS = envNumber('BENCH_INTERVAL_SECONDS', 15) * 1_000;
/** The engines' checkpoints inside an interval: BENCH_CHECKPOINT_SECONDS (0, none). */
export const CHECKPOINT_MS = envNumber('BENCH_CHECKPOINT_SECONDS', 0, { zero: true }) * 1_000;
/** Sessions per consultant (BENCH_PER_CONSULTANT, 100), except in the hot-row case where one consultant takes them all. */
export const PER_CONSULTANT = envNumber('BENCH_PER_CONSULTANT', 100);
const FUNDS = 10_000_000;

/** Lateness samples (ms) of ticks whose interval ended inside a window. */
export class Lateness {
  readonly #samples: number[] = [];
  constructor(
    readonly from: number,
    readonly to: number,
  ) {}

  record(dueAt: number, doneAt: number): void {
    if (dueAt >= this.from && dueAt < this.to) this.#samples.push(doneAt - dueAt);
  }

  get count(): number {
    return this.#samples.length;
  }

  /**
   * Counts the ticks due in the window that were not charged by `now` (of `expected`) as late by
   * at least `now − to`: a backlog then shows in the percentiles instead of leaving them empty.
   */
  addMissing(expected: number, now: number): number {
    const missing = Math.max(0, expected - this.#samples.length);
    for (let i = 0; i < missing; i++) this.#samples.push(now - this.to);
    return missing;
  }

  /** The samples, to merge with another process's. */
  samples(): number[] {
    return [...this.#samples];
  }

  /** Adds samples measured elsewhere. */
  merge(samples: readonly number[]): void {
    for (const sample of samples) this.#samples.push(sample);
  }

  percentile(p: number): number {
    if (this.#samples.length === 0) return Number.NaN;
    const sorted = Float64Array.from(this.#samples).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
  }
}

/** Who pays whom: user `i` consults `consultantOf(i)`. */
export interface Layout {
  readonly prefix: string;
  /** One consultant for every session (the hot-row case), else one per {@link PER_CONSULTANT}. */
  readonly hot: boolean;
}

/** The user of session `i`. */
export function userOf(layout: Layout, i: number): string {
  return `${layout.prefix}user:${i}`;
}

/** The consultant of session `i`. */
export function consultantOf(layout: Layout, i: number): string {
  return `${layout.prefix}consultant:${layout.hot ? 'hot' : Math.floor(i / PER_CONSULTANT)}`;
}

/** A memory wallet with the system accounts and every account of sessions `0..count-1`, funded. */
export async function fundedMemoryWallet(layout: Layout, count: number): Promise<Wallet> {
  const wallet = createWallet({ store: createMemoryWalletStore() });
  await wallet.openSystemAccounts();
  await openAccounts(wallet, layout, 0, count);
  return wallet;
}

/** Opens the accounts of sessions `from..to-1`: funded users, and their consultants once. */
export async function openAccounts(wallet: Wallet, layout: Layout, from: number, to: number, concurrency = 1) {
  const consultants = new Set<string>();
  for (let i = from; i < to; i++) consultants.add(consultantOf(layout, i));
  const opened = await Promise.all([...consultants].map((id) => wallet.getAccount(id)));
  const missing = [...consultants].filter((_, k) => opened[k] === null);
  await inParallel(missing, concurrency, (id) => wallet.openAccount({ id, type: 'consultant' }).then(() => {}));
  const users = Array.from({ length: to - from }, (_, k) => from + k);
  await inParallel(users, concurrency, async (i) => {
    const id = userOf(layout, i);
    await wallet.openAccount({ id, type: 'user' });
    await wallet.topUp({ id: `fund:${id}`, to: id, amount: FUNDS });
  });
}

/** An engine billing chat at {@link RATE} for every consultant of `layout`, as the bench configures it. */
export function engineFor(
  wallet: Wallet,
  store: BillingStore,
  layout: Layout,
  options: {
    /** Ticks run at once (`maxConcurrentTicks`); unset: the engine's default. */
    concurrency?: number;
    engineId?: string;
    /** Group commit's bounds (each unset: the engine's default); `false` or absent: off. */
    groupCommit?: { maxBatch?: number; maxDelayMs?: number; maxInFlight?: number } | false;
    /** The system clock unless given: a `ManualClock` bills intervals as fast as storage goes. */
    clock?: Clock;
  },
): BillingEngine {
  // Every consultant of the bench charges the one chat rate: answered, never listed.
  const rates: RateCard = {
    rateFor: (_consultantId, service) => (service === 'chat' ? { ratePerMinute: RATE } : null),
  };
  return createBillingEngine({
    wallet,
    store,
    rates,
    ...(options.clock ? { clock: options.clock } : {}),
    config: {
      ...(options.engineId ? { engineId: options.engineId } : {}),
      intervalSeconds: INTERVAL_MS / 1_000,
      ...(CHECKPOINT_MS > 0 ? { checkpointSeconds: CHECKPOINT_MS / 1_000 } : {}),
      commissionBps: COMMISSION_BPS,
      maxSessionsPerConsultant: layout.hot ? 10_000_000 : PER_CONSULTANT,
      takeoverScanMs: 0,
      ...(options.concurrency ? { maxConcurrentTicks: options.concurrency } : {}),
      groupCommit: options.groupCommit ?? false,
    },
  });
}

/** Starts sessions `from..to-1` (request + accept) spread evenly over `spreadMs`; returns their ids. */
export async function startSessions(
  engine: BillingEngine,
  layout: Layout,
  from: number,
  to: number,
  spreadMs: number,
): Promise<string[]> {
  const ids: string[] = [];
  const began = Date.now();
  let next = from;
  const inFlight = new Set<Promise<void>>();
  while (next < to) {
    const due = from + Math.min(to - from, Math.floor(((Date.now() - began) / spreadMs) * (to - from)) + 1);
    while (next < due && inFlight.size < 512) {
      const i = next++;
      const start = (async () => {
        const consultantId = consultantOf(layout, i);
        const session = await engine.request({ userId: userOf(layout, i), consultantId, service: 'chat' });
        await engine.accept(session.id, consultantId);
        ids.push(session.id);
      })();
      inFlight.add(start);
      void start.finally(() => inFlight.delete(start));
    }
    await sleep(next < due ? 0 : 5);
  }
  await Promise.all(inFlight);
  return ids;
}

/** Resolves after `ms` (at once for a negative delay). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** The machine's load average over 1, 5 and 15 minutes, printed beside each figure. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** One decimal. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
