import { ManualClock } from '@jyotishconnect/core';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseCodes } from '../src/protocol.js';
import { connectClient, eventually, type Harness, startHarness, TRANSPORTS } from './harness.js';
import { rawSocket, refusedStatus } from './raw-socket.js';

const validish = fc.record({
  v: fc.constantFrom(1, 1, 1, 2, '1', null),
  id: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(undefined)),
  type: fc.constantFrom('ping', 'chat.send', 'chat.edit', 'conversation.join', 'call.offer', 'nope', '', 'constructor'),
  conversationId: fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null)),
  clientMessageId: fc.string({ maxLength: 12 }),
  text: fc.oneof(fc.string({ maxLength: 50 }), fc.integer()),
  seq: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double()),
  __proto__: fc.constant({ polluted: true }),
});
const garbage = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json(),
  validish.map((frame) => JSON.stringify(frame)),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

describe.each(TRANSPORTS)('hostile clients over %s', (transport) => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({
      transport,
      limits: { ratePerSecond: 100_000, rateBurst: 100_000, rateStrikes: 1_000_000 },
    });
  });
  afterEach(async () => {
    await harness.close();
  });

  it('thousands of random and malformed frames get typed errors while other connections chat on', async () => {
    const asha = await connectClient(harness.url, 'user:asha');
    const guru = await connectClient(harness.url, 'consultant:guru');
    const conversation = await asha.client.request<{ id: string }>({ type: 'conversation.open', consultantId: 'guru' });
    await guru.client.join(conversation.id);
    const fuzzer = await rawSocket(harness, 'user:fuzzer');

    const frames = fc.sample(garbage, { numRuns: 3_000, seed: 42 });
    for (const [i, frame] of frames.entries()) {
      fuzzer.send(frame);
      if (i % 500 === 0) {
        await asha.client.request({
          type: 'chat.send',
          conversationId: conversation.id,
          clientMessageId: `a${i}`,
          text: `m${i}`,
        });
      }
    }
    await eventually(() => fuzzer.frames.length >= frames.length, 15_000);
    const sent = frames.length / 500;
    await eventually(() => guru.events.filter((event) => event.name === 'message.created').length === sent);

    expect(fuzzer.isOpen()).toBe(true);
    const codes = new Set(fuzzer.frames.filter((frame) => frame.type === 'error').map((frame) => frame.code));
    expect([...codes].every((code) => /^[A-Z_]+$/.test(code ?? ''))).toBe(true);
    expect(codes.has('INVALID_FRAME')).toBe(true);
    expect(codes.has('INTERNAL')).toBe(false);
    expect(harness.errors).toEqual([]);
    // The server still answers the fuzzer's own valid requests.
    fuzzer.send(JSON.stringify({ v: 1, id: 'last', type: 'ping' }));
    await eventually(() => fuzzer.frames.some((frame) => frame.id === 'last' && frame.type === 'ack'));
    fuzzer.close();
    asha.client.close();
    guru.client.close();
  });

  it('a frame over the size limit closes only that connection, with 1009', async () => {
    const bystander = await connectClient(harness.url, 'user:asha');
    const big = await rawSocket(harness, 'user:big');
    big.send(JSON.stringify({ v: 1, id: 'x', type: 'ping', pad: 'x'.repeat(70 * 1024) }));
    expect(await big.closed).toBe(CloseCodes.tooLarge);
    await expect(bystander.client.request({ type: 'ping' })).resolves.toBeDefined();
    bystander.client.close();
  });
});

describe.each(TRANSPORTS)('rate limits over %s', (transport) => {
  let harness: Harness;
  afterEach(async () => {
    await harness.close();
  });

  it('requests beyond the burst get RATE_LIMITED, and persistent abuse closes the socket', async () => {
    // A still clock refills no token, however slowly a loaded machine delivers the frames.
    const clock = new ManualClock();
    harness = await startHarness({ transport, clock, limits: { ratePerSecond: 1, rateBurst: 5, rateStrikes: 20 } });
    const client = await rawSocket(harness, 'user:spammer');
    const ping = (i: number) => client.send(JSON.stringify({ v: 1, id: `p${i}`, type: 'ping' }));
    // The burst is answered first: frames that arrive in one read with the closing
    // strike are parsed in one turn, and the close would overtake their acks.
    for (let i = 0; i < 6; i++) ping(i);
    const acked = () => client.frames.filter((frame) => frame.type === 'ack').map((frame) => frame.id);
    const limited = () => client.frames.filter((frame) => frame.code === 'RATE_LIMITED').map((frame) => frame.id);
    await eventually(() => acked().length + limited().length === 6);
    expect(acked().sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(limited()).toEqual(['p5']);
    for (let i = 6; i < 30; i++) ping(i);
    expect(await client.closed).toBe(CloseCodes.rateLimited);
    expect(acked()).toHaveLength(5);
    expect(limited().length).toBeGreaterThanOrEqual(19);
  });

  it('a user over the connection limit is refused with 429', async () => {
    harness = await startHarness({ transport, limits: { maxConnectionsPerUser: 2 } });
    const first = await rawSocket(harness, 'user:tabs');
    const second = await rawSocket(harness, 'user:tabs');
    const status = await refusedStatus(harness, 'user:tabs');
    expect(status).toBe(429);
    first.close();
    second.close();
  });
});
