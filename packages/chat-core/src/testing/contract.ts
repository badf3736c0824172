import { afterEach, describe, expect, it } from 'vitest';
import type { SystemMessageInput } from '../inputs.js';
import { contactInfoPolicy } from '../policy.js';
import type { ChatStore } from '../store.js';
import { conversationContract } from './conversation-cases.js';
import { createFixture, expectRejected, sendMany } from './fixtures.js';
import { modelContract } from './model.js';

/** What a contract factory returns: an empty store, and how to release it after the test. */
export interface ChatStoreFixture {
  store: ChatStore;
  /** Drops what the store used (a schema, a database); called after each test. */
  close?: () => Promise<void>;
}

/** Makes an empty store for one test. */
export type MakeChatStore = () => Promise<ChatStoreFixture>;

/** Options of {@link chatStoreContract}. */
export interface ChatStoreContractOptions {
  /** Runs of the randomized reference-model test; default 60 (lower it for slow stores), times `PROPERTY_SCALE`. */
  modelRuns?: number;
  /** Messages sent at once in the concurrency test; default 200. */
  concurrentSends?: number;
}

/**
 * Registers the chat store contract: the behaviour every adapter must show
 * through the domain, as vitest `describe`/`it` blocks named as sentences.
 * `makeStore` is called for each test, so each test gets an empty store.
 *
 * @example
 * ```ts
 * chatStoreContract('memory', async () => ({ store: createMemoryChatStore() }));
 * ```
 */
export function chatStoreContract(
  name: string,
  makeStore: MakeChatStore,
  options: ChatStoreContractOptions = {},
): void {
  const open: ChatStoreFixture[] = [];
  const fresh = async () => {
    const fixture = await makeStore();
    open.push(fixture);
    return fixture.store;
  };
  const concurrent = options.concurrentSends ?? 200;

  describe(`${name} chat store`, () => {
    afterEach(async () => {
      for (const fixture of open.splice(0)) await fixture.close?.();
    });

    conversationContract(fresh);

    describe('sending', () => {
      it('sequence numbers start at 1 and increase by one per message', async () => {
        const fixture = await createFixture(await fresh());
        const sent = await sendMany(fixture, 5);
        expect(sent.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
        expect((await fixture.chat.getConversation(fixture.user, fixture.conversation.id)).lastSeq).toBe(5);
      });

      it('concurrent senders on one conversation produce a gap-free sequence', async () => {
        const store = await fresh();
        const fixture = await createFixture(store);
        const second = await createFixture(store); // another chat instance, as another process would be
        const sends = Array.from({ length: concurrent }, (_, i) => {
          const chat = i % 2 === 0 ? fixture.chat : second.chat;
          const author = i % 4 < 2 ? fixture.user : fixture.consultant;
          return chat.send(author, { conversationId: fixture.conversation.id, clientMessageId: `c${i}`, text: `${i}` });
        });
        const seqs = (await Promise.all(sends)).map((m) => m.seq).sort((a, b) => a - b);
        expect(seqs).toEqual(Array.from({ length: concurrent }, (_, i) => i + 1));
        const page = await fixture.chat.history(fixture.user, fixture.conversation.id, { after: 0, limit: 200 });
        expect(page.messages.map((m) => m.seq)).toEqual(seqs.slice(0, 200));
      });

      it('a retried send returns the stored message and stores nothing new', async () => {
        const fixture = await createFixture(await fresh());
        const input = { conversationId: fixture.conversation.id, clientMessageId: 'once', text: 'Namaste' };
        const first = await fixture.chat.send(fixture.user, input);
        const created: number[] = [];
        fixture.chat.on('message.created', (message) => created.push(message.seq));
        const again = await fixture.chat.send(fixture.user, { ...input, text: '  Namaste ' });
        expect(again).toEqual(first);
        expect(created).toEqual([]);
        expect((await fixture.chat.getConversation(fixture.user, fixture.conversation.id)).lastSeq).toBe(1);
      });

      it('concurrent retries of one send store it once', async () => {
        const store = await fresh();
        const fixture = await createFixture(store);
        const input = { conversationId: fixture.conversation.id, clientMessageId: 'dup', text: 'hello' };
        const results = await Promise.all(Array.from({ length: 20 }, () => fixture.chat.send(fixture.user, input)));
        expect(new Set(results.map((m) => m.seq))).toEqual(new Set([1]));
        const next = await fixture.chat.send(fixture.consultant, { ...input, clientMessageId: 'next' });
        expect(next.seq).toBe(2);
      });

      it('a client message id reused with a different message is an idempotency conflict', async () => {
        const fixture = await createFixture(await fresh());
        const input = { conversationId: fixture.conversation.id, clientMessageId: 'k', text: 'first' };
        await fixture.chat.send(fixture.user, input);
        await expectRejected(
          fixture,
          () => fixture.chat.send(fixture.user, { ...input, text: 'second' }),
          'IDEMPOTENCY_CONFLICT',
        );
        await expectRejected(fixture, () => fixture.chat.send(fixture.consultant, input), 'IDEMPOTENCY_CONFLICT');
      });

      it('a reply must point to a message of the same conversation', async () => {
        const store = await fresh();
        const fixture = await createFixture(store);
        const [first] = await sendMany(fixture, 1);
        const reply = await fixture.chat.send(fixture.consultant, {
          conversationId: fixture.conversation.id,
          clientMessageId: 'r',
          text: 'reply',
          replyTo: first?.seq,
        });
        expect(reply.replyTo).toBe(1);
        const other = await createFixture(store);
        await sendMany(other, 3);
        const bad = { conversationId: fixture.conversation.id, clientMessageId: 'x', text: 'reply', replyTo: 3 };
        await expectRejected(fixture, () => fixture.chat.send(fixture.user, bad), 'REPLY_NOT_FOUND');
        await expectRejected(
          fixture,
          () => fixture.chat.send(fixture.user, { ...bad, replyTo: 0 }),
          'INVALID_INPUT',
          'replyTo',
        );
      });

      it('text is trimmed, must not be empty and is limited to the configured length', async () => {
        const fixture = await createFixture(await fresh(), { maxLength: 10 });
        const conversationId = fixture.conversation.id;
        const sent = await fixture.chat.send(fixture.user, {
          conversationId,
          clientMessageId: 'a',
          text: '  hi there \n',
        });
        expect(sent.text).toBe('hi there');
        const emoji = await fixture.chat.send(fixture.user, {
          conversationId,
          clientMessageId: 'b',
          text: '🙏'.repeat(10),
        });
        expect(emoji.text).toBe('🙏'.repeat(10));
        const send = (text: string) => () =>
          fixture.chat.send(fixture.user, { conversationId, clientMessageId: 'c', text });
        await expectRejected(fixture, send('   \n '), 'INVALID_INPUT', 'text');
        await expectRejected(fixture, send('12345678901'), 'INVALID_INPUT', 'text');
        await expectRejected(fixture, send('a\u0000b'), 'INVALID_INPUT', 'text');
      });

      it('an attachment reference is validated and stored without bytes', async () => {
        const fixture = await createFixture(await fresh(), { maxAttachmentBytes: 1000 });
        const conversationId = fixture.conversation.id;
        const attachment = {
          url: 'https://cdn.example.com/kundli.png',
          type: 'image/png',
          size: 900,
          name: 'kundli.png',
        };
        const sent = await fixture.chat.send(fixture.user, { conversationId, clientMessageId: 'a', attachment });
        expect(sent.attachment).toEqual(attachment);
        expect(sent.text).toBe('');
        const send = (value: object) => () =>
          fixture.chat.send(fixture.user, {
            conversationId,
            clientMessageId: 'b',
            attachment: { ...attachment, ...value },
          });
        await expectRejected(fixture, send({ url: 'http://cdn.example.com/a.png' }), 'INVALID_INPUT', 'attachment.url');
        await expectRejected(fixture, send({ url: 'javascript:alert(1)' }), 'INVALID_INPUT', 'attachment.url');
        await expectRejected(fixture, send({ size: 1001 }), 'INVALID_INPUT', 'attachment.size');
        await expectRejected(fixture, send({ size: 1.5 }), 'INVALID_INPUT', 'attachment.size');
        await expectRejected(fixture, send({ type: 'png' }), 'INVALID_INPUT', 'attachment.type');
      });

      it('system messages are posted by the host only', async () => {
        const fixture = await createFixture(await fresh());
        const input: SystemMessageInput = {
          conversationId: fixture.conversation.id,
          clientMessageId: 'session-1:started',
          type: 'session.started',
          sessionId: 'session-1',
          data: { ratePerMinute: 2000 },
        };
        const posted = await fixture.chat.postSystemMessage(fixture.host, input);
        expect(posted).toMatchObject({
          kind: 'system',
          seq: 1,
          event: { type: 'session.started', sessionId: 'session-1' },
        });
        expect(await fixture.chat.postSystemMessage(fixture.host, input)).toEqual(posted);
        await expectRejected(fixture, () => fixture.chat.postSystemMessage(fixture.user, input), 'NOT_A_PARTICIPANT');
        const bad = { ...input, clientMessageId: 'x', type: 'session.paid' as SystemMessageInput['type'] };
        await expectRejected(fixture, () => fixture.chat.postSystemMessage(fixture.host, bad), 'INVALID_INPUT', 'type');
      });

      it('a rejecting policy stores nothing and a redacting policy stores the redacted text', async () => {
        const store = await fresh();
        const rejecting = await createFixture(store, { policy: contactInfoPolicy() });
        const conversationId = rejecting.conversation.id;
        const text = 'call me on nine eight seven six five 43210';
        await expectRejected(
          rejecting,
          () => rejecting.chat.send(rejecting.user, { conversationId, clientMessageId: 'p', text }),
          'POLICY_REJECTED',
        );
        const redacting = await createFixture(store, { policy: contactInfoPolicy({ action: 'redact' }) });
        const sent = await redacting.chat.send(redacting.user, {
          conversationId: redacting.conversation.id,
          clientMessageId: 'p',
          text: 'mail ravi at gmail dot com please',
        });
        expect(sent.text).toBe('mail [hidden] please');
      });
    });

    modelContract(fresh, options.modelRuns ?? 60);
  });
}
