import { propertyRuns } from '@jyotishconnect/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientFrameSchema } from '../src/protocol.js';
import { parseHotFrame } from '../src/server/hot-frames.js';

// Each field is mostly valid, sometimes left out or on either side of the schema's limits.
const absent = fc.constant(undefined);
const idLike = fc.oneof(
  { arbitrary: fc.string({ minLength: 1, maxLength: 12 }), weight: 12 },
  absent,
  fc.constantFrom('', 'x'.repeat(200), 'x'.repeat(201), '🙏'.repeat(100), '🙏'.repeat(101)),
  fc.oneof(fc.integer(), fc.constant(null)),
);
const seqLike = fc.oneof(
  { arbitrary: fc.nat(), weight: 8 },
  absent,
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-0, 1.5, 2 ** 53, 2 ** 53 - 1, 1e300, '3', null, true),
);
const textLike = fc.oneof(
  { arbitrary: fc.string({ maxLength: 20 }), weight: 8 },
  absent,
  fc.constantFrom('', 'a'.repeat(100_000), 'a'.repeat(100_001), 7, null, ['t']),
);
const typingLike = fc.oneof({ arbitrary: fc.boolean(), weight: 8 }, absent, fc.constantFrom('yes', 0, null));
const stray = fc.oneof(
  { arbitrary: fc.constant({}), weight: 12 },
  fc.constantFrom(
    { extra: 1 },
    { attachment: { url: 'https://x/a.png', type: 'image/png', size: 10, junk: 1 } },
    { attachment: null },
    { seq: 1 },
    { typing: true },
    { replyTo: 2 },
    { text: 'stray' },
  ),
);
const fieldsOf = {
  'chat.send': { conversationId: idLike, clientMessageId: idLike, text: textLike, replyTo: fc.oneof(absent, seqLike) },
  'chat.typing': { conversationId: idLike, typing: typingLike },
  'chat.read': { conversationId: idLike, seq: seqLike },
  'chat.delivered': { conversationId: idLike, seq: seqLike },
  'chat.edit': { conversationId: idLike, seq: seqLike, text: textLike },
  ping: {},
} as const;
const nearlyValid = fc
  .constantFrom(...(Object.keys(fieldsOf) as Array<keyof typeof fieldsOf>))
  .chain((type) =>
    fc.tuple(
      fc.record({ v: fc.constantFrom(1, 1, 1, 1, 2, '1'), id: idLike, type: fc.constant(type), ...fieldsOf[type] }),
      stray,
    ),
  )
  // Through JSON, as every received frame is: no `undefined` values, plain objects.
  .map(([frame, extra]) => JSON.parse(JSON.stringify({ ...frame, ...extra })) as unknown);

describe('hot frames', () => {
  it('a frame the hand check accepts is the frame the schema returns, key for key and in the same order', () => {
    let accepted = 0;
    fc.assert(
      fc.property(nearlyValid, (raw) => {
        const hot = parseHotFrame(raw);
        if (hot === null) return;
        accepted++;
        const parsed = clientFrameSchema.safeParse(raw);
        expect(parsed.success).toBe(true);
        expect(hot).toStrictEqual(parsed.data);
        expect(JSON.stringify(hot)).toBe(JSON.stringify(parsed.data));
      }),
      { numRuns: propertyRuns(3_000), seed: 17 },
    );
    expect(accepted).toBeGreaterThan(propertyRuns(3_000) / 10);
  });

  it('every hot frame the schema accepts without an attachment or a long string takes the hand check', () => {
    // The schema counts code points, the hand check UTF-16 units: 101 emoji are left to the schema.
    const long = (raw: object) =>
      Object.entries(raw).some(
        ([key, value]) => typeof value === 'string' && value.length > (key === 'text' ? 100_000 : 200),
      );
    fc.assert(
      fc.property(nearlyValid, (raw) => {
        const parsed = clientFrameSchema.safeParse(raw);
        const type = (raw as { type: string }).type;
        if (!parsed.success || type === 'chat.edit' || 'attachment' in (raw as object) || long(raw as object)) return;
        expect(parseHotFrame(raw)).toStrictEqual(parsed.data);
      }),
      { numRuns: propertyRuns(3_000), seed: 18 },
    );
  });

  it('leaves a frame with an own __proto__ key, an array or another type to the schema', () => {
    const send = '"v":1,"id":"r1","type":"chat.send","conversationId":"c1","clientMessageId":"m1"';
    expect(parseHotFrame(JSON.parse(`{${send}}`))).not.toBeNull();
    expect(parseHotFrame(JSON.parse(`{${send},"__proto__":{"text":"x"}}`))).toBeNull();
    expect(parseHotFrame([])).toBeNull();
    expect(parseHotFrame(null)).toBeNull();
    expect(parseHotFrame({ v: 1, id: 'r1', type: 'conversation.join', conversationId: 'c1' })).toBeNull();
  });
});
