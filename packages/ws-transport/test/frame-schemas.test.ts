import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { type ClientFrameType, clientFrameSchema, type ServerFrame, serverFrameSchema } from '../src/protocol.js';

describe('frame schemas', () => {
  it('the server frame schema and the ServerFrame type describe the same frames', () => {
    expectTypeOf<z.infer<typeof serverFrameSchema>>().toEqualTypeOf<ServerFrame>();
  });

  it('every client request carries a description', () => {
    const undocumented = clientFrameSchema.options
      .filter((option) => !option.description)
      .map((option) => option.shape.type.value as ClientFrameType);
    expect(undocumented).toEqual([]);
  });

  it('a frame the server sends parses; one it never sends does not', () => {
    expect(serverFrameSchema.parse({ v: 1, type: 'event', event: 'typing', data: {}, recovered: true }).type).toBe(
      'event',
    );
    expect(serverFrameSchema.safeParse({ v: 1, type: 'error', id: 'r1', code: 'X' }).success).toBe(false);
    expect(serverFrameSchema.safeParse({ v: 2, type: 'ack', id: 'r1', result: null }).success).toBe(false);
  });
});
