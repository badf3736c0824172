import { type SessionSummary, summarize } from './session.js';
import type { EndReason, ServiceType, SessionRecord, SessionStatus } from './session-record.js';

/** A session as the engine shows it to hosts and participants. */
export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly consultantId: string;
  /** The service it is conducted over now (a switch changes it). */
  readonly service: ServiceType;
  /** A service the consultant offered to switch to, until the user accepts; `null` when none. */
  readonly offeredService: ServiceType | null;
  /** `waitlist` when the slot was offered to a user waiting in a queue. */
  readonly source: 'direct' | 'waitlist';
  readonly status: SessionStatus;
  readonly endReason: EndReason | null;
  /** Paise per minute of `service`: fixed at request time, changed by a switch of service. */
  readonly ratePerMinute: number;
  /** Commission in basis points, fixed at request time. */
  readonly commissionBps: number;
  /** Free seconds funded by the promotions account. */
  readonly freeSeconds: number;
  readonly requestedAt: number;
  readonly requestExpiresAt: number;
  readonly acceptedAt: number | null;
  readonly pausedAt: number | null;
  readonly endedAt: number | null;
  /** What it has cost so far. */
  readonly summary: SessionSummary;
}

/** The public view of a stored session. */
export function toSession(record: SessionRecord): Session {
  return {
    id: record.id,
    userId: record.userId,
    consultantId: record.consultantId,
    service: record.service,
    offeredService: record.offeredService,
    source: record.source,
    status: record.status,
    endReason: record.endReason,
    ratePerMinute: record.ratePerMinute,
    commissionBps: record.commissionBps,
    freeSeconds: record.freeSeconds,
    requestedAt: record.requestedAt,
    requestExpiresAt: record.requestExpiresAt,
    acceptedAt: record.acceptedAt,
    pausedAt: record.pausedAt,
    endedAt: record.endedAt,
    summary: summarize(record),
  };
}

/** Payload of `session.tick`: one interval was charged. */
export interface TickEvent {
  readonly session: Session;
  /** The interval's index; its wallet transaction id is `<sessionId>:<interval>`. */
  readonly interval: number;
  /** Whole seconds of service the interval added. */
  readonly seconds: number;
  /** When the interval ended (epoch ms): its planned end, or the pause or end that cut it short. */
  readonly endedAt: number;
  /** Paise the user paid for it. */
  readonly userCharged: number;
  /** Paise the promotions account paid for it. */
  readonly promoCharged: number;
}

/** Payload of `session.checkpoint`: the record was written inside its open interval (`config.checkpointSeconds`). */
export interface CheckpointEvent {
  readonly session: Session;
  /** When the checkpoint fell due (epoch ms); the event fires once the write is stored. */
  readonly dueAt: number;
}

/** Payload of `session.lowBalance`. */
export interface LowBalanceEvent {
  readonly session: Session;
  /** Seconds of service the wallet still pays for, counting the interval in progress. */
  readonly secondsLeft: number;
}

/** Payload of `session.ended`. */
export interface EndedEvent {
  readonly session: Session;
  readonly summary: SessionSummary;
}

/** Payload of `session.serviceDeclined`. */
export interface ServiceDeclinedEvent {
  readonly session: Session;
  /** The service the user declined; the session keeps `session.service`. */
  readonly service: ServiceType;
}

/** Events of a billing engine; each fires once, from the engine that made the change. */
export interface BillingEvents {
  /** A user asked for a consultation, or took a slot a waitlist offered them: the consultant may accept. */
  'session.requested': (session: Session) => void;
  /** A consultant's slot is offered to the first user in line (status `offered`, until `requestExpiresAt`). */
  'waitlist.offered': (session: Session) => void;
  /** Someone joined or left a consultant's waitlist, or was offered a slot: positions and estimates moved. */
  'waitlist.changed': (event: { readonly consultantId: string }) => void;
  /** The consultant accepted; billing starts. */
  'session.accepted': (session: Session) => void;
  /** The first interval opened. */
  'session.started': (session: Session) => void;
  /** An interval was charged. */
  'session.tick': (event: TickEvent) => void;
  /** The record was written at a checkpoint inside the open interval: what a crash now forgives ends here. */
  'session.checkpoint': (event: CheckpointEvent) => void;
  /** The wallet now pays for less than `lowBalanceSeconds`; fires once per drop below it. */
  'session.lowBalance': (event: LowBalanceEvent) => void;
  /** A participant dropped; nothing is charged while paused. */
  'session.paused': (session: Session) => void;
  /** Billing resumed. */
  'session.resumed': (session: Session) => void;
  /** The consultant offered to switch the session to `session.offeredService`. */
  'session.serviceOffered': (session: Session) => void;
  /** The user declined the consultant's offer; nothing else changed. */
  'session.serviceDeclined': (event: ServiceDeclinedEvent) => void;
  /** The user accepted: the session is now `session.service`, billed at `session.ratePerMinute` from now on. */
  'session.serviceChanged': (session: Session) => void;
  /** The session ended (or a request was rejected, cancelled or expired). */
  'session.ended': (event: EndedEvent) => void;
  /** A background step failed (a store or wallet call); it is retried. */
  error: (error: unknown) => void;
}
