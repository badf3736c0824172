import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { registerAccount } from '../../express-host/src/accounts.js';
import { createApp, type HostApp } from '../../express-host/src/app.js';
import { loadConfig } from '../../express-host/src/config.js';
import { startStripe } from '../../express-host/test/providers.js';

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(here, '..', 'test-artifacts');

/** Whether the browser suites can run here. */
export const hasChromium = existsSync(CHROMIUM);
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };
/** The user's wallet when the suite starts: the demo seed, or what production mode tops up. */
export const START_BALANCE = 50_000;
/** Guru's rates (paise per minute): the demo seed, and the consultant production mode registers. */
export const GURU_RATES = { chat: 1_000, voice: 1_500, video: 2_500 } as const;

/** What the billing engine charges after `seconds` at a per-minute rate. */
export const due = (rate: number, seconds: number) => Math.floor((rate * seconds) / 60);

/** The web demo's money format: integer paise as ₹ with Indian digit grouping and two decimals. */
export function rupees(paise: number): string {
  const sign = paise < 0 ? '−' : '';
  const abs = Math.abs(paise);
  const whole = String(Math.floor(abs / 100));
  const grouped =
    whole.length <= 3 ? whole : `${whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',')},${whole.slice(-3)}`;
  return `${sign}₹${grouped}.${String(abs % 100).padStart(2, '0')}`;
}

/** The few browser globals the page callbacks use: the root tsconfig has no DOM lib. */
export interface PageElement {
  readonly dataset: Record<string, string | undefined>;
  readonly textContent: string | null;
  readonly videoWidth?: number;
  readonly srcObject?: { readonly id: string } | null;
}
interface PageGlobals {
  readonly document: {
    querySelectorAll(selector: string): Iterable<PageElement>;
    querySelector(selector: string): PageElement | null;
  };
  readonly sessionStorage: { getItem(key: string): string | null };
  scrollTo(x: number, y: number): void;
}

export interface TickRow {
  interval: number;
  seconds: number;
  charged: number;
  balance: number;
}

/** The user's tick log (oldest first) and the balance on screen, read in one go. */
export async function readMeter(page: Page): Promise<{ ticks: TickRow[]; balance: string; chip: string }> {
  return await page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    const ticks = [...document.querySelectorAll('[data-testid="tick"]')].map((el) => ({
      interval: Number(el.dataset.interval),
      seconds: Number(el.dataset.seconds),
      charged: Number(el.dataset.charged),
      balance: Number(el.dataset.balance),
    }));
    ticks.sort((a, b) => a.interval - b.interval);
    const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
    return { ticks, balance: text('balance'), chip: text('chip-balance') };
  });
}

/** Waits until the user's page has seen at least `count` ticks. */
export async function waitForTicks(page: Page, count: number): Promise<TickRow[]> {
  await page.waitForFunction(
    (n) => [...(globalThis as unknown as PageGlobals).document.querySelectorAll('[data-testid="tick"]')].length >= n,
    count,
    { timeout: 30_000 },
  );
  return (await readMeter(page)).ticks;
}

/**
 * Checks every interval against the engine's rule: it charges due(s_k) − due(s_{k−1}),
 * and the balance on screen falls by exactly that (plus any top-up credited in between).
 */
export function expectExactCharges(ticks: TickRow[], rate: number, opening: number, topUps: number[] = []): void {
  let previousSeconds = 0;
  let previousBalance = opening;
  const pending = [...topUps];
  for (const tick of ticks) {
    expect(tick.charged, `interval ${tick.interval}`).toBe(due(rate, tick.seconds) - due(rate, previousSeconds));
    let expected = previousBalance - tick.charged;
    if (tick.balance !== expected && pending.length > 0) expected += pending.shift() ?? 0;
    expect(tick.balance, `balance after interval ${tick.interval}`).toBe(expected);
    previousSeconds = tick.seconds;
    previousBalance = tick.balance;
  }
  expect(pending, 'every top-up shows up in the running balance').toEqual([]);
}

/** A full-page screenshot into `test-artifacts/<name>-<width>.png`. */
export async function shot(page: Page, name: string, size: { width: number; height: number }): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize();
  await page.setViewportSize(size);
  // A full-page capture draws the sticky header where the page is scrolled to: start at the top.
  await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollTo(0, 0));
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-${size.width}.png`), fullPage: true });
  if (before) await page.setViewportSize(before);
}

/** Headless Chromium with a fake camera and microphone. */
export async function launchBrowser(): Promise<Browser> {
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      // Host candidates as plain IPs: two contexts on one machine connect without mDNS or STUN.
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
}

/** A browser context allowed the camera and microphone, at desktop size. */
export async function newContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  return await browser.newContext({ viewport, permissions: ['camera', 'microphone'] });
}

/** Collects a page's console errors and uncaught exceptions into `errors`, labelled `who`. */
export function recordErrors(page: Page, who: string, errors: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${who}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${who}: ${e.message}`));
}

/** An email and password to sign in with. */
export interface Login {
  readonly email: string;
  readonly password: string;
}

/**
 * A host in one mode, with a user holding {@link START_BALANCE}, a consultant at
 * {@link GURU_RATES}, a second consultant at {@link MEERA_RATES} and an admin.
 */
export interface World {
  readonly mode: 'demo' | 'production';
  readonly host: HostApp;
  readonly url: string;
  readonly user: Login;
  readonly consultant: Login & { readonly id: string };
  readonly secondConsultant: Login & { readonly id: string };
  readonly admin: Login;
  /**
   * Pays `paise` into the wallet of the user signed in on `page`: the demo's
   * simulated checkout in demo mode; in production an order, paid at a local
   * fake Stripe, and Stripe's signed webhook, as a real payment arrives.
   */
  payIn(page: Page, paise: number): Promise<void>;
  close(): Promise<void>;
}

/** Meera's rates (paise per minute): the demo seed, and the second consultant production mode registers. */
export const MEERA_RATES = { chat: 600, voice: 900 } as const;

/** The modes every main flow runs in. */
export const MODES = ['demo', 'production'] as const;

/**
 * Starts a host on memory stores with 1-second ticks. Demo mode signs in the seeded accounts.
 * Production mode has a real random secret, a local fake Stripe as its payment provider and no
 * seed, so the test registers its accounts through the API and tops the user up as a real payment
 * would: an order, paid at the fake Stripe, then Stripe's signed webhook.
 */
export async function startWorld(mode: World['mode']): Promise<World> {
  // The host runs on the system clock here: Stripe's webhooks are signed with it.
  const stripe = mode === 'production' ? await startStripe(() => Date.now()) : null;
  const config = loadConfig({
    STORE: 'memory',
    DEMO: mode === 'demo' ? 'true' : 'false',
    ...(stripe ? { JWT_SECRET: randomBytes(32).toString('hex'), ...stripe.env } : {}),
    HOST: '127.0.0.1',
    PORT: '0',
    TICK_SECONDS: '1',
    MIN_START_BALANCE_SECONDS: '10',
    LOW_BALANCE_SECONDS: '10',
    REQUEST_TIMEOUT_SECONDS: '60',
    RATE_LIMIT_AUTH_PER_MINUTE: '200',
    LOG_LEVEL: 'silent',
  });
  const host = await createApp(config);
  await new Promise<void>((resolve) => host.http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(host.http.address() as AddressInfo).port}/`;
  const close = async () => {
    await host.close();
    await stripe?.close();
  };
  if (!stripe) {
    const demo = (name: string) => ({ email: `${name}@demo.local`, password: 'demo1234' });
    return {
      mode,
      host,
      url,
      user: demo('asha'),
      consultant: { id: 'consultant:guru', ...demo('guru') },
      secondConsultant: { id: 'consultant:meera', ...demo('meera') },
      admin: demo('admin'),
      payIn: payThroughCheckout,
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
    const { webhook: paid } = await stripe.pay(order.checkout.providerOrderId);
    const webhook = await fetch(new URL('/api/payments/webhook', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...paid.headers },
      body: paid.body,
    });
    if (!webhook.ok) throw new Error(`webhook: ${webhook.status} ${await webhook.text()}`);
  };
  const tag = randomUUID().slice(0, 8);
  const login = (name: string) => ({ email: `${name}-${tag}@example.test`, password: `${name}-${tag}-pass` });
  const user = login('asha');
  const registered = await post<{ token: string }>('/api/auth/register', { name: 'Asha Rao', role: 'user', ...user });
  await payTo(registered.token, START_BALANCE);
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
    return { id: created.id, ...credentials };
  };
  // The API signs up no admin: an operator creates one, as this does.
  const admin = login('admin');
  await registerAccount(host.services, { name: 'Admin', role: 'admin', ...admin });
  return {
    mode,
    host,
    url,
    user,
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

/** Signs in through the login form and waits for the live connection. */
export async function signIn(page: Page, url: string, login: Login): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-email').fill(login.email);
  await page.getByTestId('login-password').fill(login.password);
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
}

/** Turns the consultant's availability switch on, if it is off. */
export async function goAvailable(consultant: Page): Promise<void> {
  const toggle = consultant.getByTestId('online-toggle');
  await expect.poll(() => toggle.isEnabled()).toBe(true); // enabled once the page knows where it stands
  if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
  await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
}

/** The REST API from inside a signed-in page, with its token. */
export async function apiFrom<T>(page: Page, path: string): Promise<T> {
  return (await page.evaluate(async (p) => {
    const token = (globalThis as unknown as PageGlobals).sessionStorage.getItem('jc.token');
    const response = await fetch(p, { headers: { authorization: `Bearer ${token}` } });
    return await response.json();
  }, path)) as T;
}

/** A consultant's card in the user's directory. */
export function consultantCard(user: Page, consultantId: string) {
  return user.locator(`[data-testid="consultant-card"][data-id="${consultantId}"]`);
}

/** The status a consultant's card shows once the directory is loaded again, as choosing a filter does. */
export async function statusAfterRefresh(user: Page, consultantId: string): Promise<string | null> {
  await user.getByTestId('filter-service').selectOption('');
  await user.getByTestId('consultants').locator('[data-testid="consultant-card"]').first().waitFor();
  return await consultantCard(user, consultantId).getAttribute('data-status');
}

/** Requests a consultation from the user's directory, with birth details, once the consultant shows Online. */
export async function requestConsultation(user: Page, consultantId: string, service: 'chat' | 'voice' | 'video') {
  await expect.poll(() => statusAfterRefresh(user, consultantId), { timeout: 20_000 }).toBe('online');
  await consultantCard(user, consultantId).getByTestId(`request-${service}`).click();
  const dialog = user.getByTestId('request-dialog');
  await dialog.getByLabel('Full name').fill('Asha Rao');
  await dialog.getByLabel('Date of birth').fill('1994-03-18');
  await dialog.getByLabel('Time of birth').fill('06:45');
  await dialog.getByLabel('Place of birth').fill('Pune, Maharashtra, India');
  await dialog.getByLabel('Your question').fill('Is this a good year to change jobs?');
  await dialog.getByTestId('request-submit').click();
  await user.getByTestId('waiting').waitFor();
}

/** Waits until a page's call is connected and shows the other side's video; returns that video's stream id. */
export async function expectCallConnected(page: Page): Promise<string> {
  await expect.poll(() => page.getByTestId('call-state').textContent(), { timeout: 20_000 }).toBe('Connected');
  const video = page.getByTestId('remote-video');
  await expect
    .poll(() => video.evaluate((v) => (v as unknown as PageElement).videoWidth ?? 0), { timeout: 20_000 })
    .toBeGreaterThan(0);
  return await video.evaluate((v) => (v as unknown as PageElement).srcObject?.id ?? '');
}
