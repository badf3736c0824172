import { invalidTransition } from './errors.js';
import { secondsIn } from './proration.js';
import type { ServiceType, SessionRecord } from './session-record.js';

// Switching a consultation's service (a chat to a voice or video call) as pure
// functions of its record: the consultant offers, the user accepts. The offer
// is stored in the record, so any engine or host process can check an accept
// against it; the switch itself is priced by `tariff.ts`.

/** Statuses a session's service may be switched in: it has been accepted and has not ended. */
function expectRunning(session: SessionRecord, action: string): void {
  if (session.status !== 'active' && session.status !== 'paused') {
    throw invalidTransition(session.id, session.status, action);
  }
}

/**
 * The consultant offers to switch to `service`. Offering the service the
 * session already has changes nothing (nor does repeating an offer); a new
 * offer replaces an unanswered one.
 */
export function offerService(session: SessionRecord, service: ServiceType): SessionRecord {
  expectRunning(session, 'offer a service switch in');
  if (service === session.service || service === session.offeredService) return session;
  return { ...session, offeredService: service };
}

/**
 * The user declines the offer of `service`: the offer is withdrawn and the
 * session goes on as it is. Declining what is not (or no longer) offered
 * changes nothing, so a repeated decline or one that crossed an accept is harmless.
 */
export function declineService(session: SessionRecord, service: ServiceType): SessionRecord {
  expectRunning(session, 'decline a service switch in');
  return session.offeredService === service ? { ...session, offeredService: null } : session;
}

/**
 * The user accepted the offer of `service`: from the seconds served so far,
 * the session is billed at `ratePerMinute`. No interval may be open (the
 * caller closes it first, so the seconds before are billed at the old rate).
 */
export function switchService(session: SessionRecord, service: ServiceType, ratePerMinute: number): SessionRecord {
  expectRunning(session, 'switch the service of');
  if (session.offeredService !== service) throw invalidTransition(session.id, `not offered ${service}`, 'switch');
  if (session.intervalIndex !== 0) throw invalidTransition(session.id, 'mid-interval', 'switch the service of');
  const switched = { ...session, service, ratePerMinute, offeredService: null };
  // No interval was priced at the current rate (two switches while paused): it is replaced, and
  // the closing interval keeps the rate it was held and charged at.
  if (session.nextIndex === session.rateFromIndex) return switched;
  return {
    ...switched,
    rateFromSeconds: secondsIn(session.servedMs),
    rateFromIndex: session.nextIndex,
    previousRatePerMinute: session.ratePerMinute,
    previousRateFromSeconds: session.rateFromSeconds,
  };
}
