import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Cast, TestHost } from './helpers.js';
import { connectWs } from './processes.js';

/** What {@link restSmokeFlow} leaves behind, for checks after a restart. */
export interface SmokeResult {
  readonly email: string;
  readonly password: string;
  readonly sessionId: string;
  /** Asha's balance at the end of the flow, in paise. */
  readonly ashaBalance: number;
}

/**
 * The host's REST smoke flow on any backend, in either mode (a host with
 * `TICK_SECONDS=1`, a manual clock and its {@link Cast}): register and log in (emails unique
 * ignoring case), a provider's top-up webhook replayed three times credits once, and a
 * 90-second chat consultation is charged, ended, invoiced and rated once.
 * Balances are checked relative to the start, so a backend holding earlier
 * data passes too.
 */
export async function restSmokeFlow(t: TestHost, cast: Cast): Promise<SmokeResult> {
  // Register, log in, read the account.
  const tag = randomUUID().slice(0, 8);
  const email = `kiran.${tag}@example.com`;
  const password = 'secret123';
  const registered = await t.call('POST', '/api/auth/register', {
    body: { name: 'Kiran', email, password, role: 'user' },
  });
  expect(registered.status).toBe(201);
  expect(registered.body.user).toMatchObject({ name: 'Kiran', email, role: 'user' });
  const again = await t.call('POST', '/api/auth/register', {
    body: { name: 'K2', email: email.toUpperCase(), password, role: 'user' },
  });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('EMAIL_TAKEN');
  const kiran = await t.login(email.toUpperCase(), password);
  expect((await t.call('GET', '/api/me', { token: kiran })).body).toMatchObject({ id: registered.body.user.id });
  expect((await t.call('GET', '/api/wallet', { token: kiran })).body.balance).toBe(0);

  // A top-up order paid at the provider, its signed webhook replayed: credited once.
  const user = cast.asha.token;
  const start = (await t.call('GET', '/api/wallet', { token: user })).body.balance as number;
  const order = await t.call('POST', '/api/payments/orders', { token: user, body: { amount: 20_000 } });
  expect(order.status).toBe(201);
  expect(order.body).toMatchObject({ amount: 20_000, status: 'created' });
  const { webhook } = await t.provider.pay(order.body.checkout.providerOrderId);
  for (let i = 0; i < 3; i++) expect((await t.postWebhook(webhook)).status).toBe(200);
  const forged = { body: webhook.body, headers: t.provider.sign(webhook.body, { forged: true }) };
  expect((await t.postWebhook(forged)).status).toBe(400);
  const toppedUp = start + 20_000;
  expect((await t.call('GET', '/api/wallet', { token: user })).body).toMatchObject({
    balance: toppedUp,
    available: toppedUp,
  });

  // A short consultation: request, accept, 90 s at Rs 10/min, end, invoice, rating once.
  const guru = cast.guru.token;
  await connectWs(t.url, guru); // consultants take requests only while connected
  const requested = await t.call('POST', '/api/consultations', {
    token: user,
    body: { consultantId: cast.guru.id, service: 'chat' },
  });
  expect(requested.status).toBe(201);
  const sessionId = requested.body.id as string;
  expect((await t.call('POST', `/api/consultations/${sessionId}/accept`, { token: guru })).body.status).toBe('active');
  await t.advance(90_000);
  const ended = await t.call('POST', `/api/consultations/${sessionId}/end`, { token: user });
  const summary = ended.body.summary;
  expect(summary).toMatchObject({ secondsBilled: 90, userCharged: 1_500 });
  expect(summary.consultantShare + summary.commission).toBe(1_500);
  const ashaBalance = toppedUp - 1_500;
  expect((await t.call('GET', '/api/wallet', { token: user })).body.balance).toBe(ashaBalance);
  const detail = await t.call('GET', `/api/consultations/${sessionId}`, { token: user });
  expect(detail.body.invoice).toMatchObject({ charged: 1_500, refunded: 0, net: 1_500, seconds: 90 });
  const mine = (await t.call('GET', '/api/consultations', { token: user })).body as Array<{ id: string }>;
  expect(mine.map((s) => s.id)).toContain(sessionId);
  const rated = await t.call('POST', `/api/consultations/${sessionId}/rating`, {
    token: user,
    body: { stars: 5, review: 'Very clear' },
  });
  expect(rated.status).toBe(201);
  const twice = await t.call('POST', `/api/consultations/${sessionId}/rating`, { token: user, body: { stars: 1 } });
  expect(twice.status).toBe(409);
  expect(twice.body.error.code).toBe('ALREADY_RATED');
  const consultant = await t.call('GET', `/api/consultants/${cast.guru.id}`);
  expect(consultant.body.reviewList).toEqual(
    expect.arrayContaining([expect.objectContaining({ stars: 5, review: 'Very clear' })]),
  );
  return { email, password, sessionId, ashaBalance };
}
