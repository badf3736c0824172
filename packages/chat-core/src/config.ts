import type { Clock } from '@jyotishconnect/core';
import { z } from 'zod';
import type { ConversationGate } from './gate.js';
import type { MessagePolicy } from './policy.js';
import { parseInput } from './schemas.js';
import type { ChatStore } from './store.js';

/** Options of {@link createChat}. */
export interface ChatOptions {
  /** Where conversations live: the memory, PostgreSQL/PGlite or MongoDB adapter. */
  store: ChatStore;
  /** Source of time for timestamps and the edit window; defaults to the system clock. */
  clock?: Clock;
  /** The host's hook that rejects or redacts a text before it is stored; none by default. */
  policy?: MessagePolicy;
  /** The host's rule on who may open and write conversations (say, only within a consultation); none by default. */
  gate?: ConversationGate;
  /** Longest message text in characters; default 4,000. */
  maxLength?: number;
  /** How long after sending its author may edit or delete a message; default 15 minutes. */
  editWindowMs?: number;
  /** Largest attachment the host may reference, in bytes; default 25 MiB. */
  maxAttachmentBytes?: number;
  /** Generates conversation ids; defaults to `crypto.randomUUID()`. */
  newId?: () => string;
}

const configSchema = z.object({
  maxLength: z.int().min(1).max(100_000).default(4_000),
  editWindowMs: z
    .int()
    .min(0)
    .default(15 * 60_000),
  maxAttachmentBytes: z
    .int()
    .min(1)
    .default(25 * 1024 * 1024),
  newId: z
    .custom<() => string>((value) => typeof value === 'function', 'must be a function')
    .default(() => () => globalThis.crypto.randomUUID()),
});

/** The validated numeric configuration of a chat. */
export type ChatConfig = z.output<typeof configSchema>;

/** Validates the options of {@link createChat}; errors name the field. */
export function parseConfig(options: ChatOptions): ChatConfig {
  return parseInput(configSchema, {
    maxLength: options.maxLength,
    editWindowMs: options.editWindowMs,
    maxAttachmentBytes: options.maxAttachmentBytes,
    newId: options.newId,
  });
}
