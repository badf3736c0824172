import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import hi from '../src/locales/hi.json' with { type: 'json' };
import {
  apiFrom,
  type ChromiumWorld,
  chromiumWorld,
  clearToasts,
  consultantCard,
  DESKTOP,
  describeInChromium,
  due,
  expectExactCharges,
  goAvailable,
  type Login,
  readMeter,
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
/** What each user who joins the waitlist pays in first (Kiran in every test, Devi too when two wait). */
const KIRAN_BALANCE = 20_000;
/** An offer nobody can miss on a loaded machine: the test presses its buttons long before it lapses. */
const PATIENT_OFFER_SECONDS = 600;
/**
 * An offer that lapses within the test: short, yet longer than the few steps that must happen while it is
 * open (the page showing it); every wait for its end is a condition, not a sleep.
 */
const BRIEF_OFFER_SECONDS = 15;
/** How long a test waits for an offer to lapse: its lifetime and a loaded machine's delays on top. */
const LAPSE_TIMEOUT_MS = (BRIEF_OFFER_SECONDS + 45) * 1000;

/** Fills the request dialog's birth details (the same dialog joins a waitlist) and submits it. */
async function fillBirthDetails(page: Page, name: string): Promise<void> {
  const dialog = page.getByTestId('request-dialog');
  await dialog.getByLabel('Full name').fill(name);
  await dialog.getByLabel('Date of birth').fill('1991-07-02');
  await dialog.getByLabel('Place of birth').fill('Nashik, Maharashtra, India');
  await dialog.getByLabel('Your question').fill('When is a good time to buy a house?');
  await dialog.getByTestId('request-submit').click();
}

/** The place in line a waiting user's page shows (`null` when it shows none). */
async function placeShown(page: Page): Promise<string | null> {
  const position = page.getByTestId('waitlist-position');
  return (await position.count()) === 0 ? null : await position.getAttribute('data-position');
}

/**
 * Guru is available and busy with Asha's chat: the scene every waitlist test starts from.
 * Returns the consultant's page and Asha's.
 */
async function guruBusyWithAsha(chromium: ChromiumWorld<World>): Promise<{ guru: Page; asha: Page }> {
  const { world } = chromium;
  const guru = await chromium.page('consultant');
  await signIn(guru, world.url, world.consultant);
  await goAvailable(guru);
  const asha = await chromium.page('asha');
  await signIn(asha, world.url, world.user);
  await requestConsultation(asha, world.consultant.id, 'chat');
  await guru.getByTestId('request').getByTestId('accept').click();
  await asha.getByTestId('session').waitFor();
  return { guru, asha };
}

/** A new user who signs up, pays in, and joins the waitlist of busy Guru for a chat; returns their page. */
async function joinsTheWaitlist(chromium: ChromiumWorld<World>, name: string, handle: string): Promise<Page> {
  const { world } = chromium;
  const page = await chromium.page(handle);
  await signIn(page, world.url, await registerUser(world, name, handle));
  await world.payIn(page, KIRAN_BALANCE);
  await expect.poll(() => statusAfterRefresh(page, world.consultant.id), { timeout: 20_000 }).toBe('busy');
  await consultantCard(page, world.consultant.id).getByTestId('join-waitlist').click();
  await fillBirthDetails(page, name);
  await page.getByTestId('waitlist').waitFor();
  return page;
}

/** Kiran, then Devi, join busy Guru's waitlist; resolves once Devi's page says second and Kiran's follows the queue growing behind them. */
async function kiranThenDevi(chromium: ChromiumWorld<World>): Promise<{ kiran: Page; devi: Page }> {
  const kiran = await joinsTheWaitlist(chromium, 'Kiran Patil', 'kiran');
  const devi = await joinsTheWaitlist(chromium, 'Devi Nair', 'devi');
  await expect.poll(() => placeShown(devi)).toBe('2');
  await expect.poll(() => kiran.getByTestId('waitlist-position').textContent()).toBe('Chat · 2 people waiting');
  return { kiran, devi };
}

describeInChromium('waitlist and free minutes in headless Chromium', () => {
  describe.each(MODES)('in %s mode', (mode) => {
    const demo = mode === 'demo';
    const capture = async (page: Page, name: string, size: typeof DESKTOP) => {
      if (!demo) return;
      await clearToasts(page); // a notice from a moment ago would cover the screen being shown
      await shot(page, name, size);
    };

    describe('an offer taken', () => {
      const chromium = chromiumWorld(() => startWorld(mode, 'stripe', { WAITLIST_OFFER_SECONDS: '120' }));

      it(
        'waitlist offer accepted: a user waits for a busy consultant, takes the freed slot and is billed exactly',
        async () => {
          const { world } = chromium;
          const guru = await chromium.page('consultant');
          await signIn(guru, world.url, world.consultant);
          await goAvailable(guru);
          // Asha's consultation keeps Guru busy.
          const asha = await chromium.page('asha');
          await signIn(asha, world.url, world.user);
          await requestConsultation(asha, world.consultant.id, 'chat');
          await guru.getByTestId('request').getByTestId('accept').click();
          await asha.getByTestId('session').waitFor();

          const kiran = await chromium.page('kiran');
          const login = await registerUser(world, 'Kiran Patil', 'kiran');
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
        },
        FLOW_TIMEOUT_MS,
      );
    });

    describe('an offer passed on', () => {
      const chromium = chromiumWorld(() =>
        startWorld(mode, 'stripe', { WAITLIST_OFFER_SECONDS: String(PATIENT_OFFER_SECONDS) }),
      );

      it(
        'the first in line passes: the next one moves up, then gets the offer with a countdown and takes it',
        async () => {
          const { world } = chromium;
          const { guru, asha } = await guruBusyWithAsha(chromium);
          const { kiran, devi } = await kiranThenDevi(chromium);
          expect(await placeShown(kiran)).toBe('1');

          await asha.getByTestId('end-session').click();
          await asha.getByTestId('summary').waitFor();
          const countdown = kiran.getByTestId('offer-countdown');
          await countdown.waitFor({ timeout: 20_000 });
          expect(await countdown.textContent()).toMatch(/^\d+:\d\d$/);
          // Kiran holds the slot: Devi is first in line now, with nobody behind her.
          await expect.poll(() => placeShown(devi)).toBe('1');
          expect(await devi.getByTestId('waitlist-position').textContent()).toBe('Chat · 1 person waiting');
          expect(await devi.getByTestId('offer-countdown').count()).toBe(0);
          expect(await guru.getByTestId('request').count()).toBe(0);

          await kiran.getByTestId('pass-offer').click();
          // Kiran is back at the directory, waiting nowhere.
          await consultantCard(kiran, world.consultant.id).waitFor();
          expect(await apiFrom(kiran, '/api/me/waitlist')).toEqual({ waiting: null, offer: null });
          const deviCountdown = devi.getByTestId('offer-countdown');
          await deviCountdown.waitFor({ timeout: 20_000 });
          expect(await deviCountdown.textContent()).toMatch(/^\d+:\d\d$/);
          const first = await deviCountdown.textContent();
          await expect.poll(() => deviCountdown.textContent()).not.toBe(first);
          expect(await devi.getByRole('heading', { level: 2 }).textContent()).toMatch(/ is free now$/);
          await capture(devi, 'user-waitlist-offer-next', DESKTOP);
          await capture(devi, 'user-waitlist-offer-next', PHONE);

          await devi.getByTestId('accept-offer').click();
          await devi.getByTestId('waiting').waitFor();
          await expect
            .poll(() => guru.getByTestId('request').getByTestId('bd-name').textContent(), { timeout: 20_000 })
            .toBe('Devi Nair');
        },
        FLOW_TIMEOUT_MS,
      );
    });

    describe('an offer nobody answers', () => {
      const chromium = chromiumWorld(() =>
        startWorld(mode, 'stripe', { WAITLIST_OFFER_SECONDS: String(BRIEF_OFFER_SECONDS) }),
      );

      it(
        'lapses to the next in line; each page says so in a sentence, and joining again puts the user back in line',
        async () => {
          const { world } = chromium;
          const { guru, asha } = await guruBusyWithAsha(chromium);
          const { name } = await apiFrom<{ name: string }>(asha, `/api/consultants/${world.consultant.id}`);
          const { kiran, devi } = await kiranThenDevi(chromium);
          // Devi reads the waitlist in Hindi: her page draws her place in line again, in Hindi.
          await devi.getByTestId('language-hi').click();
          await expect
            .poll(() => devi.getByTestId('waitlist-position').textContent())
            .toBe(`चैट · ${hi.waitlist.people_other.replace('{{count}}', '2')}`);
          // Devi's offer is open for seconds only: watch for it from now, and read the watch once it is over.
          const deviWasOffered = devi
            .getByTestId('offer-countdown')
            .waitFor({ timeout: 2 * LAPSE_TIMEOUT_MS })
            .then(
              () => true,
              () => false,
            );

          await asha.getByTestId('end-session').click();
          await asha.getByTestId('summary').waitFor();
          // Kiran lets the offer run out: the page says so where the offer was, and stays until Kiran chooses.
          const lapsed = kiran.getByTestId('offer-lapsed');
          await lapsed.waitFor({ timeout: LAPSE_TIMEOUT_MS });
          expect(await lapsed.textContent()).toBe(
            `Your slot with ${name} expired. Join the waitlist again to get the next one.`,
          );
          expect(await kiran.getByRole('heading', { level: 2 }).textContent()).toBe('Your turn has passed');
          expect(await kiran.getByTestId('join-again').textContent()).toBe('Join the waitlist again');
          await capture(kiran, 'user-waitlist-lapsed', DESKTOP);
          await capture(kiran, 'user-waitlist-lapsed', PHONE);

          // The slot went to Devi, and lapsed for her too: her page says so, in Hindi.
          expect(await deviWasOffered, 'Devi was offered the slot after Kiran').toBe(true);
          const deviLapsed = devi.getByTestId('offer-lapsed');
          await deviLapsed.waitFor({ timeout: LAPSE_TIMEOUT_MS });
          expect(await deviLapsed.textContent()).toBe(hi.waitlist.expired.replace('{{name}}', name));
          expect(await devi.getByTestId('join-again').textContent()).toBe(hi.waitlist.joinAgain);
          await capture(devi, 'hindi-user-waitlist-lapsed', DESKTOP);
          await capture(devi, 'hindi-user-waitlist-lapsed', PHONE);
          expect(await guru.getByTestId('request').count()).toBe(0);

          // Guru takes Asha again; Kiran joins again from the lapsed screen and is first in line.
          await asha.getByTestId('back-to-list').click();
          await requestConsultation(asha, world.consultant.id, 'chat');
          await guru.getByTestId('request').getByTestId('accept').click();
          await asha.getByTestId('session').waitFor();
          await kiran.getByTestId('join-again').click();
          await expect.poll(() => placeShown(kiran)).toBe('1');
          expect(await kiran.getByTestId('waitlist-position').textContent()).toBe('Chat · 1 person waiting');
          // Devi goes back to the directory from hers.
          await devi.getByTestId('lapsed-back').click();
          await consultantCard(devi, world.consultant.id).waitFor();
          expect(await apiFrom(devi, '/api/me/waitlist')).toEqual({ waiting: null, offer: null });
        },
        FLOW_TIMEOUT_MS,
      );
    });

    describe('free first minutes', () => {
      const chromium = chromiumWorld(() => startWorld(mode, 'stripe', { FIRST_CONSULTATION_FREE_SECONDS: '10' }));

      it(
        'free minutes then paid seconds on one balance: the badge and the dialog say so, the meter and summary show it',
        async () => {
          const { world } = chromium;
          const guru = await chromium.page('consultant');
          const asha = await chromium.page('user');
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
          await expect.poll(() => asha.getByTestId('free-left').textContent(), { timeout: 20_000 }).toMatch(/^0:0\d$/);
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
        },
        FLOW_TIMEOUT_MS,
      );
    });

    describe("a consultant's promotion", () => {
      const chromium = chromiumWorld(() => startWorld(mode, 'stripe', { MAX_PROMOTION_FREE_SECONDS: '120' }));

      it(
        'a consultant offers free minutes to new clients, within the bound, and users see them before the request',
        async () => {
          const { world } = chromium;
          const guru = await chromium.page('consultant');
          const asha = await chromium.page('user');
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
        },
        FLOW_TIMEOUT_MS,
      );
    });
  });
});

/** The newest consultation of the signed-in user. */
async function lastSessionId(page: Page): Promise<string> {
  const [last] = await apiFrom<Array<{ id: string }>>(page, '/api/consultations');
  return last?.id ?? '';
}

/** A user who signs up through the API (both modes); they pay in from their page. */
async function registerUser(world: World, name: string, handle: string): Promise<Login> {
  const tag = randomUUID().slice(0, 8);
  const login = { email: `${handle}-${tag}@example.test`, password: `${handle}-${tag}-pass` };
  const response = await fetch(new URL('/api/auth/register', world.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, role: 'user', ...login }),
  });
  if (!response.ok) throw new Error(`register: ${response.status} ${await response.text()}`);
  return login;
}
