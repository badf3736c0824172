import type { Clock } from '@jyotishconnect/core';
import { alreadyQueued } from './errors.js';
import type { ServiceType } from './session-record.js';
import type { BillingStore, InsertSessionOutcome, WaitlistEntry } from './store.js';
import { estimateWaitSeconds } from './wait-estimate.js';

/** Where a user stands in a consultant's queue. */
export interface QueuePosition {
  readonly entry: WaitlistEntry;
  /** 1 for the first in line. */
  readonly position: number;
  /** Users in the queue, this one included. */
  readonly length: number;
  /** A guess at the seconds until this user is offered a slot (see `estimateWaitSeconds`); never a promise. */
  readonly estimatedWaitSeconds: number;
}

/** What the waitlist's estimates assume. */
export interface WaitlistLimits {
  /** Open sessions a consultant may have at once. */
  readonly capacity: number;
  /** The average consultation length, in seconds. */
  readonly averageConsultationSeconds: number;
}

/** Input of `BillingEngine.joinWaitlist`: who waits for whom, for which service. */
export interface JoinInput {
  readonly userId: string;
  readonly consultantId: string;
  readonly service: ServiceType;
}

/**
 * Offers a freed slot to the first user in line: creates an offer for them
 * (session id `waitlist:<entry id>`, so two engines offering the same entry
 * create it once) and returns how the store answered, or `skip` when the
 * user no longer qualifies (no rate, no funds).
 */
export type OfferRequest = (entry: WaitlistEntry) => Promise<InsertSessionOutcome | 'skip'>;

/** Most offers made for one freed slot before giving up (users that no longer qualify are skipped). */
const MAX_OFFERS_PER_TURN = 32;

/**
 * Queues of users waiting for busy consultants: one entry per user at a
 * time, first come first served. When a slot frees, the next user in line is
 * offered it (a session in status `offered`, which holds the slot): they take
 * it (a request the consultant answers like any other) or pass, and an offer
 * nobody answers expires; either way the slot goes to the next in line.
 */
export class Waitlist {
  readonly #store: BillingStore;
  readonly #clock: Clock;
  readonly #offer: OfferRequest;
  readonly #limits: WaitlistLimits;
  readonly #changed: (consultantId: string) => void;

  constructor(
    store: BillingStore,
    clock: Clock,
    offer: OfferRequest,
    limits: WaitlistLimits,
    changed: (consultantId: string) => void,
  ) {
    this.#store = store;
    this.#clock = clock;
    this.#offer = offer;
    this.#limits = limits;
    this.#changed = changed;
  }

  /** Adds the user to the consultant's queue (the caller checked they may); `ALREADY_QUEUED` if they wait in another. */
  async join(input: JoinInput): Promise<WaitlistEntry> {
    const entry: WaitlistEntry = { id: globalThis.crypto.randomUUID(), ...input, joinedAt: this.#clock.now() };
    const outcome = await this.#store.enqueue(entry);
    if (outcome.status === 'created') {
      this.#changed(input.consultantId);
      return outcome.entry;
    }
    if (outcome.entry.consultantId === input.consultantId && outcome.entry.service === input.service) {
      return outcome.entry;
    }
    throw alreadyQueued(input.userId, outcome.entry.consultantId);
  }

  /** Removes the user from the queue they wait in; false if they wait nowhere. */
  async leave(userId: string): Promise<boolean> {
    const entry = await this.#store.queueEntryOf(userId);
    if (!entry || !(await this.#store.dequeue(entry.id))) return false;
    this.#changed(entry.consultantId);
    return true;
  }

  /** The user's place in line, or `null`. */
  async position(userId: string): Promise<QueuePosition | null> {
    const entry = await this.#store.queueEntryOf(userId);
    if (!entry) return null;
    // `null` when it was offered a slot a moment ago.
    return (await this.positions(entry.consultantId)).find((queued) => queued.entry.id === entry.id) ?? null;
  }

  /** Everyone waiting for a consultant, first in line first, with their estimated wait. */
  async positions(consultantId: string): Promise<QueuePosition[]> {
    const queue = await this.#store.queue(consultantId);
    if (queue.length === 0) return [];
    const open = await this.#store.openSessions({ consultantId });
    const { capacity, averageConsultationSeconds } = this.#limits;
    const now = this.#clock.now();
    return queue.map((entry, index) => ({
      entry,
      position: index + 1,
      length: queue.length,
      estimatedWaitSeconds: estimateWaitSeconds(open, index + 1, capacity, averageConsultationSeconds, now),
    }));
  }

  /** Users waiting for a consultant. */
  async length(consultantId: string): Promise<number> {
    return (await this.#store.queue(consultantId)).length;
  }

  /** Offers the consultant's free slots to the users first in line, until the consultant is busy again. */
  async offerNext(consultantId: string): Promise<void> {
    for (let offers = 0; offers < MAX_OFFERS_PER_TURN; offers++) {
      const [first] = await this.#store.queue(consultantId);
      if (!first) return;
      const outcome = await this.#offer(first);
      if (outcome === 'consultant_busy') return;
      // Offered (now or by another engine), or the user no longer qualifies: next in line.
      if (await this.#store.dequeue(first.id)) this.#changed(consultantId);
    }
  }
}
