import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ServerFrame } from '../src/protocol.js';
import { ackFrameText, eventFrameText } from '../src/server/frame-json.js';

const payload = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.date({ noInvalidDate: true }));

describe('frame texts', () => {
  it('are what JSON.stringify gives the frame', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), payload, (name, id, data) => {
        const event: ServerFrame = { v: PROTOCOL_VERSION, type: 'event', event: name, data };
        expect(eventFrameText(name, JSON.stringify(data))).toBe(JSON.stringify(event));
        const ack: ServerFrame = { v: PROTOCOL_VERSION, type: 'ack', id, result: data };
        expect(ackFrameText(id, JSON.stringify(data))).toBe(JSON.stringify(ack));
      }),
    );
  });
});
