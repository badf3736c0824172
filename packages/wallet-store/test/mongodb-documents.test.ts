import { int64 } from '@jyotishconnect/core/mongodb';
import { Long } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  cursorBound,
  decodeHold,
  decodePosting,
  decodeRequest,
  encodeHold,
  shardOf,
} from '../src/adapters/mongodb/documents.js';
import type { Hold } from '../src/types.js';

// Pure encoding helpers of the MongoDB adapter; they need no server.

describe('cursorBound', () => {
  it('reads a cursor back as the sequence it was written from', () => {
    expect(cursorBound(Long.fromNumber(123_456_789_012).toString()).toString()).toBe('123456789012');
  });

  it('clamps a 19-digit cursor past int64 instead of wrapping to a negative bound', () => {
    expect(cursorBound('9999999999999999999').equals(Long.MAX_VALUE)).toBe(true);
  });
});

describe('shardOf', () => {
  it('spreads consecutive slots over every shard and keeps one-shard accounts on shard 0', () => {
    expect([0, 1, 2, 7, 8, 9].map((slot) => shardOf(slot, 8))).toEqual([0, 1, 2, 7, 0, 1]);
    expect([0, 1, 5].map((slot) => shardOf(slot, 1))).toEqual([0, 0, 0]);
  });
});

describe('documents', () => {
  const hold: Hold = {
    id: 'h1',
    accountId: 'user:asha',
    amount: 2 ** 40,
    status: 'open',
    capturedAmount: 0,
    captureTransactionId: null,
    expiresAt: 1_700_000_000_000,
    metadata: { sessionId: 's1', interval: 3 },
    createdAt: 1_699_999_000_000,
  };

  it('a hold decodes to exactly what was encoded, with its request', () => {
    const request = { accountId: 'user:asha', amount: 2 ** 40, metadata: { sessionId: 's1' } };
    const doc = encodeHold(hold, request);
    expect(doc.amount).toBeInstanceOf(Long);
    expect(decodeHold(doc)).toEqual(hold);
    expect(decodeRequest(doc.request)).toEqual(request);
  });

  it('a posting becomes a statement line whose cursor is its sequence', () => {
    const line = decodePosting({
      seq: Long.fromString('42'),
      accountId: 'system:revenue',
      transactionId: 't1',
      kind: 'split',
      amount: int64(78),
      balanceAfter: null,
      metadata: {},
      createdAt: int64(5),
    });
    expect(line).toEqual({
      cursor: '42',
      transactionId: 't1',
      kind: 'split',
      amount: 78,
      balanceAfter: null,
      metadata: {},
      createdAt: 5,
    });
  });
});
