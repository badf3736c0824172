import type { Clock, MetricsSink } from '@jyotishconnect/core';
import type { Wallet } from '@jyotishconnect/wallet-store';
import type { PresenceSource } from './absence.js';
import type { BillingConfigInput } from './config.js';
import type { RoleOf } from './intake.js';
import type { PromotionOf } from './promotion.js';
import type { RateCard } from './rate-card.js';
import type { ServiceType } from './session-record.js';
import type { BillingStore } from './store.js';

/** Options of {@link createBillingEngine}. */
export interface BillingEngineOptions {
  /** The wallet sessions are charged from. */
  wallet: Wallet;
  /** Where sessions, leases and waitlists live: memory, PostgreSQL/PGlite or MongoDB adapter. */
  store: BillingStore;
  /** Source of time; defaults to the system clock. Tests pass a `ManualClock`. */
  clock?: Clock;
  /** Validated configuration; every field has a default. */
  config?: BillingConfigInput;
  /** Consultants' prices; defaults to an in-memory rate card seeded from `config.rates`. */
  rates?: RateCard;
  /** A consultant's promotion for a user (free seconds); the larger of it and the first-consultation seconds applies. */
  promotionOf?: PromotionOf;
  /** Roles from the host's directory; defaults to the wallet account's type (`user`, `consultant`). */
  roleOf?: RoleOf;
  /**
   * Who is connected (a transport's presence). With it, the engine checks both
   * sides whenever it writes an open session, so an absence nobody reported
   * (a restart, a crashed process) still pauses billing; without it, only
   * {@link BillingEngine.absent} and {@link BillingEngine.present} do.
   */
  presence?: PresenceSource;
  /** Receives ticks charged and failed, tick lateness, state changes and store call timings; nothing is measured without it. */
  metrics?: MetricsSink;
}

/** Input of {@link BillingEngine.request}. */
export interface RequestInput {
  /** The paying user's wallet account id. */
  userId: string;
  /** The consultant's wallet account id. */
  consultantId: string;
  service: ServiceType;
  /** Idempotency key: the same id returns the session already requested. */
  id?: string;
}

/** A consultant's load, for directories that show who is free. */
export interface ConsultantStatus {
  /** Requested, active or paused sessions. */
  readonly openSessions: number;
  /** `maxSessionsPerConsultant`. */
  readonly capacity: number;
  /** True while every slot is taken. */
  readonly busy: boolean;
  /** Users in the consultant's waitlist. */
  readonly waiting: number;
}
