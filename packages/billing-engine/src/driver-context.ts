import type { Clock, MetricsSink } from '@jyotishconnect/core';
import type { Account, Wallet } from '@jyotishconnect/wallet-store';
import type { EventEmitter } from 'eventemitter3';
import type { PresenceSource } from './absence.js';
import type { BillingConfig } from './config.js';
import type { BillingEvents } from './events.js';
import type { Scheduled, TickScheduler } from './scheduler.js';
import type { SessionDraft } from './session-draft.js';
import type { SessionRecord } from './session-record.js';
import type { BillingStore } from './store.js';

// What the driver and the step builders (`steps.ts`, `recovery.ts`) agree on.
// Apart from `driver.ts`, so the builders the driver runs need not import it back.

/** The next record a transition writes, with what its side effects need to know. */
export type Step = RecordStep | DraftStep;

/** A step whose next record may be shared: the driver stamps a copy of it. */
export interface RecordStep {
  readonly next: SessionRecord;
  /** Seconds the wallet pays for, when the step planned an interval. */
  readonly secondsLeft?: number;
  /** When the step writes a checkpoint inside the open interval: the instant it fell due (epoch ms). */
  readonly checkpoint?: number;
  readonly draft?: undefined;
}

/** A step whose next record is a draft it built (`session-draft.ts`): the driver stamps it in place. */
export interface DraftStep {
  readonly next: SessionDraft;
  /** Seconds the wallet pays for, when the step planned an interval. */
  readonly secondsLeft?: number;
  readonly checkpoint?: undefined;
  readonly draft: true;
}

/** How a transition treats the session's lease, its pending closing interval and presence. */
export interface TransitionOptions {
  /** Background work: give up (and stop driving) when another engine holds the lease. */
  readonly driving?: boolean;
  /** Skip applying the pending closing first (only the write-off of an unpaid closing does). */
  readonly keepClosing?: boolean;
  /**
   * A presence report the step applies: the source is not asked about this
   * participant, and their absence since `awaySince` (when known) is marked
   * before any deadline is applied.
   */
  readonly report?: { readonly participantId: string; readonly awaySince: number | undefined };
  /** The step recovers a session whose engine stopped: its open interval is not billed, even up to an absence. */
  readonly recovery?: boolean;
}

/** The wallet calls the driver makes: the wallet itself, or their group commit (`group-commit.ts`). */
export type DriverWallet = Pick<Wallet, 'getAccount' | 'placeHold' | 'captureHold' | 'voidHold' | 'splitCharge'>;

/** The store calls the driver makes: the store itself, or their group commit (`group-commit.ts`). */
export type DriverStore = Pick<BillingStore, 'getSession' | 'inProcess' | 'updateSession'>;

/** What the driver needs from the engine. */
export interface DriverContext {
  readonly wallet: DriverWallet;
  readonly store: DriverStore;
  readonly clock: Clock;
  readonly config: BillingConfig;
  readonly events: EventEmitter<BillingEvents>;
  readonly scheduler: Pick<TickScheduler<Scheduled>, 'schedule' | 'cancel'>;
  /** True when the payer still has role `user` and the payee role `consultant` (at once unless roles are looked up). */
  readonly rolesHold: (session: SessionRecord, payer: Account | null) => boolean | Promise<boolean>;
  /** Called when a consultant's slot frees, to offer it to the next user in line. */
  readonly slotFreed: (consultantId: string) => void;
  /** Who is connected; without it, only `present`/`absent` calls tell the engine. */
  readonly presence?: PresenceSource;
  /** Where ticks, their lateness and state changes are reported; nothing is without it. */
  readonly metrics?: MetricsSink;
}
