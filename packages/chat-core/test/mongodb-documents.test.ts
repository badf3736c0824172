import type { NewMessage } from '@jyotishconnect/chat-core';
import { type MessageDoc, toConversation, toMessage } from '@jyotishconnect/chat-core/mongodb';
import { describe, expect, it } from 'vitest';

// The pure document mapping of the MongoDB adapter, checked without a server.
describe('mongodb documents', () => {
  const draft: NewMessage = {
    conversationId: 'c1',
    clientMessageId: 'm1',
    fingerprint: 'r:u1',
    authorId: 'u1',
    authorRole: 'user',
    kind: 'text',
    text: 'hello',
    replyTo: 3,
    attachment: { url: 'https://cdn.example.com/a.png', type: 'image/png', size: 10 },
    event: null,
    createdAt: 1_700_000_000_000,
  };

  it('a stored message maps back without its _id and fingerprint', () => {
    const doc = {
      _id: 'object-id',
      ...draft,
      seq: 4,
      reactions: { user: null, consultant: '🙏' },
      editedAt: null,
      deletedAt: null,
    } as MessageDoc;
    expect(toMessage(doc)).toEqual({
      conversationId: 'c1',
      seq: 4,
      clientMessageId: 'm1',
      authorId: 'u1',
      authorRole: 'user',
      kind: 'text',
      text: 'hello',
      replyTo: 3,
      attachment: draft.attachment,
      event: null,
      reactions: { user: null, consultant: '🙏' },
      createdAt: 1_700_000_000_000,
      editedAt: null,
      deletedAt: null,
    });
  });

  it('a conversation document maps its _id to id', () => {
    const conversation = toConversation({
      _id: 'c1',
      userId: 'u1',
      consultantId: 'k1',
      createdAt: 1,
      lastActivityAt: 2,
      lastSeq: 3,
      readSeq: { user: 1, consultant: 0 },
      sessionIds: ['s1'],
      birthDetails: null,
    });
    expect(conversation).toMatchObject({
      id: 'c1',
      lastSeq: 3,
      readSeq: { user: 1, consultant: 0 },
      sessionIds: ['s1'],
    });
  });
});
