import type { ManualClock } from '@jyotishconnect/core';
import { type BillingEngine, createBillingEngine } from '../../engine.js';
import type { MemoryRateCard } from '../../rate-card.js';
import { CrashableClock, crashable } from './crash.js';
import { type Histories, recordingStore } from './history.js';
import type { LedgerWatch } from './ledger.js';
import type { SimulatedPresence } from './presence.js';
import type { SimulationConfig, SimulationWorld } from './setup.js';

/** One engine of the run, as a process that can die or freeze with work in flight. */
export interface Process {
  readonly id: string;
  readonly engine: BillingEngine;
  alive: boolean;
  stalled: boolean;
  crash(): void;
  stall(): void;
  resume(): void;
}

/** What every process of a run shares, and where it reports what it sees. */
export interface ProcessContext {
  readonly world: SimulationWorld;
  readonly clock: ManualClock;
  readonly config: SimulationConfig;
  readonly rates: MemoryRateCard;
  readonly presence: SimulatedPresence;
  readonly ledger: LedgerWatch;
  readonly histories: Histories;
  /** Sessions not known to have ended, by id, with their last status: kept up to date from the engine's events. */
  readonly open: Map<string, string>;
  /** Errors a live process reported; a dead one's are expected. */
  readonly unexpected: unknown[];
}

/**
 * Starts an engine under `id` with its own clock, wallet and store
 * connections, each of which a crash cuts and a stall freezes; with
 * `restore`, it resumes the sessions it held before (or takes over lapsed ones).
 */
export async function startProcess(id: string, restore: boolean, context: ProcessContext): Promise<Process> {
  const { world, ledger, histories, open, unexpected } = context;
  const processClock = new CrashableClock(context.clock);
  const engineWallet = await world.walletForEngine();
  ledger.watch(engineWallet);
  const walletLink = crashable(engineWallet);
  const storeLink = crashable(recordingStore(await world.storeForEngine(), histories));
  const engine = createBillingEngine({
    wallet: walletLink.value,
    store: storeLink.value,
    clock: processClock,
    rates: context.rates,
    presence: context.presence,
    config: { ...context.config, engineId: id },
  });
  const process: Process = {
    id,
    engine,
    alive: true,
    stalled: false,
    crash() {
      process.alive = false;
      processClock.crash();
      walletLink.crash();
      storeLink.crash();
    },
    stall() {
      process.stalled = true;
      walletLink.stall();
      storeLink.stall();
    },
    resume() {
      process.stalled = false;
      walletLink.resume();
      storeLink.resume();
    },
  };
  engine.on('error', (error) => {
    if (process.alive) unexpected.push(error);
  });
  engine.on('session.requested', (session) => open.set(session.id, 'requested'));
  engine.on('waitlist.offered', (session) => open.set(session.id, 'offered'));
  for (const status of ['accepted', 'paused', 'resumed'] as const) {
    engine.on(`session.${status}`, (session) => open.set(session.id, session.status));
  }
  engine.on('session.ended', ({ session }) => open.delete(session.id));
  if (restore) await engine.restore();
  return process;
}
