import type { BillingEngine } from '@jyotishconnect/billing-engine';
import type { ConversationGate } from '@jyotishconnect/chat-core';
import type { SessionIndex } from './host-store/index.js';

/** Past sessions looked at to decide whether a pair has ever had a consultation. */
const HISTORY_WINDOW = 500;

/**
 * Chat only within a consultation, or it would be free: a user and a
 * consultant have a conversation only once a consultation between them was
 * requested, and write to it only while one is requested (the user's opening
 * words) or running. Paused or ended, its history stays readable.
 */
export function consultationGate(billing: BillingEngine, sessions: SessionIndex): ConversationGate {
  return {
    async mayOpen({ userId, consultantId }) {
      if ((await billing.openSessionOf(userId))?.consultantId === consultantId) return true;
      return (await sessions.list(userId, HISTORY_WINDOW)).some((session) => session.consultantId === consultantId);
    },
    async mayWrite(caller, parties) {
      const open = await billing.openSessionOf(parties.userId);
      if (open?.consultantId !== parties.consultantId) return false;
      return open.status === 'active' || (open.status === 'requested' && caller.role === 'user');
    },
  };
}
