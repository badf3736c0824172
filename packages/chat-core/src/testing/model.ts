import { ManualClock } from '@jyotishconnect/core';
import { propertyRuns } from '@jyotishconnect/core/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { type Chat, createChat } from '../chat.js';
import type { ChatStore } from '../store.js';
import type { Participant, Side } from '../types.js';

const EDIT_WINDOW = 60_000;
const TEXTS = ['hi', ' namaste ', 'kab?', '   ', 'ok 🙏'];
const EMOJI = ['👍', '🙏', null] as const;

type Who = 0 | 1 | 2; // user, consultant, stranger
/** `pick` chooses a message relative to the conversation's length, so most picks hit and some miss. */
type Command =
  | { op: 'send'; who: Who; conv: number; text: number; reply: number | null; reuse: number | null }
  | { op: 'edit'; who: Who; conv: number; pick: number; text: number }
  | { op: 'delete'; who: Who; conv: number; pick: number }
  | { op: 'react'; who: Who; conv: number; pick: number; emoji: number }
  | { op: 'read'; who: Who; conv: number; pick: number }
  | { op: 'tick'; ms: number };
type Change = Exclude<Command, { op: 'tick' }>;

/** A command's targets, resolved against the model before it runs. */
interface Resolved {
  /** Message addressed (edit, delete, react), read mark (read) or reply target (send). */
  readonly seq: number | null;
  readonly clientId: string;
}

interface ModelMessage {
  seq: number;
  clientId: string;
  authorId: string;
  text: string;
  original: string;
  replyTo: number | null;
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  reactions: { user: string | null; consultant: string | null };
}

interface ModelConversation {
  id: string;
  consultant: Participant;
  messages: ModelMessage[];
  read: { user: number; consultant: number };
}

const who = fc.constantFrom<Who>(0, 0, 1, 1, 2);
const conv = fc.nat(1);
const pick = fc.nat(1000);
const text = fc.nat(TEXTS.length - 1);
const mostlyNull = (nullWeight: number) =>
  fc.oneof({ weight: nullWeight, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(1000) });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('send' as const),
      who,
      conv,
      text,
      reply: mostlyNull(4),
      reuse: mostlyNull(3),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('edit' as const), who, conv, pick, text }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), who, conv, pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('react' as const), who, conv, pick, emoji: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('read' as const), who, conv, pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 40_000 }) }) },
);

/** Picks a message seq (one past the end now and then), a read mark, a reply target and a client id. */
function resolve(cmd: Change, c: ModelConversation, fresh: number): Resolved {
  const count = c.messages.length;
  const clientId = cmd.op === 'send' && cmd.reuse !== null ? `r${cmd.reuse % 5}` : `n${fresh}`;
  if (cmd.op === 'send') return { seq: cmd.reply === null ? null : (cmd.reply % (count + 1)) + 1, clientId };
  if (cmd.op === 'read') return { seq: cmd.pick % (count + 2), clientId };
  return { seq: (cmd.pick % (count + 1)) + 1, clientId };
}

let runCounter = 0;

/** The randomized reference-model test: part of the contract, so every adapter runs it. */
export function modelContract(fresh: () => Promise<ChatStore>, runs: number): void {
  it('random interleavings of send, edit, delete, react and read match a reference model', async () => {
    const store = await fresh();
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 60, size: 'max' }), async (commands) => {
        const tag = `${(runCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
        const clock = new ManualClock();
        const chat = createChat({ store, clock, editWindowMs: EDIT_WINDOW });
        const user: Participant = { id: `mu-${tag}`, role: 'user' };
        const stranger: Participant = { id: `ms-${tag}`, role: 'user' };
        const model: ModelConversation[] = [];
        for (const i of [0, 1]) {
          const consultant: Participant = { id: `mc${i}-${tag}`, role: 'consultant' };
          const { id } = await chat.openConversation(user, { userId: user.id, consultantId: consultant.id });
          model.push({ id, consultant, messages: [], read: { user: 0, consultant: 0 } });
        }
        let fresh = 0;
        for (const cmd of commands) {
          if (cmd.op === 'tick') {
            await clock.advance(cmd.ms);
            continue;
          }
          const c = model[cmd.conv] as ModelConversation;
          const actor = [user, c.consultant, stranger][cmd.who] as Participant;
          const target = resolve(cmd, c, fresh++);
          const expected = predict(cmd, target, c, actor, user, clock.now());
          const actual = await apply(chat, cmd, target, c, actor).then(
            () => 'ok',
            (error: { code?: string }) => error.code ?? String(error),
          );
          expect(actual, JSON.stringify(cmd)).toBe(expected);
        }
        await compare(chat, user, model);
      }),
      { numRuns: propertyRuns(runs) },
    );
  });
}

/** What the domain must answer, applying the change to the model when it succeeds. */
function predict(cmd: Change, at: Resolved, c: ModelConversation, actor: Participant, user: Participant, now: number) {
  const side: Side | null = actor === user ? 'user' : actor === c.consultant ? 'consultant' : null;
  const text = 'text' in cmd ? (TEXTS[cmd.text] as string).trim() : '';
  if ((cmd.op === 'send' || cmd.op === 'edit') && text === '') return 'INVALID_INPUT';
  if (side === null) return 'NOT_A_PARTICIPANT';
  if (cmd.op === 'read') {
    const seq = at.seq ?? 0;
    if (seq > c.messages.length) return 'INVALID_INPUT';
    c.read[side] = Math.max(c.read[side], seq);
    return 'ok';
  }
  if (cmd.op === 'send') {
    const replyTo = at.seq;
    if (replyTo !== null && replyTo > c.messages.length) return 'REPLY_NOT_FOUND';
    const clientId = at.clientId;
    const previous = c.messages.find((m) => m.clientId === clientId);
    if (previous) {
      const same = previous.authorId === actor.id && previous.original === text && previous.replyTo === replyTo;
      return same ? 'ok' : 'IDEMPOTENCY_CONFLICT';
    }
    c.messages.push({
      seq: c.messages.length + 1,
      clientId,
      authorId: actor.id,
      text,
      original: text,
      replyTo,
      createdAt: now,
      editedAt: null,
      deleted: false,
      reactions: { user: null, consultant: null },
    });
    return 'ok';
  }
  const target = c.messages[(at.seq ?? 0) - 1];
  if (!target) return 'MESSAGE_NOT_FOUND';
  if (cmd.op === 'react') {
    if (target.deleted) return 'MESSAGE_DELETED';
    target.reactions[side] = EMOJI[cmd.emoji] ?? null;
    return 'ok';
  }
  if (target.authorId !== actor.id) return 'NOT_THE_AUTHOR';
  if (target.deleted) return cmd.op === 'delete' ? 'ok' : 'MESSAGE_DELETED';
  if (now - target.createdAt > EDIT_WINDOW) return 'EDIT_WINDOW_CLOSED';
  if (cmd.op === 'edit') {
    target.text = text;
    target.editedAt = now;
  } else {
    target.deleted = true;
    target.text = '';
  }
  return 'ok';
}

async function apply(chat: Chat, cmd: Change, at: Resolved, c: ModelConversation, actor: Participant) {
  const conversationId = c.id;
  const seq = at.seq ?? 0;
  switch (cmd.op) {
    case 'send': {
      const input = { conversationId, clientMessageId: at.clientId, text: TEXTS[cmd.text] as string };
      return await chat.send(actor, at.seq === null ? input : { ...input, replyTo: at.seq });
    }
    case 'edit':
      return await chat.edit(actor, { conversationId, seq, text: TEXTS[cmd.text] as string });
    case 'delete':
      return await chat.deleteMessage(actor, { conversationId, seq });
    case 'react':
      return await chat.react(actor, { conversationId, seq, emoji: EMOJI[cmd.emoji] ?? null });
    case 'read':
      return await chat.markRead(actor, { conversationId, seq });
  }
}

/** Compares history (read forwards in small pages, as a resuming client does) and unread counts with the model. */
async function compare(chat: Chat, user: Participant, model: ModelConversation[]): Promise<void> {
  for (const c of model) {
    const stored = [];
    let after = 0;
    for (;;) {
      const page = await chat.history(user, c.id, { after, limit: 7 });
      stored.push(...page.messages);
      after = page.messages.at(-1)?.seq ?? after;
      if (!page.hasMore) break;
    }
    expect(
      stored.map((m) => ({
        seq: m.seq,
        authorId: m.authorId,
        text: m.text,
        replyTo: m.replyTo,
        createdAt: m.createdAt,
        editedAt: m.editedAt,
        deleted: m.deletedAt !== null,
        reactions: m.reactions,
      })),
    ).toEqual(c.messages.map(({ clientId: _c, original: _o, ...rest }) => rest));
    const unread = (side: Side, id: string) =>
      c.messages.filter((m) => m.seq > c.read[side] && m.authorId !== id && !m.deleted).length;
    const theirs = await chat.listConversations(c.consultant);
    expect(theirs.items.map((item) => [item.unread, item.conversation.readSeq])).toEqual([
      [unread('consultant', c.consultant.id), c.read],
    ]);
    expect(theirs.items[0]?.lastMessage?.seq ?? 0).toBe(c.messages.length);
  }
  const mine = await chat.listConversations(user);
  const byId = new Map(mine.items.map((item) => [item.conversation.id, item.unread]));
  for (const c of model) {
    const expected = c.messages.filter((m) => m.seq > c.read.user && m.authorId !== user.id && !m.deleted).length;
    expect(byId.get(c.id)).toBe(expected);
  }
}
