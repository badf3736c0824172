import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFrom,
  clearToasts,
  consultantCard,
  DESKTOP,
  due,
  expectExactCharges,
  goAvailable,
  hasChromium,
  launchBrowser,
  newContext,
  readMeter,
  recordErrors,
  requestConsultation,
  rupees,
  shot,
  signIn,
  statusAfterRefresh,
  waitForTicks,
} from './browser.js';
import { GURU_RATES, MODES, START_BALANCE, startWorld, type World } from './world.js';

/** The phone size the new screens are checked at. */
const PHONE = { width: 390, height: 844 };
/** Each flow drives two or three pages and real seconds of billing: generous on a loaded machine. */
const FLOW_TIMEOUT_MS = 300_000;
/** What the second user pays in before joining the waitlist. */
const KIRAN_BALANCE = 20_000;

/** Fills the request dialog's birth details (the same dialog joins a waitlist) and submits it. */
async function fillBirthDetails(page: Page, name: string): Promise<void> {
  const dialog = page.getByTestId('request-dialog');
  await dialog.getByLabel('Full name').fill(name);
  await dialog.getByLabel('Date of birth').fill('1991-07-02');
  await dialog.getByLabel('Place of birth').fill('Nashik, Maharashtra, India');
  await dialog.getByLabel('Your question').fill('When is a good time to buy a house?');
  await dialog.getByTestId('request-submit').click();
}

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'waitlist and free minutes in headless Chromium'
    : 'waitlist in Chromium (skipped: no /usr/bin/chromium)',
  () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    describe.each(MODES)('in %s mode', (mode) => {
      const demo = mode === 'demo';
      const capture = async (page: Page, name: string, size: typeof DESKTOP) => {
        if (!demo) return;
        await clearToasts(page); // a notice from a moment ago would cover the screen being shown
        await shot(page, name, size);
      };

      it(
        'waitlist offer accepted: a user waits for a busy consultant, takes the freed slot and is billed exactly',
        async () => {
          const world = await startWorld(mode, 'stripe', { WAITLIST_OFFER_SECONDS: '120' });
          const errors: string[] = [];
          const pages: Page[] = [];
          const open = async (who: string) => {
            const page = await (await newContext(browser)).newPage();
            recordErrors(page, who, errors);
            pages.push(page);
            return page;
          };
          try {
            const guru = await open('consultant');
            await signIn(guru, world.url, world.consultant);
            await goAvailable(guru);
            // Asha's consultation keeps Guru busy.
            const asha = await open('asha');
            await signIn(asha, world.url, world.user);
            await requestConsultation(asha, world.consultant.id, 'chat');
            await guru.getByTestId('request').getByTestId('accept').click();
            await asha.getByTestId('session').waitFor();

            const kiran = await open('kiran');
            const login = await registerUser(world, 'Kiran Patil');
            await signIn(kiran, world.url, login);
            await world.payIn(kiran, KIRAN_BALANCE);
            await expect.poll(() => statusAfterRefresh(kiran, world.consultant.id), { timeout: 20_000 }).toBe('busy');
            const card = consultantCard(kiran, world.consultant.id);
            await capture(kiran, 'user-browse-busy', DESKTOP);
            await capture(kiran, 'user-browse-busy', PHONE);
            await card.getByTestId('join-waitlist').click();
            expect(await kiran.getByTestId('request-submit').textContent()).toBe('Join the waitlist');
            await capture(kiran, 'user-waitlist-dialog', DESKTOP);
            await capture(kiran, 'user-waitlist-dialog', PHONE);
            await fillBirthDetails(kiran, 'Kiran Patil');

            const stage = kiran.getByTestId('waitlist');
            await stage.waitFor();
            expect(await kiran.getByTestId('waitlist-position').getAttribute('data-position')).toBe('1');
            expect(await kiran.getByTestId('waitlist-estimate').textContent()).toMatch(
              /^Estimated wait: about \d+ minutes$/,
            );
            await capture(kiran, 'user-waitlist', DESKTOP);
            await capture(kiran, 'user-waitlist', PHONE);
            // A reload comes back to the place in line.
            await kiran.reload();
            await kiran.locator('[data-testid="waitlist-position"][data-position="1"]').waitFor();
            await expect
              .poll(() => kiran.getByTestId('chip-balance').textContent(), { timeout: 10_000 })
              .toBe(rupees(KIRAN_BALANCE));

            // Asha ends: the slot is offered to Kiran, with a countdown, and to nobody else.
            await asha.getByTestId('end-session').click();
            await asha.getByTestId('summary').waitFor();
            const countdown = kiran.getByTestId('offer-countdown');
            await countdown.waitFor({ timeout: 20_000 });
            const first = await countdown.textContent();
            expect(first).toMatch(/^[12]:\d\d$/);
            await expect.poll(() => countdown.textContent(), { timeout: 10_000 }).not.toBe(first);
            await capture(kiran, 'user-waitlist-offer', DESKTOP);
            await capture(kiran, 'user-waitlist-offer', PHONE);
            expect(await guru.getByTestId('request').count()).toBe(0);

            await kiran.getByTestId('accept-offer').click();
            await kiran.getByTestId('waiting').waitFor();
            const request = guru.getByTestId('request');
            await expect
              .poll(() => request.getByTestId('bd-name').textContent(), { timeout: 20_000 })
              .toBe('Kiran Patil');
            await request.getByTestId('accept').click();
            await kiran.getByTestId('session').waitFor();

            const rate = GURU_RATES.chat;
            const ticks = await waitForTicks(kiran, 3);
            expectExactCharges(ticks, rate, KIRAN_BALANCE);
            await kiran.getByTestId('end-session').click();
            await kiran.getByTestId('summary').waitFor();
            const [ended] = await apiFrom<
              Array<{ source: string; userId: string; summary: { userCharged: number; secondsBilled: number } }>
            >(kiran, '/api/consultations');
            expect(ended).toMatchObject({ source: 'waitlist' });
            expect(ended?.summary.userCharged).toBe(due(rate, ended?.summary.secondsBilled ?? -1));
            const wallet = await apiFrom<{ balance: number }>(kiran, '/api/wallet');
            expect(wallet.balance).toBe(KIRAN_BALANCE - (ended?.summary.userCharged ?? 0));
            expect(errors).toEqual([]);
          } finally {
            for (const page of pages) await page.context().close();
            await world.close();
          }
        },
        FLOW_TIMEOUT_MS,
      );

      it(
        'free minutes then paid seconds on one balance: the badge and the dialog say so, the meter and summary show it',
        async () => {
          const world = await startWorld(mode, 'stripe', { FIRST_CONSULTATION_FREE_SECONDS: '10' });
          const errors: string[] = [];
          const guru = await (await newContext(browser)).newPage();
          const asha = await (await newContext(browser)).newPage();
          recordErrors(guru, 'consultant', errors);
          recordErrors(asha, 'user', errors);
          try {
            await signIn(guru, world.url, world.consultant);
            await goAvailable(guru);
            await signIn(asha, world.url, world.user);
            await expect.poll(() => statusAfterRefresh(asha, world.consultant.id), { timeout: 20_000 }).toBe('online');
            const badge = consultantCard(asha, world.consultant.id).getByTestId('free-badge');
            expect(await badge.textContent()).toBe('First 10 seconds free');
            await capture(asha, 'user-browse-free', DESKTOP);
            await capture(asha, 'user-browse-free', PHONE);
            await consultantCard(asha, world.consultant.id).getByTestId('request-chat').click();
            expect(await asha.getByTestId('request-free').textContent()).toContain('First 10 seconds free.');
            await capture(asha, 'user-request-free', DESKTOP);
            await capture(asha, 'user-request-free', PHONE);
            await asha.getByTestId('request-dialog').getByRole('button', { name: 'Cancel' }).click();
            await requestConsultation(asha, world.consultant.id, 'chat');
            await guru.getByTestId('request').getByTestId('accept').click();
            await asha.getByTestId('session').waitFor();

            const rate = GURU_RATES.chat;
            /** What the user pays for the first `s` seconds: nothing for the first 10, then due(s) − due(10). */
            const userDue = (s: number) => due(rate, s) - due(rate, Math.min(s, 10));
            await expect
              .poll(() => asha.getByTestId('free-left').textContent(), { timeout: 20_000 })
              .toMatch(/^0:0\d$/);
            await capture(asha, 'user-meter-free', DESKTOP);
            await capture(asha, 'user-meter-free', PHONE);
            const ticks = await waitForTicks(asha, 14);
            let previous = 0;
            let balance = START_BALANCE;
            for (const tick of ticks) {
              expect(tick.charged, `interval ${tick.interval}`).toBe(userDue(tick.seconds) - userDue(previous));
              balance -= tick.charged;
              expect(tick.balance, `balance after interval ${tick.interval}`).toBe(balance);
              previous = tick.seconds;
            }
            // The first ten seconds cost the wallet nothing; the platform paid them.
            const { ticks: shown } = await readMeter(asha);
            expect(shown.filter((t) => t.seconds <= 10).every((t) => t.charged === 0)).toBe(true);
            expect(shown.some((t) => t.seconds > 10 && t.charged > 0)).toBe(true);
            await expect.poll(() => asha.getByTestId('free-left').textContent()).toBe('Used');

            await asha.getByTestId('end-session').click();
            await asha.getByTestId('summary').waitFor();
            const { session } = await apiFrom<{
              session: {
                summary: { secondsBilled: number; userCharged: number; promoCharged: number; freeSeconds: number };
              };
            }>(asha, `/api/consultations/${encodeURIComponent(await lastSessionId(asha))}`);
            expect(session.summary).toMatchObject({
              freeSeconds: 10,
              promoCharged: due(rate, 10),
              userCharged: userDue(session.summary.secondsBilled),
            });
            expect(await asha.getByTestId('summary-free').textContent()).toBe(
              `0:10 (${rupees(due(rate, 10))} paid by the platform)`,
            );
            expect(await asha.getByTestId('summary-user-charged').textContent()).toBe(
              rupees(session.summary.userCharged),
            );
            expect((await apiFrom<{ balance: number }>(asha, '/api/wallet')).balance).toBe(
              START_BALANCE - session.summary.userCharged,
            );
            await capture(asha, 'user-summary-free', DESKTOP);
            await capture(asha, 'user-summary-free', PHONE);
            expect(errors).toEqual([]);
          } finally {
            await guru.context().close();
            await asha.context().close();
            await world.close();
          }
        },
        FLOW_TIMEOUT_MS,
      );

      it(
        'a consultant offers free minutes to new clients, within the bound, and users see them before the request',
        async () => {
          const world = await startWorld(mode, 'stripe', { MAX_PROMOTION_FREE_SECONDS: '120' });
          const errors: string[] = [];
          const guru = await (await newContext(browser)).newPage();
          const asha = await (await newContext(browser)).newPage();
          recordErrors(guru, 'consultant', errors);
          recordErrors(asha, 'user', errors);
          try {
            await signIn(guru, world.url, world.consultant);
            await goAvailable(guru);
            const card = guru.getByTestId('promotion');
            await card.waitFor();
            expect(await card.getByTestId('promotion-select').locator('option').allTextContents()).toEqual([
              'None',
              '1 minute',
              '2 minutes',
            ]);
            await card.getByTestId('promotion-select').selectOption('120');
            await card.getByTestId('promotion-save').click();
            await expect
              .poll(() => card.getByTestId('promotion-current').textContent())
              .toBe('New clients get their first 2 minutes free.');
            await capture(guru, 'consultant-promotion', DESKTOP);
            await capture(guru, 'consultant-promotion', PHONE);

            await signIn(asha, world.url, world.user);
            await expect.poll(() => statusAfterRefresh(asha, world.consultant.id), { timeout: 20_000 }).toBe('online');
            const badge = consultantCard(asha, world.consultant.id).getByTestId('free-badge');
            expect(await badge.textContent()).toBe('First 2 minutes free');
            expect(await consultantCard(asha, world.secondConsultant.id).getByTestId('free-badge').count()).toBe(0);
            await consultantCard(asha, world.consultant.id).getByTestId('request-chat').click();
            expect(await asha.getByTestId('request-free').textContent()).toContain('First 2 minutes free.');
            expect(errors).toEqual([]);
          } finally {
            await guru.context().close();
            await asha.context().close();
            await world.close();
          }
        },
        FLOW_TIMEOUT_MS,
      );
    });
  },
);

/** The newest consultation of the signed-in user. */
async function lastSessionId(page: Page): Promise<string> {
  const [last] = await apiFrom<Array<{ id: string }>>(page, '/api/consultations');
  return last?.id ?? '';
}

/** A user who signs up through the API (both modes); they pay in from their page. */
async function registerUser(world: World, name: string): Promise<{ email: string; password: string }> {
  const tag = randomUUID().slice(0, 8);
  const login = { email: `kiran-${tag}@example.test`, password: `kiran-${tag}-pass` };
  const response = await fetch(new URL('/api/auth/register', world.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, role: 'user', ...login }),
  });
  if (!response.ok) throw new Error(`register: ${response.status} ${await response.text()}`);
  return login;
}
