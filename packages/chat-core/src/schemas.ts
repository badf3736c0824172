import { idProblem } from '@jyotishconnect/core';
import { z } from 'zod';
import { invalidInput } from './errors.js';

// The schemas at the boundary. Each public call parses its input exactly once;
// nothing downstream re-validates, so the send path costs one parse.

// PostgreSQL text cannot hold U+0000; refusing it everywhere keeps every adapter's behaviour the same.
const noNul = (value: string) => !value.includes('\u0000');
const NUL_MESSAGE = 'must not contain U+0000';
const text = (max: number) => z.string().refine(noNul, NUL_MESSAGE).trim().max(max);

/** A caller-chosen id, by the one rule every package shares (`idProblem` in core). */
export const idSchema = z.string().superRefine((value, ctx) => {
  const problem = idProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
/** A message sequence number. */
export const seqSchema = z.int().positive();
const flatValue = z.union([text(500), z.number(), z.boolean(), z.null()]);

/** Input of opening (or finding) the conversation of a user and a consultant. */
export const openConversationSchema = z
  .object({ userId: idSchema, consultantId: idSchema, sessionId: idSchema.optional() })
  .refine((input) => input.userId !== input.consultantId, {
    path: ['consultantId'],
    message: 'must differ from userId',
  });

/** Input of posting a session event as a system message. */
export const systemMessageSchema = z.object({
  conversationId: idSchema,
  clientMessageId: idSchema,
  type: z.enum(['session.requested', 'session.started', 'session.lowBalance', 'session.ended']),
  sessionId: idSchema,
  data: z
    .record(z.string().min(1).max(64).refine(noNul, NUL_MESSAGE), flatValue)
    .refine((data) => Object.keys(data).length <= 16, 'may have at most 16 keys')
    .default({}),
});

/** Input of a page of the caller's conversation list. */
export const listSchema = z.object({
  limit: z.int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^\d{1,16}:.{1,200}$/s, 'is not a cursor')
    .refine(noNul, 'is not a cursor')
    .optional(),
});

/** Input of a history page: the newest page, or `before` / `after` a sequence. */
export const historySchema = z
  .object({
    before: seqSchema.optional(),
    after: z.int().min(0).optional(),
    limit: z.int().min(1).max(200).default(50),
  })
  .refine((input) => input.before === undefined || input.after === undefined, {
    path: ['after'],
    message: 'cannot be combined with before',
  });

/** Input addressing one message. */
export const messageRefSchema = z.object({ conversationId: idSchema, seq: seqSchema });

/** Input of a reaction; `null` removes the caller's reaction. */
export const reactSchema = messageRefSchema.extend({
  emoji: z
    .string()
    .max(32)
    .regex(/^(?=.*[\p{Extended_Pictographic}\p{Regional_Indicator}])[^\s\p{Cc}]+$/u, 'must be an emoji')
    .nullable(),
});

/** Input of a read receipt: everything up to `seq` was read. */
export const markReadSchema = z.object({ conversationId: idSchema, seq: z.int().min(0) });

/** Limits of {@link createChatSchemas}. */
export interface SchemaLimits {
  /** Longest text in characters (code points). */
  maxLength: number;
  /** Largest attachment in bytes. */
  maxAttachmentBytes: number;
  /** Current epoch milliseconds, for "not in the future" checks. */
  now: () => number;
}

/** Builds the schemas whose limits come from the chat's configuration. */
export function createChatSchemas(limits: SchemaLimits) {
  const body = z
    .string()
    .refine(noNul, NUL_MESSAGE)
    .trim()
    .refine((value) => value.length <= limits.maxLength || codePoints(value) <= limits.maxLength, {
      message: `must be at most ${limits.maxLength} characters`,
    });
  const attachment = z.object({
    url: z.url({ protocol: /^https$/, hostname: z.regexes.domain }).max(2048),
    type: z
      .string()
      .max(100)
      .regex(/^[a-z]+\/[a-z0-9][a-z0-9.+-]*$/i, 'must be a MIME type such as image/jpeg'),
    size: z.int().positive().max(limits.maxAttachmentBytes),
    name: text(255).min(1).optional(),
  });
  const send = z
    .object({
      conversationId: idSchema,
      clientMessageId: idSchema,
      text: body.default(''),
      replyTo: seqSchema.optional(),
      attachment: attachment.optional(),
    })
    .refine((input) => input.text.length > 0 || input.attachment !== undefined, {
      path: ['text'],
      message: 'must not be empty',
    });
  // An edit always leaves text: to empty a message, delete it.
  const edit = messageRefSchema.extend({ text: body.refine((value) => value.length > 0, 'must not be empty') });
  const birthDetails = z.object({
    name: text(100).min(1),
    dateOfBirth: z.iso
      .date()
      .refine((date) => date >= '1900-01-01', 'must be on or after 1900-01-01')
      .refine((date) => date <= new Date(limits.now()).toISOString().slice(0, 10), 'must not be in the future'),
    timeOfBirth: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
      .nullable()
      .default(null),
    placeOfBirth: text(200).min(1),
    question: text(1000).default(''),
  });
  return { send, edit, attachment, birthDetails };
}

/** The schemas of one chat instance. */
export type ChatSchemas = ReturnType<typeof createChatSchemas>;

/** Parses `input` or throws `INVALID_INPUT` naming the first bad field (`name` for a bare value). */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, name = 'input'): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : name;
  throw invalidInput(field, issue?.message ?? 'is invalid');
}

function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}
