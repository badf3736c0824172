import type { ConsultantRates } from './config.js';
import type { ServiceType } from './session-record.js';

/** The price of one service, fixed into a session when it is requested. */
export interface ServiceRate {
  /** Paise per minute. */
  readonly ratePerMinute: number;
  /** Commission override in basis points; the engine's default applies when absent. */
  readonly commissionBps?: number;
}

/**
 * Where the engine reads consultants' prices: the host's consultant directory.
 * Return `null` when the consultant does not offer the service.
 */
export interface RateCard {
  /** The consultant's rate for a service type, or `null`. */
  rateFor(consultantId: string, service: ServiceType): ServiceRate | null | Promise<ServiceRate | null>;
}

/** A {@link RateCard} kept in process memory; the engine's default, seeded from `config.rates`. */
export class MemoryRateCard implements RateCard {
  readonly #cards = new Map<string, ConsultantRates>();

  constructor(initial: Readonly<Record<string, ConsultantRates>> = {}) {
    for (const [consultantId, rates] of Object.entries(initial)) this.set(consultantId, rates);
  }

  /** Replaces a consultant's rate card; sessions already requested keep the rate they started with. */
  set(consultantId: string, rates: ConsultantRates): void {
    this.#cards.set(consultantId, { ...rates });
  }

  rateFor(consultantId: string, service: ServiceType): ServiceRate | null {
    const card = this.#cards.get(consultantId);
    const ratePerMinute = card?.[service];
    if (ratePerMinute === undefined) return null;
    return card?.commissionBps === undefined ? { ratePerMinute } : { ratePerMinute, commissionBps: card.commissionBps };
  }
}

/** Creates an in-memory rate card. */
export function createRateCard(initial: Readonly<Record<string, ConsultantRates>> = {}): MemoryRateCard {
  return new MemoryRateCard(initial);
}
