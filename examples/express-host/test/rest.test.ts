import { beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';

describe.each(MODES)('express host REST API in %s mode (memory stores, manual clock)', (mode) => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t);
    return () => t.close();
  });

  it('registers, logs in and reads the account; a wrong password is 401 with a stable code', async () => {
    const registered = await t.call('POST', '/api/auth/register', {
      body: { name: 'Kiran', email: 'kiran@example.com', password: 'secret123', role: 'user' },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.user).toMatchObject({ name: 'Kiran', email: 'kiran@example.com', role: 'user' });
    const again = await t.call('POST', '/api/auth/register', {
      body: { name: 'K2', email: 'KIRAN@example.com', password: 'secret123', role: 'user' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
    const token = await t.login('kiran@example.com', 'secret123');
    const me = await t.call('GET', '/api/me', { token });
    expect(me.body).toMatchObject({ id: registered.body.user.id, role: 'user' });
    const wrong = await t.call('POST', '/api/auth/login', {
      body: { email: 'kiran@example.com', password: 'nope-nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: expect.any(String) } });
    expect((await t.call('GET', '/api/me')).status).toBe(401);
  });

  it('a bad body answers 400 VALIDATION_FAILED naming the field', async () => {
    const bad = await t.call('POST', '/api/auth/register', {
      body: { name: 'X', email: 'not-an-email', password: 'secret123', role: 'user' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email' });
  });

  it('lists the directory with filters and sorting', async () => {
    const all = await t.call('GET', '/api/consultants?sort=price');
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(all.body.consultants.map((c: { id: string }) => c.id)).toEqual([cast.meera.id, cast.ravi.id, cast.guru.id]);
    expect(all.body.consultants[2]).toMatchObject({
      rates: { chat: 1000, voice: 1500, video: 2500 },
      status: 'online',
      reviews: 0,
    });
    const tamil = await t.call('GET', '/api/consultants?language=tamil');
    expect(tamil.body.consultants.map((c: { id: string }) => c.id)).toEqual([cast.meera.id]);
    const video = await t.call('GET', '/api/consultants?service=video&speciality=Vedic%20astrology');
    expect(video.body.consultants.map((c: { id: string }) => c.id)).toEqual([cast.guru.id]);
  });

  it("tops up through an order and the provider's signed webhook replayed 3 times, crediting once; a bad signature is 400", async () => {
    const token = cast.asha.token;
    const order = await t.call('POST', '/api/payments/orders', { token, body: { amount: 20_000 } });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ amount: 20_000, status: 'created', provider: t.provider.name });
    const { webhook } = await t.provider.pay(order.body.checkout.providerOrderId);
    for (let i = 0; i < 3; i++) expect((await t.postWebhook(webhook)).status).toBe(200);
    const forged = await t.postWebhook({
      body: webhook.body,
      headers: t.provider.sign(webhook.body, { forged: true }),
    });
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('INVALID_SIGNATURE');
    expect((await t.call('GET', '/api/wallet', { token })).body).toMatchObject({
      balance: 70_000,
      available: 70_000,
      currency: 'INR',
    });
    const statement = await t.call('GET', '/api/wallet/statement?limit=1', { token });
    expect(statement.body.entries).toEqual([expect.objectContaining({ kind: 'topup', amount: 20_000 })]);
    expect(statement.body.nextCursor).toEqual(expect.any(String));
  });

  it('runs a consultation over REST: request, accept, charges per tick, end, invoice, rating once', async () => {
    const user = cast.asha.token;
    const guru = cast.guru.token;
    const requested = await t.call('POST', '/api/consultations', {
      token: user,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    expect(requested.status).toBe(201);
    const id = requested.body.id as string;
    expect(
      (await t.call('GET', '/api/consultants?service=chat')).body.consultants.find(
        (c: { id: string }) => c.id === cast.guru.id,
      ).status,
    ).toBe('busy');
    expect((await t.call('POST', `/api/consultations/${id}/accept`, { token: user })).status).toBe(403);
    const accepted = await t.call('POST', `/api/consultations/${id}/accept`, { token: guru });
    expect(accepted.body.status).toBe('active');
    await t.advance(90_000); // 90 s at Rs 10/min = 1,500 paise
    const ended = await t.call('POST', `/api/consultations/${id}/end`, { token: user });
    const summary = ended.body.summary;
    expect(summary).toMatchObject({ secondsBilled: 90, userCharged: 1_500 });
    // Commission is rounded down per interval charge; the consultant gets the paisa fractions.
    expect(summary.consultantShare + summary.commission).toBe(1_500);
    expect(summary.commission).toBeLessThanOrEqual(300);
    expect((await t.call('GET', '/api/wallet', { token: user })).body.balance).toBe(50_000 - 1_500);
    const detail = await t.call('GET', `/api/consultations/${id}`, { token: user });
    expect(detail.body.invoice).toMatchObject({ charged: 1_500, refunded: 0, net: 1_500, seconds: 90 });
    expect(new Set(detail.body.invoice.lines.map((l: { transactionId: string }) => l.transactionId)).size).toBe(
      detail.body.invoice.lines.length,
    );
    const mine = await t.call('GET', '/api/consultations', { token: user });
    expect(mine.body[0].id).toBe(id);
    const rated = await t.call('POST', `/api/consultations/${id}/rating`, {
      token: user,
      body: { stars: 5, review: 'Very clear' },
    });
    expect(rated.status).toBe(201);
    const twice = await t.call('POST', `/api/consultations/${id}/rating`, { token: user, body: { stars: 1 } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_RATED');
    expect((await t.call('POST', `/api/consultations/${id}/rating`, { token: guru, body: { stars: 5 } })).status).toBe(
      403,
    );
    const directory = await t.call('GET', '/api/consultants');
    expect(directory.body.consultants.find((c: { id: string }) => c.id === cast.guru.id)).toMatchObject({
      rating: 5,
      reviews: 1,
      status: 'online',
    });
    const earnings = await t.call('GET', '/api/earnings', { token: guru });
    expect(earnings.body).toMatchObject({ balance: summary.consultantShare, today: summary.consultantShare });
    // The session's system messages reached the conversation.
    const conversations = await t.call('GET', '/api/conversations', { token: user });
    const history = await t.call('GET', `/api/conversations/${conversations.body.items[0].conversation.id}/messages`, {
      token: user,
    });
    const events = history.body.messages.map((m: { event: { type: string } | null }) => m.event?.type);
    expect(events).toEqual(expect.arrayContaining(['session.requested', 'session.started', 'session.ended']));
  });

  it('an admin refunds part of a session from the consultant and platform shares, with an audit entry', async () => {
    const user = cast.asha.token;
    const guru = cast.guru.token;
    const admin = cast.admin.token;
    const { body: session } = await t.call('POST', '/api/consultations', {
      token: user,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    await t.call('POST', `/api/consultations/${session.id}/accept`, { token: guru });
    await t.advance(60_000);
    await t.call('POST', `/api/consultations/${session.id}/end`, { token: guru });
    expect((await t.call('POST', '/api/admin/refunds', { token: user, body: { sessionId: session.id } })).status).toBe(
      403,
    );
    const refund = await t.call('POST', '/api/admin/refunds', {
      token: admin,
      body: { sessionId: session.id, amount: 400 },
    });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ refunded: 400, userBalance: 50_000 - 1_000 + 400 });
    // One wallet transaction per admin refund, however many interval charges it spans.
    expect(refund.body.transactionId).toBe(`refund:${refund.body.refundId}`);
    const invoiceLines = async (kind: string) =>
      (await t.call('GET', `/api/consultations/${session.id}`, { token: user })).body.invoice.lines.filter(
        (l: { kind: string }) => l.kind === kind,
      );
    const refundLines = () => invoiceLines('refund');
    expect((await invoiceLines('split')).length).toBeGreaterThan(10);
    expect(await refundLines()).toEqual([
      expect.objectContaining({ transactionId: refund.body.transactionId, amount: 400 }),
    ]);
    const tooMuch = await t.call('POST', '/api/admin/refunds', {
      token: admin,
      body: { sessionId: session.id, amount: 601 },
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.code).toBe('REFUND_EXCEEDS_ORIGINAL');
    const rest = await t.call('POST', '/api/admin/refunds', { token: admin, body: { sessionId: session.id } });
    expect(rest.body).toMatchObject({ refunded: 600, userBalance: 50_000 });
    expect((await refundLines()).map((l: { transactionId: string }) => l.transactionId)).toEqual([
      refund.body.transactionId,
      rest.body.transactionId,
    ]);
    expect((await t.call('GET', '/api/earnings', { token: guru })).body.balance).toBe(0);
    const revenue = await t.call('GET', '/api/admin/revenue', { token: admin });
    expect(revenue.body.platformBalance).toBe(0);
    const audit = await t.call('GET', '/api/admin/audit', { token: admin });
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['refund', 'refund']);
    expect(audit.body[1]).toMatchObject({ actorId: cast.admin.id, target: session.id, details: { refunded: 400 } });
    const invoice = (await t.call('GET', `/api/consultations/${session.id}`, { token: user })).body.invoice;
    expect(invoice).toMatchObject({ charged: 1_000, refunded: 1_000, net: 0 });
  });

  it("a user cannot read another user's session, conversation or wallet", async () => {
    const asha = cast.asha.token;
    const other = (
      await t.call('POST', '/api/auth/register', {
        body: { name: 'Eve', email: 'eve@example.com', password: 'secret123', role: 'user' },
      })
    ).body.token;
    const { body: session } = await t.call('POST', '/api/consultations', {
      token: asha,
      body: { consultantId: cast.meera.id, service: 'chat' },
    });
    const read = await t.call('GET', `/api/consultations/${session.id}`, { token: other });
    expect([403, 404]).toContain(read.status);
    expect(read.body.error.code).toBe('NOT_A_PARTICIPANT');
    const conversations = await t.call('GET', '/api/conversations', { token: asha });
    const conversationId = conversations.body.items[0].conversation.id;
    expect((await t.call('GET', `/api/conversations/${conversationId}/messages`, { token: other })).status).toBe(403);
    expect((await t.call('GET', '/api/conversations', { token: other })).body.items).toEqual([]);
    expect((await t.call('GET', '/api/wallet', { token: other })).body.balance).toBe(0);
    expect((await t.call('GET', '/api/consultations', { token: other })).body).toEqual([]);
    expect((await t.call('POST', `/api/consultations/${session.id}/cancel`, { token: other })).status).toBe(403);
  });

  it('a frozen account cannot log in or call the API; freezing is audited', async () => {
    const admin = cast.admin.token;
    const asha = cast.asha.token;
    const frozen = await t.call('POST', `/api/admin/accounts/${cast.asha.id}/freeze`, {
      token: admin,
      body: { frozen: true },
    });
    expect(frozen.body).toMatchObject({ id: cast.asha.id, frozen: true });
    expect((await t.call('GET', '/api/wallet', { token: asha })).body.error.code).toBe('ACCOUNT_FROZEN');
    expect(
      (await t.call('POST', '/api/auth/login', { body: { email: cast.asha.email, password: cast.asha.password } }))
        .status,
    ).toBe(403);
    expect((await t.call('GET', '/api/admin/audit', { token: admin })).body[0]).toMatchObject({
      action: 'freeze',
      target: cast.asha.id,
    });
  });

  it('serves the OpenAPI 3.1 document, the docs page, health and readiness', async () => {
    const doc = await t.call('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.paths['/api/consultations/{id}/accept'].post.responses['200']).toBeDefined();
    expect(
      doc.body.paths['/api/auth/register'].post.requestBody.content['application/json'].schema.properties.role,
    ).toBeDefined();
    expect(doc.body.paths['/api/payouts'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    );
    expect(doc.body.paths['/api/wallet/auto-recharge'].put.summary).toContain('PAYMENT_METHOD_REQUIRED');
    const page = await fetch(`${t.url}/docs`);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    expect((await fetch(`${t.url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
    expect((await t.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/readyz')).body).toMatchObject({ status: 'ready', store: 'memory' });
    expect((await t.call('GET', '/api/nope')).body.error.code).toBe('NOT_FOUND');
  });
});

describe("the web demo's Content-Security-Policy", () => {
  /** The header's directives, each a list of sources. */
  const directivesOf = (header: string | null) =>
    new Map(
      (header ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...sources]) => [name, sources]),
    );
  /** The domains of the providers a host is not configured with. */
  const OTHERS = { simulated: ['stripe.com', 'razorpay.com'], stripe: ['razorpay.com'], razorpay: ['stripe.com'] };

  it.each([
    { mode: 'demo', provider: 'simulated', script: [], frame: undefined, connect: undefined },
    {
      mode: 'production',
      provider: 'stripe',
      script: ['https://js.stripe.com', 'https://*.js.stripe.com'],
      frame: ["'self'", 'https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
      connect: ["'self'", 'https://api.stripe.com'],
    },
    {
      mode: 'production',
      provider: 'razorpay',
      script: ['https://checkout.razorpay.com', 'https://cdn.razorpay.com'],
      frame: ["'self'", 'https://api.razorpay.com'],
      connect: ["'self'", 'https://lumberjack.razorpay.com', 'https://lumberjack-metrics.razorpay.com'],
    },
  ] as const)(
    "with the $provider provider lets in that provider's documented checkout origins and no other's",
    async ({ mode, provider, script, frame, connect }) => {
      const t = await startTestHost(mode, provider === 'razorpay' ? { provider } : {});
      try {
        const page = await fetch(`${t.url}/`);
        expect(page.status).toBe(200);
        const csp = directivesOf(page.headers.get('content-security-policy'));
        expect(csp.get('script-src')).toEqual(["'self'", ...script]);
        expect(csp.get('frame-src')).toEqual(frame);
        expect(csp.get('connect-src')).toEqual(connect);
        expect(csp.get('default-src')).toEqual(["'self'"]);
        expect(csp.get('object-src')).toEqual(["'none'"]);
        expect(csp.has('upgrade-insecure-requests')).toBe(false);
        const sources = [...csp.values()].flat();
        for (const domain of OTHERS[provider]) expect(sources.filter((s) => s.includes(domain))).toEqual([]);
      } finally {
        await t.close();
      }
    },
  );
});
