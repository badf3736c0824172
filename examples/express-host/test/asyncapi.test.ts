import { readFileSync } from 'node:fs';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { clientFrameSchema } from '@jyotishconnect/ws-transport/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASYNCAPI_DOCUMENT_PATH, asyncApiDocument } from '../src/http/asyncapi.js';
import { type Json, MODES, startTestHost, type TestHost } from './helpers.js';

const generated: Json = asyncApiDocument('0.0.0');
const frameTypes = clientFrameSchema.options.map((option) => option.shape.type.value as string);

/** Every `$ref` in `value`, with where it was found. */
function refsIn(value: unknown, at = '#'): Array<{ ref: string; at: string }> {
  if (Array.isArray(value)) return value.flatMap((item, index) => refsIn(item, `${at}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === '$ref' && typeof item === 'string' ? [{ ref: item, at }] : refsIn(item, `${at}/${key}`),
  );
}

/** The value a local `#/a/b` reference points at, or undefined. */
function resolve(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<Json>((node, part) => (node === undefined ? undefined : node[part]), document);
}

describe('the AsyncAPI document of the WebSocket protocol', () => {
  it('the checked-in docs/asyncapi.json is a fresh generation (else run `pnpm run docs:asyncapi`)', () => {
    expect(JSON.parse(readFileSync(ASYNCAPI_DOCUMENT_PATH, 'utf8'))).toEqual(generated);
  });

  it('has one message and one receive operation per client request type, each answered by ack or error', () => {
    const channel = generated.channels.consultations;
    expect(Object.keys(channel.messages).sort()).toEqual([...frameTypes, 'ack', 'error', 'event'].sort());
    const received = Object.values(generated.operations as Record<string, Json>).filter(
      (op) => op.action === 'receive',
    );
    expect(received.map((op) => resolve(generated, op.messages[0].$ref))).toEqual(
      frameTypes.map((type) => channel.messages[type]),
    );
    for (const op of received) {
      expect(op.summary).not.toBe('');
      expect(op.reply.messages).toEqual([
        { $ref: '#/channels/consultations/messages/ack' },
        { $ref: '#/channels/consultations/messages/error' },
      ]);
    }
  });

  it('a message payload is the JSON Schema of its zod frame schema, with its description', () => {
    const send = generated.components.messages['chat.send'];
    expect(send.summary).toMatch(/clientMessageId/);
    expect(send.payload).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { v: { const: 1 }, type: { const: 'chat.send' } },
    });
    expect(send.payload.required).toEqual(
      expect.arrayContaining(['v', 'id', 'type', 'conversationId', 'clientMessageId']),
    );
  });

  it('has the fields AsyncAPI 3 requires, and every $ref resolves', () => {
    expect(generated.asyncapi).toMatch(/^3\.\d+\.\d+$/);
    expect(generated.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    for (const op of Object.values(generated.operations as Record<string, Json>)) {
      expect(['send', 'receive']).toContain(op.action);
      expect(op.channel).toEqual({ $ref: '#/channels/consultations' });
    }
    const refs = refsIn(generated);
    expect(refs.length).toBeGreaterThan(frameTypes.length * 3);
    expect(refs.filter(({ ref }) => resolve(generated, ref) === undefined)).toEqual([]);
  });

  it("passes the AsyncAPI parser's validation without an error or a warning", async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(generated));
    const problems = diagnostics
      .filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(problems).toEqual([]);
    expect(document?.operations().length).toBe(frameTypes.length + 2);
  });
});

describe.each(MODES)('in %s mode, the host', (mode) => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost(mode);
  });
  afterAll(async () => await t?.close());

  it('serves the AsyncAPI document at /asyncapi.json, to anyone, as generated', async () => {
    const { status, body } = await t.call('GET', '/asyncapi.json');
    expect(status).toBe(200);
    expect(body).toEqual(generated);
  });
});
