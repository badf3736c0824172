import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(here, '..', 'test-artifacts');

/** Whether the browser suites can run here. */
export const hasChromium = existsSync(CHROMIUM);
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };
/** The larger phone the screen reviews use. */
export const PHONE_390 = { width: 390, height: 844 };

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
export interface PageGlobals {
  readonly document: {
    querySelectorAll(selector: string): Iterable<PageElement>;
    querySelector(selector: string): PageElement | null;
  };
  readonly sessionStorage: { getItem(key: string): string | null };
  readonly localStorage: { getItem(key: string): string | null };
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

/** Takes away the toasts on screen, so that a screenshot shows what they would cover. */
export async function clearToasts(page: Page): Promise<void> {
  await page.evaluate(() =>
    (globalThis as unknown as { document: { getElementById(id: string): { replaceChildren(): void } | null } }).document
      .getElementById('toasts')
      ?.replaceChildren(),
  );
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
      // The remote voice plays (and can be measured) without a click on the page.
      '--autoplay-policy=no-user-gesture-required',
      // Host candidates as plain IPs: two contexts on one machine connect without mDNS or STUN.
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
}

/** The file's one Chromium, launched for the first suite that needs it and closed after the last one ends. */
let sharedBrowser: { launched: Promise<Browser>; users: number } | undefined;

/** The file's Chromium, launched on first use; each call is paired with one {@link releaseBrowser}. */
async function acquireBrowser(): Promise<Browser> {
  sharedBrowser ??= { launched: launchBrowser(), users: 0 };
  sharedBrowser.users += 1;
  return await sharedBrowser.launched;
}

/** Closes the file's Chromium once nothing uses it any more. */
async function releaseBrowser(): Promise<void> {
  if (!sharedBrowser) return;
  sharedBrowser.users -= 1;
  if (sharedBrowser.users > 0) return;
  const { launched } = sharedBrowser;
  sharedBrowser = undefined;
  await (await launched).close();
}

/**
 * A suite that runs in headless Chromium (the file's one browser, launched before its tests and closed after
 * them); skipped, saying why, where there is no Chromium. `body` declares the tests and reads the browser with
 * `browser()`; most suites call {@link chromiumWorld} in it instead.
 */
export function describeInChromium(title: string, body: (browser: () => Browser) => void): void {
  describe.skipIf(!hasChromium)(hasChromium ? title : `${title} (skipped: no ${CHROMIUM})`, () => {
    let launched: Browser | undefined;
    beforeAll(async () => {
      launched = await acquireBrowser();
    });
    afterAll(async () => {
      if (launched) await releaseBrowser();
    });
    body(() => {
      if (!launched) throw new Error('the browser is launched before the first test');
      return launched;
    });
  });
}

/** How {@link chromiumWorld} sets up its pages and checks their consoles. */
export interface ChromiumWorldOptions {
  /**
   * Console errors a suite expects (each use says why), e.g. the 401 a wrong password logs. Every other
   * console error or uncaught exception fails the test it happened in.
   */
  readonly expectedConsoleErrors?: RegExp;
}

/** What {@link chromiumWorld} gives the tests of its `describe` block. */
export interface ChromiumWorld<W> {
  /** The host and its accounts, started before the block's first test. */
  readonly world: W;
  /** The file's headless Chromium. */
  readonly browser: Browser;
  /**
   * A page in a context of its own (camera and microphone allowed, desktop size unless `options` say
   * otherwise); its console errors are recorded as `who`. Closed, with its context, after the block.
   */
  page(who: string, options?: BrowserContextOptions): Promise<Page>;
  /** Lets the running test's pages log console errors matching `pattern` (say why at the call), till it ends. */
  expectConsoleErrors(pattern: RegExp): void;
}

/**
 * The set-up every browser suite shares, for the `describe` block it is called in (inside
 * {@link describeInChromium}): before the block's tests it launches the file's Chromium (once per file) and
 * starts the block's host with `start`; `page()` opens pages; after each test it fails that test if any of
 * the block's pages logged a console error or threw (save those expected through `expectedConsoleErrors` or
 * `expectConsoleErrors`); after the block it
 * closes the pages, the host and, with the file's last block, the browser.
 *
 * @example
 * describeInChromium('the wallet in headless Chromium', () => {
 *   describe.each(MODES)('in %s mode', (mode) => {
 *     const chromium = chromiumWorld(() => startWorld(mode));
 *     it('tops up', async () => {
 *       const user = await chromium.page('user');
 *       await signIn(user, chromium.world.url, chromium.world.user);
 *     });
 *   });
 * });
 */
export function chromiumWorld<W extends { close(): Promise<void> }>(
  start: () => Promise<W>,
  options: ChromiumWorldOptions = {},
): ChromiumWorld<W> {
  let browser: Browser | undefined;
  let world: W | undefined;
  const contexts: BrowserContext[] = [];
  /** Errors logged since the last test ended. */
  const consoleErrors: string[] = [];
  /** What the running test expects its pages to log, besides `options.expectedConsoleErrors`. */
  let expectedThisTest: RegExp[] = [];
  beforeAll(async () => {
    browser = await acquireBrowser();
    world = await start();
  });
  afterEach(() => {
    const expected = [...(options.expectedConsoleErrors ? [options.expectedConsoleErrors] : []), ...expectedThisTest];
    expectedThisTest = [];
    const logged = consoleErrors.splice(0).filter((error) => !expected.some((pattern) => pattern.test(error)));
    expect(logged, 'console errors and uncaught exceptions in the pages during this test').toEqual([]);
  });
  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await world?.close();
    if (browser) await releaseBrowser();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is started before the block's first test`);
    return value;
  };
  return {
    get world() {
      return started(world, 'host');
    },
    get browser() {
      return started(browser, 'browser');
    },
    async page(who, contextOptions = {}) {
      const context = await started(browser, 'browser').newContext({
        viewport: DESKTOP,
        permissions: ['camera', 'microphone'],
        ...contextOptions,
      });
      contexts.push(context);
      const page = await context.newPage();
      recordErrors(page, who, consoleErrors);
      return page;
    },
    expectConsoleErrors(pattern) {
      expectedThisTest.push(pattern);
    },
  };
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

/**
 * Waits until a page's voice call is connected and the other side's voice is heard: the remote stream has
 * audio and no video, and the fake microphone's tone reaches this page (a Web Audio analyser sees a signal).
 */
export async function expectVoiceConnected(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('call-state').textContent(), { timeout: 20_000 }).toBe('Connected');
  const remote = page.getByTestId('remote-video');
  const tracks = await remote.evaluate((v) => {
    const stream = (v as unknown as { srcObject: { getAudioTracks(): unknown[]; getVideoTracks(): unknown[] } | null })
      .srcObject;
    return { audio: stream?.getAudioTracks().length ?? 0, video: stream?.getVideoTracks().length ?? 0 };
  });
  expect(tracks).toEqual({ audio: 1, video: 0 });
  await expect.poll(() => remote.evaluate(peakLevel, 1500), { timeout: 30_000, interval: 0 }).toBeGreaterThan(0);
}

/** In the page: the loudest sample of an element's stream over `ms`, 0–128 around silence. */
async function peakLevel(element: unknown, ms: number): Promise<number> {
  // biome-ignore lint/suspicious/noExplicitAny: Web Audio is not in the root tsconfig's libs.
  const g = globalThis as any;
  const context = new g.AudioContext();
  await context.resume();
  const analyser = context.createAnalyser();
  context.createMediaStreamSource((element as { srcObject: unknown }).srcObject).connect(analyser);
  const samples = new Uint8Array(analyser.fftSize);
  let peak = 0;
  const until = g.performance.now() + ms;
  while (g.performance.now() < until) {
    analyser.getByteTimeDomainData(samples);
    for (const sample of samples) peak = Math.max(peak, Math.abs(sample - 128));
    await new Promise((resolve) => g.setTimeout(resolve, 40));
  }
  await context.close();
  return peak;
}
