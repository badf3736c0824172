import { idProblem } from '@jyotishconnect/core';
import { invalidInput, notAParticipant } from './errors.js';
import type { Conversation, Participant, Role, Side } from './types.js';

/** Who is in a conversation; immutable once the conversation exists, so it is safe to cache. */
export interface Parties {
  readonly conversationId: string;
  readonly userId: string;
  readonly consultantId: string;
}

const ROLES: ReadonlySet<string> = new Set<Role>(['user', 'consultant', 'system', 'admin']);

/** Checks the caller's shape cheaply (the host built it from its own authentication). */
export function checkCaller(caller: Participant): Participant {
  const problem = idProblem(typeof caller === 'object' && caller !== null ? caller.id : undefined);
  if (problem !== null) throw invalidInput('caller.id', problem);
  if (!ROLES.has(caller.role)) throw invalidInput('caller.role', 'must be user, consultant, system or admin');
  return caller;
}

/** The side the caller writes on; only the conversation's user and consultant write. */
export function writerSide(caller: Participant, parties: Parties): Side {
  if (caller.role === 'user' && caller.id === parties.userId) return 'user';
  if (caller.role === 'consultant' && caller.id === parties.consultantId) return 'consultant';
  throw notAParticipant(caller.id, parties.conversationId);
}

/** Checks who may open a conversation: its own user or consultant, or the host (`system`). */
export function assertOpener(caller: Participant, userId: string, consultantId: string): void {
  const allowed =
    caller.role === 'system' ||
    (caller.role === 'user' && caller.id === userId) ||
    (caller.role === 'consultant' && caller.id === consultantId);
  if (!allowed) throw notAParticipant(caller.id, `${userId}/${consultantId}`);
}

/**
 * Checks read access: the two participants, plus the host itself (`system`)
 * and moderators (`admin`), who read but never write as a participant.
 */
export function assertReader(caller: Participant, parties: Parties): void {
  if (caller.role === 'system' || caller.role === 'admin') return;
  writerSide(caller, parties);
}

/** The parties of a stored conversation. */
export function partiesOf(conversation: Conversation): Parties {
  return { conversationId: conversation.id, userId: conversation.userId, consultantId: conversation.consultantId };
}

/**
 * A bounded cache of conversation parties. Parties never change once a
 * conversation exists, so entries never go stale, even across processes.
 */
export class PartiesCache {
  readonly #entries = new Map<string, Parties>();

  constructor(readonly capacity = 10_000) {}

  /** The cached parties of a conversation, if any. */
  get(conversationId: string): Parties | undefined {
    return this.#entries.get(conversationId);
  }

  /** Remembers parties, evicting the oldest entry when full. */
  set(parties: Parties): void {
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(parties.conversationId, parties);
  }
}
