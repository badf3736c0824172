import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type HostApp } from '../../express-host/src/app.js';
import { loadConfig } from '../../express-host/src/config.js';

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(here, '..', 'test-artifacts');
const START_BALANCE = 50_000;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

/** What the billing engine charges after `seconds` at a per-minute rate. */
const due = (rate: number, seconds: number) => Math.floor((rate * seconds) / 60);

/** The web demo's money format: integer paise as ₹ with Indian digit grouping and two decimals. */
function rupees(paise: number): string {
  const sign = paise < 0 ? '−' : '';
  const abs = Math.abs(paise);
  const whole = String(Math.floor(abs / 100));
  const grouped =
    whole.length <= 3 ? whole : `${whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',')},${whole.slice(-3)}`;
  return `${sign}₹${grouped}.${String(abs % 100).padStart(2, '0')}`;
}

/** The few browser globals the page callbacks use: the root tsconfig has no DOM lib. */
interface PageElement {
  readonly dataset: Record<string, string | undefined>;
  readonly textContent: string | null;
  readonly videoWidth?: number;
}
interface PageGlobals {
  readonly document: {
    querySelectorAll(selector: string): Iterable<PageElement>;
    querySelector(selector: string): PageElement | null;
  };
  readonly sessionStorage: { getItem(key: string): string | null };
  scrollTo(x: number, y: number): void;
}

interface TickRow {
  interval: number;
  seconds: number;
  charged: number;
  balance: number;
}

/** The user's tick log (oldest first) and the balance on screen, read in one go. */
async function readMeter(page: Page): Promise<{ ticks: TickRow[]; balance: string; chip: string }> {
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
async function waitForTicks(page: Page, count: number): Promise<TickRow[]> {
  await page.waitForFunction(
    (n) => [...(globalThis as unknown as PageGlobals).document.querySelectorAll('[data-testid="tick"]')].length >= n,
    count,
    {
      timeout: 30_000,
    },
  );
  return (await readMeter(page)).ticks;
}

/**
 * Checks every interval against the engine's rule: it charges due(s_k) − due(s_{k−1}),
 * and the balance on screen falls by exactly that (plus any top-up credited in between).
 */
function expectExactCharges(ticks: TickRow[], rate: number, opening: number, topUps: number[] = []): void {
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

async function shot(page: Page, name: string, size: { width: number; height: number }): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(size);
  // A full-page capture draws the sticky header where the page is scrolled to: start at the top.
  await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollTo(0, 0));
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-${size.width}.png`), fullPage: true });
  if (before) await page.setViewportSize(before);
}

async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
}

/** The REST API from inside a signed-in page, with its token. */
async function apiFrom<T>(page: Page, path: string): Promise<T> {
  return (await page.evaluate(async (p) => {
    const token = (globalThis as unknown as PageGlobals).sessionStorage.getItem('jc.token');
    const response = await fetch(p, { headers: { authorization: `Bearer ${token}` } });
    return await response.json();
  }, path)) as T;
}

async function requestConsultation(user: Page, consultantId: string, service: 'chat' | 'voice' | 'video') {
  const card = user.locator(`[data-testid="consultant-card"][data-id="${consultantId}"]`);
  await card.getByTestId(`request-${service}`).click();
  const dialog = user.getByTestId('request-dialog');
  await dialog.getByLabel('Full name').fill('Asha Rao');
  await dialog.getByLabel('Date of birth').fill('1994-03-18');
  await dialog.getByLabel('Time of birth').fill('06:45');
  await dialog.getByLabel('Place of birth').fill('Pune, Maharashtra, India');
  await dialog.getByLabel('Your question').fill('Is this a good year to change jobs?');
  await dialog.getByTestId('request-submit').click();
  await user.getByTestId('waiting').waitFor();
}

const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)(
  hasChromium ? 'web demo in headless Chromium' : `web demo in headless Chromium (skipped: no ${CHROMIUM})`,
  () => {
    let host: HostApp;
    let url: string;
    let browser: Browser;
    let userContext: BrowserContext;
    let consultantContext: BrowserContext;
    let user: Page;
    let guru: Page;
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const config = loadConfig({
        STORE: 'memory',
        DEMO: 'true',
        HOST: '127.0.0.1',
        PORT: '0',
        TICK_SECONDS: '1',
        MIN_START_BALANCE_SECONDS: '10',
        LOW_BALANCE_SECONDS: '10',
        REQUEST_TIMEOUT_SECONDS: '60',
        RATE_LIMIT_AUTH_PER_MINUTE: '200',
        LOG_LEVEL: 'silent',
      });
      host = await createApp(config);
      await new Promise<void>((resolve) => host.http.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(host.http.address() as AddressInfo).port}/`;
      browser = await chromium.launch({
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
      userContext = await browser.newContext({ viewport: DESKTOP, permissions: ['camera', 'microphone'] });
      consultantContext = await browser.newContext({ viewport: DESKTOP, permissions: ['camera', 'microphone'] });
      user = await userContext.newPage();
      guru = await consultantContext.newPage();
      for (const [who, page] of [
        ['user', user],
        ['consultant', guru],
      ] as const) {
        page.on('console', (m) => {
          if (m.type() === 'error') consoleErrors.push(`${who}: ${m.text()}`);
        });
        page.on('pageerror', (e) => consoleErrors.push(`${who}: ${e.message}`));
      }
    });

    afterAll(async () => {
      await browser?.close();
      await host?.close();
    });

    it('signs in a user and a consultant and lists consultants with rates and presence', async () => {
      await signIn(user, url, 'asha@demo.local');
      await signIn(guru, url, 'guru@demo.local');
      await expect.poll(() => user.getByTestId('chip-balance').textContent()).toBe(rupees(START_BALANCE));
      const guruCard = user.locator('[data-testid="consultant-card"][data-id="consultant:guru"]');
      await guruCard.waitFor();
      expect(await guruCard.getAttribute('data-status')).toBe('online');
      expect(await guruCard.getByTestId('request-video').textContent()).toContain(rupees(2_500));
      // Meera offers no video: no button for it.
      const meeraCard = user.locator('[data-testid="consultant-card"][data-id="consultant:meera"]');
      expect(await meeraCard.getByTestId('request-video').count()).toBe(0);
      await shot(user, 'user-browse', DESKTOP);
      await shot(user, 'user-browse', PHONE);
      await expect.poll(() => guru.getByTestId('online-toggle').getAttribute('aria-checked')).toBe('true');
    });

    it('requests a chat, the consultant accepts, both chat and the balance falls by the exact interval amounts', async () => {
      const rate = 1_000; // Guru's chat rate, paise per minute
      await requestConsultation(user, 'consultant:guru', 'chat');
      const request = guru.getByTestId('request');
      await request.waitFor();
      await expect.poll(() => request.getByTestId('bd-place').textContent()).toBe('Pune, Maharashtra, India');
      expect(await request.getByTestId('bd-born').textContent()).toBe('1994-03-18, 06:45');
      await shot(guru, 'consultant-request', DESKTOP);
      await shot(guru, 'consultant-request', PHONE);
      await request.getByTestId('accept').click();
      await user.getByTestId('session').waitFor();
      await guru.getByTestId('session').waitFor();

      // User → consultant, with the typing indicator first.
      await user.getByTestId('chat-input').pressSequentially('Namaste', { delay: 20 });
      await guru.getByTestId('typing').waitFor({ state: 'visible' });
      await user.getByTestId('chat-input').fill('Namaste Guruji, will I change jobs this year?');
      await user.getByTestId('chat-send').click();
      const atGuru = guru.locator('[data-testid="message"][data-mine="false"] [data-testid="message-text"]');
      await expect.poll(() => atGuru.last().textContent()).toBe('Namaste Guruji, will I change jobs this year?');
      // Consultant → user, as a reply, and a reaction on the user's message.
      await guru.locator('[data-testid="message"][data-mine="false"]').last().getByTestId('reply').click();
      await guru.getByTestId('chat-input').fill('Jupiter moves into your tenth house in May: yes.');
      await guru.getByTestId('chat-send').click();
      const atUser = user.locator('[data-testid="message"][data-mine="false"]');
      await expect
        .poll(() => atUser.last().getByTestId('message-text').textContent())
        .toBe('Jupiter moves into your tenth house in May: yes.');
      expect(await atUser.last().getByTestId('quote').textContent()).toBe(
        'Namaste Guruji, will I change jobs this year?',
      );
      const guruSees = guru.locator('[data-testid="message"][data-mine="false"]').last();
      await guruSees.getByTestId('react').click();
      await guruSees.getByTestId('react-🙏').click();
      const mine = user.locator('[data-testid="message"][data-mine="true"]').last();
      await expect.poll(() => mine.getByTestId('reactions').textContent()).toContain('🙏');
      // The consultant read it: two ticks.
      await expect.poll(() => mine.getByTestId('ticks').getAttribute('data-read')).toBe('true');

      // Billing: every interval charges due(s_k) − due(s_{k−1}) and the balance on screen follows exactly.
      const ticks = await waitForTicks(user, 4);
      expectExactCharges(ticks, rate, START_BALANCE);
      const meter = await readMeter(user);
      const last = meter.ticks.at(-1) as TickRow;
      expect(last.balance).toBe(START_BALANCE - due(rate, last.seconds));
      expect([meter.balance, meter.chip]).toContain(rupees(last.balance));
      await expect.poll(() => guru.getByTestId('session-earned').textContent()).not.toBe(rupees(0));
      await shot(user, 'user-chat', DESKTOP);
      await shot(user, 'user-chat', PHONE);
      await shot(guru, 'consultant-chat', DESKTOP);
      await shot(guru, 'consultant-chat', PHONE);

      // Top up ₹100 during the session: the running balance gains exactly 10,000 paise.
      await user.getByTestId('tab-wallet').click();
      await user.getByTestId('topup-amount').fill('100');
      await user.getByTestId('topup-submit').click();
      await user.locator('[data-testid="statement-row"][data-kind="topup"]').first().waitFor();
      await shot(user, 'user-wallet', DESKTOP);
      await shot(user, 'user-wallet', PHONE);
      await user.getByTestId('tab-consult').click();
      const before = (await readMeter(user)).ticks.length;
      await waitForTicks(user, before + 2);

      // End: the summary's amounts are the engine's, the reason is the user's.
      await user.getByTestId('end-session').click();
      await user.getByTestId('summary').waitFor();
      await guru.getByTestId('summary').waitFor();
      expect(await user.getByTestId('summary-reason').getAttribute('data-reason')).toBe('user');
      expect(await user.getByTestId('summary-reason').textContent()).toBe('Ended by the user');
      const all = (await readMeter(user)).ticks;
      expectExactCharges(all, rate, START_BALANCE, [10_000]);
      const sessions = await apiFrom<
        Array<{ id: string; summary: { secondsBilled: number; userCharged: number; consultantShare: number } }>
      >(user, '/api/consultations');
      const ended = sessions[0];
      expect(ended?.summary.userCharged).toBe(due(rate, ended?.summary.secondsBilled ?? -1));
      expect(await user.getByTestId('summary-user-charged').textContent()).toBe(
        rupees(ended?.summary.userCharged ?? -1),
      );
      expect(await guru.getByTestId('summary-share').textContent()).toBe(rupees(ended?.summary.consultantShare ?? -1));
      const wallet = await apiFrom<{ balance: number }>(user, '/api/wallet');
      expect(wallet.balance).toBe(START_BALANCE + 10_000 - (ended?.summary.userCharged ?? 0));
      await expect.poll(() => user.getByTestId('chip-balance').textContent()).toBe(rupees(wallet.balance));
      await user.getByTestId('star-5').check({ force: true });
      await user.getByTestId('review').fill('Clear and kind answers.');
      await user.getByTestId('rating-submit').click();
      await user.getByTestId('rating-thanks').waitFor();
      await shot(user, 'user-summary', DESKTOP);
      await shot(user, 'user-summary', PHONE);
      await shot(guru, 'consultant-summary', DESKTOP);
      await user.getByTestId('back-to-list').click();
      await guru.getByTestId('dismiss-summary').click();
    }, 120_000);

    it('connects a video consultation with the fake camera and bills it at the video rate', async () => {
      const rate = 2_500; // Guru's video rate
      const opening = (await apiFrom<{ balance: number }>(user, '/api/wallet')).balance;
      await requestConsultation(user, 'consultant:guru', 'video');
      await guru.getByTestId('request').getByTestId('accept').click();
      for (const page of [user, guru]) {
        await expect.poll(() => page.getByTestId('call-state').textContent(), { timeout: 20_000 }).toBe('Connected');
        await expect
          .poll(() => page.getByTestId('remote-video').evaluate((v) => (v as unknown as PageElement).videoWidth ?? 0), {
            timeout: 20_000,
          })
          .toBeGreaterThan(0);
      }
      const ticks = await waitForTicks(user, 3);
      expectExactCharges(ticks, rate, opening);
      await shot(user, 'user-video', DESKTOP);
      await shot(user, 'user-video', PHONE);
      await shot(guru, 'consultant-video', DESKTOP);
      // The consultant hangs up: the call and the billed session end.
      await guru.getByTestId('call-hangup').click();
      await user.getByTestId('summary').waitFor();
      expect(await user.getByTestId('summary-reason').getAttribute('data-reason')).toBe('consultant');
      expect(await user.getByTestId('summary-rate').textContent()).toBe(`${rupees(rate)}/min`);
      await user.getByTestId('back-to-list').click();
      await guru.getByTestId('dismiss-summary').click();
    }, 90_000);

    it('ends a session by itself when the wallet runs out, after a low-balance banner', async () => {
      const rate = 600; // Meera's chat rate
      const context = await browser.newContext({ viewport: PHONE });
      const newUser = await context.newPage();
      const meeraContext = await browser.newContext({ viewport: DESKTOP });
      const meera = await meeraContext.newPage();
      try {
        await newUser.goto(url);
        await newUser.getByTestId('login-switch').click();
        await newUser.getByTestId('register-name').fill('Kiran Das');
        await newUser.getByTestId('login-email').fill(`kiran-${Date.now()}@example.test`);
        await newUser.getByTestId('login-password').fill('kiran-pass-1');
        await newUser.getByTestId('login-submit').click();
        await newUser.locator('[data-testid="connection"][data-state="open"]').waitFor();
        await expect.poll(() => newUser.getByTestId('chip-balance').textContent()).toBe(rupees(0));
        // ₹1.50 pays for exactly 15 seconds at ₹6.00/min.
        await newUser.getByTestId('tab-wallet').click();
        await newUser.getByTestId('topup-amount').fill('1.50');
        await newUser.getByTestId('topup-submit').click();
        await expect.poll(() => newUser.getByTestId('chip-balance').textContent()).toBe(rupees(150));
        await newUser.getByTestId('tab-consult').click();

        await signIn(meera, url, 'meera@demo.local');
        await requestConsultation(newUser, 'consultant:meera', 'chat');
        await meera.getByTestId('request').getByTestId('accept').click();
        await newUser.getByTestId('session').waitFor();
        await newUser.getByTestId('low-balance-banner').waitFor({ state: 'visible', timeout: 30_000 });
        await shot(newUser, 'user-low-balance', PHONE);
        await newUser.getByTestId('summary').waitFor({ timeout: 40_000 });
        expect(await newUser.getByTestId('summary-reason').getAttribute('data-reason')).toBe('insufficient_funds');
        expect(await newUser.getByTestId('summary-reason').textContent()).toBe('Ended: the wallet ran out of funds');
        expect(await newUser.getByTestId('summary-user-charged').textContent()).toBe(rupees(150));
        expectExactCharges((await readMeter(newUser)).ticks, rate, 150);
        await expect.poll(() => newUser.getByTestId('chip-balance').textContent()).toBe(rupees(0));
        await meera.getByTestId('summary').waitFor();
        await shot(newUser, 'user-funds-out', PHONE);
      } finally {
        await context.close();
        await meeraContext.close();
      }
    }, 120_000);

    it('shows the admin sessions and revenue', async () => {
      const context = await browser.newContext({ viewport: DESKTOP });
      const admin = await context.newPage();
      try {
        await signIn(admin, url, 'admin@demo.local');
        await admin.locator('[data-testid="admin-session"]').first().waitFor();
        expect(await admin.locator('[data-testid="admin-session"]').count()).toBe(3);
        await admin.getByTestId('revenue-commission').waitFor();
        await shot(admin, 'admin', DESKTOP);
        await shot(admin, 'admin', PHONE);
      } finally {
        await context.close();
      }
    });

    it('logged no errors in either page', () => {
      expect(consoleErrors).toEqual([]);
    });
  },
);
