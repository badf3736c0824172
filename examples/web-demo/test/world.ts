import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { registerAccount } from '../../express-host/src/accounts.js';
import { createApp, type HostApp } from '../../express-host/src/app.js';
import { loadConfig } from '../../express-host/src/config.js';
import { INVOICE_SELLER_ENV } from '../../express-host/test/helpers.js';
import { startProvider, type TestProvider, type Webhook } from '../../express-host/test/providers.js';
import type { Login, PageGlobals } from './browser.js';

/** The user's wallet when the suite starts: the demo seed, or what production mode tops up. */
export const START_BALANCE = 50_000;
/** Guru's rates (paise per minute): the demo seed, and the consultant production mode registers. */
export const GURU_RATES = { chat: 1_000, voice: 1_500, video: 2_500 } as const;
/** Meera's rates (paise per minute): the demo seed, and the second consultant production mode registers. */
export const MEERA_RATES = { chat: 600, voice: 900 } as const;

/** The modes every main flow runs in. */
export const MODES = ['demo', 'production'] as const;

/**
 * A host in one mode, with a user holding {@link START_BALANCE}, a consultant at
 * {@link GURU_RATES}, a second consultant at {@link MEERA_RATES} and an admin.
 */
export interface World {
  readonly mode: 'demo' | 'production';
  readonly host: HostApp;
  readonly url: string;
  /** Production mode's payment provider: a local fake of Stripe or Razorpay; null in demo mode. */
  readonly provider: TestProvider | null;
  readonly user: Login & { readonly id: string };
  readonly consultant: Login & { readonly id: string };
  readonly secondConsultant: Login & { readonly id: string };
  readonly admin: Login;
  /**
   * Pays `paise` into the wallet of the user signed in on `page`: the demo's
   * simulated checkout in demo mode; in production an order, paid at the local
   * fake provider, and the provider's signed webhook, as a real payment arrives.
   */
  payIn(page: Page, paise: number): Promise<void>;
  /** Posts a provider's webhook to the host, as the provider would; throws unless it is accepted. */
  deliver(webhook: Webhook): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a host on memory stores with 1-second ticks. Demo mode signs in the seeded accounts.
 * Production mode has a real random secret, a local fake of its payment provider (Stripe unless
 * told otherwise) and no seed, so the test registers its accounts through the API and tops the
 * user up as a real payment would: an order, paid at the fake provider, then its signed webhook.
 * `env` adds to (or overrides) the host's settings.
 */
export async function startWorld(
  mode: World['mode'],
  providerName: 'stripe' | 'razorpay' = 'stripe',
  /** More of the host's settings, e.g. a payout provider's. */
  env: Readonly<Record<string, string>> = {},
): Promise<World> {
  // The host runs on the system clock here: Stripe's webhooks are signed with it.
  const provider = mode === 'production' ? await startProvider(providerName, () => Date.now()) : null;
  const config = loadConfig({
    STORE: 'memory',
    DEMO: mode === 'demo' ? 'true' : 'false',
    ...(provider ? { JWT_SECRET: randomBytes(32).toString('hex'), ...provider.env, ...INVOICE_SELLER_ENV } : {}),
    HOST: '127.0.0.1',
    PORT: '0',
    TICK_SECONDS: '1',
    MIN_START_BALANCE_SECONDS: '10',
    LOW_BALANCE_SECONDS: '10',
    REQUEST_TIMEOUT_SECONDS: '60',
    RATE_LIMIT_AUTH_PER_MINUTE: '200',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const host = await createApp(config);
  await new Promise<void>((resolve) => host.http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(host.http.address() as AddressInfo).port}/`;
  const close = async () => {
    await host.close();
    await provider?.close();
  };
  const deliver = async (webhook: Webhook) => {
    const answer = await fetch(new URL('/api/payments/webhook', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webhook.headers },
      body: webhook.body,
    });
    if (!answer.ok) throw new Error(`webhook: ${answer.status} ${await answer.text()}`);
  };
  if (!provider) {
    const demo = (name: string) => ({ email: `${name}@demo.local`, password: 'demo1234' });
    return {
      mode,
      host,
      url,
      provider,
      user: { id: 'user:asha', ...demo('asha') },
      consultant: { id: 'consultant:guru', ...demo('guru') },
      secondConsultant: { id: 'consultant:meera', ...demo('meera') },
      admin: demo('admin'),
      payIn: payThroughCheckout,
      deliver,
      close,
    };
  }
  const post = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
    const response = await fetch(new URL(path, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    return json as T;
  };
  const payTo = async (token: string, paise: number) => {
    const order = await post<{ checkout: { providerOrderId: string } }>(
      '/api/payments/orders',
      { amount: paise },
      token,
    );
    await deliver((await provider.pay(order.checkout.providerOrderId)).webhook);
  };
  const tag = randomUUID().slice(0, 8);
  const login = (name: string) => ({ email: `${name}-${tag}@example.test`, password: `${name}-${tag}-pass` });
  const user = login('asha');
  const registered = await post<{ token: string; user: { id: string } }>('/api/auth/register', {
    name: 'Asha Rao',
    role: 'user',
    ...user,
  });
  await payTo(registered.token, START_BALANCE);
  // The API signs up no admin: an operator creates one, as this does.
  const admin = login('admin');
  await registerAccount(host.services, { name: 'Admin', role: 'admin', ...admin });
  const { token: adminToken } = await post<{ token: string }>('/api/auth/login', admin);
  const consultant = async (name: string, fullName: string, rates: Record<string, number>) => {
    const credentials = login(name);
    const { user: created } = await post<{ user: { id: string } }>('/api/auth/register', {
      name: fullName,
      role: 'consultant',
      bio: 'Vedic astrologer: birth charts, dashas, muhurta.',
      specialities: ['Vedic astrology'],
      languages: ['Hindi', 'English'],
      rates,
      ...credentials,
    });
    // A new consultant waits for an admin: the operator approves the two this world signs up.
    await post(`/api/admin/consultants/${encodeURIComponent(created.id)}/approve`, {}, adminToken);
    return { id: created.id, ...credentials };
  };
  return {
    mode,
    host,
    url,
    provider,
    user: { id: registered.user.id, ...user },
    consultant: await consultant('guru', 'Guru Sharma', GURU_RATES),
    secondConsultant: await consultant('meera', 'Meera Iyer', MEERA_RATES),
    admin,
    payIn: async (page, paise) => {
      const token = await page.evaluate(() =>
        (globalThis as unknown as PageGlobals).sessionStorage.getItem('jc.token'),
      );
      await payTo(token ?? '', paise);
      // The provider pays the host, not the page: the page reads its wallet again on load.
      await page.reload();
      await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
    },
    deliver,
    close,
  };
}

/** The demo's simulated checkout, from the wallet tab of a signed-in user's page. */
async function payThroughCheckout(page: Page, paise: number): Promise<void> {
  await page.getByTestId('tab-wallet').click();
  await page.getByTestId('topup-amount').fill(String(paise / 100));
  await page.getByTestId('topup-submit').click();
  await page.locator('[data-testid="statement-row"][data-kind="topup"]').first().waitFor();
  await page.getByTestId('tab-consult').click();
}
