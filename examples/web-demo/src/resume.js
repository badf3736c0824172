/** After a reload: the caller's open consultation, and where the wallet stands in it. */

import { api } from './api.js';
import { asList, asSession } from './session.js';

/** @typedef {import('./session.js').Session} Session */

const OPEN = new Set(['requested', 'active', 'paused']);

/**
 * The caller's consultation that has not ended (requested, active or paused), or null.
 * @returns {Promise<Session | null>}
 */
export async function findOpenConsultation() {
  const list = asList(await api.consultations()).map(asSession);
  return list.find((s) => OPEN.has(s.status)) ?? null;
}

/**
 * The balance, and the last interval of a session already taken from it. Both come from one
 * statement page (newest first), so they agree however the reads and the session's ticks interleave.
 * @param {string} sessionId
 * @returns {Promise<import('./meter.js').Opening>}
 */
export async function openingOf(sessionId) {
  const page = /** @type {{ entries?: Array<{ balanceAfter: number, metadata?: Record<string, unknown> }> }} */ (
    await api.statement(undefined, 50)
  );
  const entries = page?.entries ?? [];
  const lastCharge = entries.find((e) => e.metadata?.sessionId === sessionId);
  return {
    balance: entries[0]?.balanceAfter ?? 0,
    billedThrough: Number(lastCharge?.metadata?.interval ?? 0),
  };
}
