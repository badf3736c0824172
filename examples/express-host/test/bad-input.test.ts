import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';

type Who = keyof Cast | null;

/** Requests with a control character in a path id, a query value or a body field, and the field each names. */
const BAD_REQUESTS: ReadonlyArray<readonly [method: string, path: string, who: Who, body: unknown, field: string]> = [
  ['GET', '/api/consultants/%00', null, undefined, 'id'],
  ['GET', '/api/consultations/%00', 'asha', undefined, 'id'],
  ['POST', '/api/consultations/ses%01sion/accept', 'guru', undefined, 'id'],
  ['GET', '/api/conversations/%00/messages', 'asha', undefined, 'id'],
  ['POST', '/api/payments/orders/order_%00/pay', 'asha', undefined, 'id'],
  ['POST', '/api/admin/accounts/user%00/freeze', 'admin', { frozen: true }, 'id'],
  ['GET', '/api/consultants?speciality=%00', null, undefined, 'speciality'],
  ['GET', '/api/wallet/statement?cursor=12%1F', 'asha', undefined, 'cursor'],
  [
    'POST',
    '/api/auth/register',
    null,
    { name: 'A\u0000B', email: 'a@example.com', password: 'secret123', role: 'user' },
    'name',
  ],
  [
    'POST',
    '/api/auth/register',
    null,
    { name: 'A\nB', email: 'a@example.com', password: 'secret123', role: 'user' },
    'name',
  ],
  [
    'POST',
    '/api/auth/register',
    null,
    { name: 'A', email: 'a\u0000@example.com', password: 'secret123', role: 'user' },
    'email',
  ],
  [
    'POST',
    '/api/auth/register',
    null,
    { name: 'G', email: 'g@example.com', password: 'secret123', role: 'consultant', specialities: ['Ved\u0007ic'] },
    'specialities.0',
  ],
  ['POST', '/api/auth/login', null, { email: 'asha@example.com', password: 'pass\u0000word' }, 'password'],
  ['POST', '/api/consultations', 'asha', { consultantId: '\u0000', service: 'chat' }, 'consultantId'],
  ['POST', '/api/admin/refunds', 'admin', { sessionId: 'session\u0000' }, 'sessionId'],
];

/** Where each provider's webhook names the order it pays. */
const ORDER_ID_FIELD = {
  simulated: 'providerOrderId',
  stripe: 'data.object.id',
  razorpay: 'payload.payment.entity.order_id',
} as const;

/** Sends every bad request as its caller and expects 400 `VALIDATION_FAILED` naming the field. */
async function expectEveryBadRequestRefused(t: TestHost, cast: Cast): Promise<void> {
  for (const [method, path, who, body, field] of BAD_REQUESTS) {
    const answer = await t.call(method, path, { ...(who ? { token: cast[who].token } : {}), body });
    expect({ method, path, status: answer.status, error: answer.body?.error }).toMatchObject({
      status: 400,
      error: { code: 'VALIDATION_FAILED', field },
    });
  }
}

describe.each(MODES)('control characters and malformed input in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t);
    return () => t.close();
  });

  it('a control character in a path id, a query value or a body field is 400 VALIDATION_FAILED naming it', async () => {
    await expectEveryBadRequestRefused(t, cast);
  });

  it('a signed webhook naming an order with a NUL byte is 400 naming the order id', async () => {
    const order = await t.order(cast.asha.token, 5_000);
    const providerOrderId: string = order.checkout.providerOrderId;
    const { webhook } = await t.provider.pay(providerOrderId);
    // The provider's own signature over a body whose order id carries a NUL byte (JSON-escaped).
    const body = webhook.body.replaceAll(`"${providerOrderId}"`, `"${providerOrderId}\\u0000"`);
    const answer = await t.postWebhook({ body, headers: t.provider.sign(body) });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: ORDER_ID_FIELD[t.provider.name] });
    expect((await t.call('GET', '/api/wallet', { token: cast.asha.token })).body.balance).toBe(50_000);
  });

  it('an API path that is not valid percent-encoding is 400, not 500; a static one is 404', async () => {
    for (const path of ['/api/consultants/%E0%A4%A', '/api/consultations/%ZZ']) {
      const answer = await t.call('GET', path, { token: cast.asha.token });
      expect({ path, status: answer.status, code: answer.body.error.code }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    for (const path of ['/%00', '/%E0%A4%A']) expect((await fetch(t.url + path)).status).toBe(404);
  });

  it('free text keeps its line breaks: a question over several lines is stored', async () => {
    await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    const { body: conversations } = await t.call('GET', '/api/conversations', { token: cast.asha.token });
    const id = conversations.items[0].conversation.id;
    const details = await t.call('PUT', `/api/conversations/${id}/birth-details`, {
      token: cast.asha.token,
      body: { name: 'Asha Rao', dateOfBirth: '1990-04-01', placeOfBirth: 'Pune', question: 'Career?\nAnd marriage?' },
    });
    expect(details.status).toBe(200);
  });
});

describeWithPostgres('control characters never reach PostgreSQL (production mode)', (postgresUrl) => {
  const admin = new pg.Pool({ connectionString: postgresUrl, max: 1 });
  const database = `host_bad_input_${process.pid}_${Date.now()}`;
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  });

  // PostgreSQL refuses NUL in text: before the host checked, these answered 500.
  it('every bad request is 400 VALIDATION_FAILED naming the field', async () => {
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${database}`;
    const t = await startTestHost('production', { env: { STORE: 'postgres', DATABASE_URL: url.toString() } });
    try {
      await expectEveryBadRequestRefused(t, await castOf(t));
    } finally {
      await t.close();
    }
  });
});
