import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '@jyotishconnect/core';
import { type Logger, pino } from 'pino';
import { registerAccount } from '../src/accounts.js';
import { createApp, type HostApp } from '../src/app.js';
import { type HostConfig, loadConfig } from '../src/config.js';
import { DEMO_BALANCE, DEMO_CONSULTANTS, DEMO_PASSWORD } from '../src/seed.js';
import { connectWs } from './processes.js';
import { simulatedSide, startProvider, type TestProvider, type Webhook } from './providers.js';

/** A parsed JSON response body; tests read it loosely. */
// biome-ignore lint/suspicious/noExplicitAny: assertions check the shape, as a client would read it.
export type Json = any;

/** The two ways the host runs; every host suite runs in both. */
export type HostMode = 'demo' | 'production';

/** For `describe.each(MODES)`. */
export const MODES: readonly HostMode[] = ['demo', 'production'];

/** The seller production prints on tax invoices (a GSTIN with a valid check character, Maharashtra). */
export const INVOICE_SELLER_ENV = {
  INVOICE_SELLER_NAME: 'JyotishConnect Test Pvt Ltd',
  INVOICE_SELLER_ADDRESS: '12 MG Road, Mumbai 400001',
  INVOICE_SELLER_GSTIN: '27AAPFU0939F1ZV',
} as const;

/** Production mode with a real, random JWT secret (what tokens need to outlive a restart) and an invoice seller. */
export function productionSecrets(): Record<string, string> {
  return { DEMO: 'false', JWT_SECRET: randomBytes(32).toString('base64url'), ...INVOICE_SELLER_ENV };
}

/**
 * What production mode needs and demo mode does without: a real, random JWT
 * secret, and a real payment provider (here a local fake of it, `provider`).
 */
export function productionEnv(provider: TestProvider): Record<string, string> {
  return { ...productionSecrets(), ...provider.env };
}

/** Options of {@link startTestHost}. */
export interface TestHostOptions {
  /** More environment, over the test defaults. */
  readonly env?: Record<string, string>;
  /** Defaults to a silent logger. */
  readonly logger?: Logger;
  /** Defaults to a new manual clock; a restarted host passes the first one's, so time goes on. */
  readonly clock?: ManualClock;
  /** Production mode's payment provider, a local fake of it started for the host; default Stripe. */
  readonly provider?: 'stripe' | 'razorpay';
}

/** The REST API of a running host, as a client calls it. */
export interface ApiClient {
  readonly url: string;
  /** Calls the API; resolves with the status and the parsed JSON body. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string },
  ): Promise<{ status: number; body: Json }>;
  /** Logs in and returns the token. */
  login(email: string, password?: string): Promise<string>;
  /** Starts a top-up order; throws unless it is created. */
  order(token: string, amount: number): Promise<Json>;
  /** Posts a provider's webhook, its raw body and signature headers as given. */
  postWebhook(webhook: Webhook): Promise<{ status: number; body: Json }>;
  /**
   * Tops a user's wallet up as a payment arrives: an order, then in demo mode
   * the simulated checkout (`/pay`); with a real provider the customer pays
   * at its (fake) API and the provider's signed webhook follows.
   */
  topUp(token: string, amount: number): Promise<void>;
}

/** A client of the host at `url`; `provider` is the (fake) provider its orders are paid at, `null` for demo mode's `/pay`. */
export function apiClient(url: string, provider: TestProvider | null): ApiClient {
  const call: ApiClient['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    } else if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(url + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const order: ApiClient['order'] = async (token, amount) => {
    const created = await call('POST', '/api/payments/orders', { token, body: { amount } });
    if (created.status !== 201) throw new Error(`order: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body;
  };
  const postWebhook: ApiClient['postWebhook'] = (webhook) =>
    call('POST', '/api/payments/webhook', { raw: webhook.body, headers: { ...webhook.headers } });
  return {
    url,
    call,
    login: async (email, password = DEMO_PASSWORD) => {
      const { status, body } = await call('POST', '/api/auth/login', { body: { email, password } });
      if (status !== 200) throw new Error(`login ${email}: ${status} ${JSON.stringify(body)}`);
      return body.token as string;
    },
    order,
    postWebhook,
    topUp: async (token, amount) => {
      const created = await order(token, amount);
      const paid =
        provider === null || provider.name === 'simulated'
          ? await call('POST', `/api/payments/orders/${created.orderId}/pay`, { token })
          : await postWebhook((await provider.pay(created.checkout.providerOrderId)).webhook);
      if (paid.status !== 200) throw new Error(`payment: ${paid.status} ${JSON.stringify(paid.body)}`);
    },
  };
}

/** A host listening on 127.0.0.1, port 0, with memory stores and a manual clock. */
export interface TestHost extends ApiClient {
  readonly mode: HostMode;
  readonly config: HostConfig;
  readonly host: HostApp;
  readonly clock: ManualClock;
  /** The payment provider's side: demo mode's simulated provider, or the local fake of production's. */
  readonly provider: TestProvider;
  /** Advances manual time and waits for the ticks it made due, and the auto-recharges they set off. */
  advance(ms: number): Promise<void>;
  /** Waits until no billing tick and no auto-recharge is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a memory-backed host with `TICK_SECONDS=1`: in demo mode with the demo
 * data seeded, in production mode (`DEMO=false`) with random secrets, a local
 * fake of its payment provider (Stripe unless asked otherwise) and nothing seeded.
 */
export async function startTestHost(mode: HostMode, options: TestHostOptions = {}): Promise<TestHost> {
  const clock = options.clock ?? new ManualClock();
  const fake = mode === 'production' ? await startProvider(options.provider ?? 'stripe', () => clock.now()) : null;
  const env = {
    ...(fake ? productionEnv(fake) : { DEMO: 'true' }),
    STORE: 'memory',
    PORT: '0',
    HOST: '127.0.0.1',
    TICK_SECONDS: '1',
    COMMISSION_BPS: '2000',
    TAKEOVER_SCAN_MS: '0',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    RATE_LIMIT_TOPUP_PER_MINUTE: '1000',
    ...options.env,
  };
  let config: HostConfig;
  let host: HostApp;
  try {
    config = loadConfig(env);
    host = await createApp(config, {
      clock,
      logger: options.logger ?? pino({ level: 'silent' }),
    });
  } catch (error) {
    await fake?.close(); // a refused configuration leaves no fake server behind
    throw error;
  }
  await new Promise<void>((resolve) => host.http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(host.http.address() as AddressInfo).port}`;
  const { simulated } = host.services;
  const provider = fake ?? (simulated ? simulatedSide(simulated) : null);
  if (!provider) throw new Error('demo mode runs the simulated provider unless told otherwise');
  const idle = async () => {
    await host.services.billing.idle();
    await host.services.autoRecharge.idle();
  };
  return {
    ...apiClient(url, provider),
    mode,
    config,
    host,
    clock,
    provider,
    advance: async (ms) => {
      await clock.advance(ms);
      await idle();
    },
    idle,
    close: async () => {
      await host.close();
      await fake?.close();
    },
  };
}

/** An account a test acts as. */
export interface Person {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly token: string;
}

/**
 * The same people in both modes: Asha, a user with Rs 500; Guru, Meera and Ravi,
 * online consultants with the demo rates; an admin.
 */
export interface Cast {
  readonly asha: Person;
  readonly guru: Person;
  readonly meera: Person;
  readonly ravi: Person;
  readonly admin: Person;
}

type ConsultantName = 'guru' | 'meera' | 'ravi';

/** The cast without its admin: what any client of a running host can set up. */
export type People = Omit<Cast, 'admin'>;

async function loggedIn(api: ApiClient, id: string, email: string, password: string): Promise<Person> {
  return { id, email, password, token: await api.login(email, password) };
}

/** Demo mode: the seeded accounts, logged in. */
async function seededPeople(api: ApiClient): Promise<People> {
  const consultant = (name: ConsultantName) => loggedIn(api, `consultant:${name}`, `${name}@demo.local`, DEMO_PASSWORD);
  return {
    asha: await loggedIn(api, 'user:asha', 'asha@demo.local', DEMO_PASSWORD),
    guru: await consultant('guru'),
    meera: await consultant('meera'),
    ravi: await consultant('ravi'),
  };
}

const randomPassword = () => randomBytes(12).toString('base64url');

/** Approves a consultant who signed up (an admin's decision); production hosts require one before any session. */
export type Approve = (consultantId: string) => Promise<void>;

/**
 * Production mode: nothing is seeded, so the people sign up through the API,
 * an admin approves the consultants (`approve`; none for a host started with
 * `CONSULTANT_APPROVAL=automatic`), they go online and Asha pays Rs 500 in:
 * an order, paid at the provider's (fake) API, and its signed webhook.
 */
async function signedUpPeople(api: ApiClient, approve?: Approve): Promise<People> {
  const register = async (body: Record<string, unknown> & { email: string; password: string }) => {
    const { status, body: result } = await api.call('POST', '/api/auth/register', { body });
    if (status !== 201) throw new Error(`register ${body.email}: ${status} ${JSON.stringify(result)}`);
    return { id: result.user.id as string, email: body.email, password: body.password, token: result.token as string };
  };
  const asha = await register({
    name: 'Asha Rao',
    email: 'asha@example.com',
    password: randomPassword(),
    role: 'user',
  });
  await api.topUp(asha.token, DEMO_BALANCE);
  const consultant = async (name: ConsultantName) => {
    const seed = DEMO_CONSULTANTS.find((c) => c.id === `consultant:${name}`);
    if (!seed) throw new Error(`no demo consultant ${name}`);
    const { id: _seedId, email: _seedEmail, ...profile } = seed;
    const person = await register({
      ...profile,
      email: `${name}@example.com`,
      password: randomPassword(),
      role: 'consultant',
    });
    await approve?.(person.id);
    const online = await api.call('PUT', '/api/consultants/me/availability', {
      token: person.token,
      body: { online: true },
    });
    if (online.status !== 200) throw new Error(`${name} online: ${online.status}`);
    return person;
  };
  return { asha, guru: await consultant('guru'), meera: await consultant('meera'), ravi: await consultant('ravi') };
}

/** The {@link People} of a host in `mode`, ready to act; `approve` approves each consultant who signs up. */
export async function peopleOf(api: ApiClient, mode: HostMode, approve?: Approve): Promise<People> {
  return mode === 'demo' ? await seededPeople(api) : await signedUpPeople(api, approve);
}

/** An {@link Approve} through the admin API, as the admin of `api`'s host. */
export function approveAs(api: ApiClient, admin: Person): Approve {
  return async (consultantId) => {
    const approved = await api.call('POST', `/api/admin/consultants/${consultantId}/approve`, {
      token: admin.token,
      body: {},
    });
    if (approved.status !== 200) throw new Error(`approve ${consultantId}: ${approved.status}`);
  };
}

/** The admin: seeded in demo mode; in production the API signs up no admin, so an operator creates one, as this does. */
async function adminOf(t: TestHost): Promise<Person> {
  if (t.mode === 'demo') return await loggedIn(t, 'admin:root', 'admin@demo.local', DEMO_PASSWORD);
  const admin = { email: 'admin@example.com', password: randomPassword() };
  const record = await registerAccount(t.host.services, { name: 'Admin', role: 'admin', ...admin });
  return await loggedIn(t, record.id, admin.email, admin.password);
}

/**
 * The {@link Cast} of a host, ready to act: logged in, consultants online,
 * Asha's wallet at Rs 500. Unless `connected` is false, each of them holds a
 * WebSocket open, as with their web page open: consultants take requests,
 * and billing runs, only while both sides are connected.
 */
export async function castOf(t: TestHost, options: { connected?: boolean } = {}): Promise<Cast> {
  const admin = await adminOf(t);
  // Approved in the store, as a fixture: the admin's audit log starts empty for the tests that read it.
  const approveInStore: Approve = async (consultantId) =>
    void (await t.host.services.host.directory.setStatus(consultantId, 'approved', null));
  const people = await peopleOf(t, t.mode, approveInStore);
  if (options.connected ?? true) {
    for (const person of [people.asha, people.guru, people.meera, people.ravi]) await connectWs(t.url, person.token);
  }
  return { ...people, admin };
}

/** Asha's chat with `consultant`: requested, accepted, `ms` served on the test clock, ended by Asha; the end's answer. */
export async function endedChat(t: TestHost, cast: Cast, consultant: Person, ms: number): Promise<Json> {
  const { body: requested } = await t.call('POST', '/api/consultations', {
    token: cast.asha.token,
    body: { consultantId: consultant.id, service: 'chat' },
  });
  await t.call('POST', `/api/consultations/${requested.id}/accept`, { token: consultant.token });
  await t.advance(ms);
  return (await t.call('POST', `/api/consultations/${requested.id}/end`, { token: cast.asha.token })).body;
}
