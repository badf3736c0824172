// What a person meets around a consultation: refusals as sentences, a wallet too small to start, the
// low-balance banner and its quick top-up in a running chat, a voice call, and the screens after it.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiFrom,
  chromiumWorld,
  consultantCard,
  DESKTOP,
  describeInChromium,
  due,
  expectExactCharges,
  expectVoiceConnected,
  goAvailable,
  type PageElement,
  type PageGlobals,
  PHONE_390,
  readMeter,
  requestConsultation,
  rupees,
  shot,
  signIn,
  statusAfterRefresh,
  waitForTicks,
} from './browser.js';
import { signInBoth, startConsultation } from './flows.js';
import { standInRazorpay, standInStripe } from './stand-ins.js';
import { GURU_RATES, MEERA_RATES, MODES, START_BALANCE, startWorld, type World } from './world.js';

/** Seconds left at which the banner shows: long enough for a checkout on a loaded machine. */
const LOW_BALANCE_SECONDS = 40;
/** What the banner's button adds. */
const QUICK_TOP_UP = 10_000;

/** The refusals the tests cause on purpose (402, 404, 401): Chromium logs each failed request as a console error. */
const FAILED_REQUEST = /^\w+: Failed to load resource/;

describeInChromium('around a consultation in headless Chromium', () => {
  describe.each(MODES)('in %s mode', (mode) => {
    const demo = mode === 'demo';
    const chromium = chromiumWorld(
      () => startWorld(mode, 'stripe', { LOW_BALANCE_SECONDS: String(LOW_BALANCE_SECONDS) }),
      { expectedConsoleErrors: FAILED_REQUEST },
    );
    let world: World;
    let kiran: Page;
    let guru: Page;
    let meera: Page;
    /** Screenshots are taken once, in demo mode: the pages look the same in both. */
    const capture = async (page: Page, name: string) => {
      if (!demo) return;
      await shot(page, name, DESKTOP);
      await shot(page, name, PHONE_390);
    };

    beforeAll(async () => {
      world = chromium.world;
      [kiran, guru, meera] = [await chromium.page('user'), await chromium.page('guru'), await chromium.page('meera')];
      await signIn(guru, world.url, world.consultant);
      await signIn(meera, world.url, world.secondConsultant);
    }, 60_000);

    it('says a wrong password, and every refusal the host answers, as a sentence with a next step', async () => {
      await goAvailable(guru);
      await goAvailable(meera);
      await kiran.goto(world.url);
      await kiran.getByTestId('login-email').fill(world.user.email);
      await kiran.getByTestId('login-password').fill('not-the-password');
      await kiran.getByTestId('login-submit').click();
      await expect
        .poll(() => kiran.getByTestId('login-error').textContent())
        .toBe('That email and password do not match. Check them and try again.');
      await capture(kiran, 'login-wrong-password');

      // A new user, with an empty wallet.
      await kiran.getByTestId('login-switch').click();
      await kiran.getByTestId('register-name').fill('Kiran Das');
      await kiran.getByTestId('login-email').fill(`kiran-${Date.now()}@example.test`);
      await kiran.getByTestId('login-password').fill('kiran-pass-1');
      await kiran.getByTestId('login-submit').click();
      await kiran.locator('[data-testid="connection"][data-state="open"]').waitFor();
      await expect.poll(() => kiran.getByTestId('chip-balance').textContent()).toBe(rupees(0));

      // Refusals induced through the page's own API client: each reads as the table's sentence.
      // (A script string: the test runner rewrites a dynamic import written in a test's own code.)
      const refusals = await kiran.evaluate(`(async () => {
        const { api } = await import('/src/api.js');
        const { rt } = await import('/src/state.js');
        const said = (call) => call().then(() => 'accepted', (e) => e.code + ' → ' + e.message);
        return [
          await said(() => api.requestConsultation(${JSON.stringify(world.secondConsultant.id)}, 'chat')),
          await said(() => api.requestConsultation(${JSON.stringify(world.secondConsultant.id)}, 'video')),
          await said(() => api.rate('session:nothing-here', 5, '')),
          await said(() => rt({ type: 'chat.send', conversationId: 'conversation:nothing-here', clientMessageId: 'c1', text: 'hi' })),
        ];
      })()`);
      expect(refusals).toEqual([
        'INSUFFICIENT_FUNDS → Your wallet does not have enough for this. Top up your wallet, then try again.',
        'SERVICE_NOT_OFFERED → This consultant does not offer that kind of consultation. Choose another.',
        'SESSION_NOT_FOUND → This consultation no longer exists. Reload the page to see where things stand.',
        'CONVERSATION_NOT_FOUND → This conversation no longer exists. Reload the page.',
      ]);
    });

    it('tells a user with ₹0 what a consultation needs to start and offers a top-up', async () => {
      await expect.poll(() => statusAfterRefresh(kiran, world.secondConsultant.id), { timeout: 20_000 }).toBe('online');
      await consultantCard(kiran, world.secondConsultant.id).getByTestId('request-chat').click();
      const dialog = kiran.getByTestId('request-dialog');
      await dialog.waitFor();
      // The test host asks for 10 seconds of service to start: at ₹6.00/min that is ₹1.00.
      const needed = due(MEERA_RATES.chat, 10);
      expect(await dialog.getByTestId('estimate').textContent()).toBe(
        `A chat at ${rupees(MEERA_RATES.chat)}/min needs at least ${rupees(needed)} in your wallet to start; you have ${rupees(0)}. Top up to send this request.`,
      );
      expect(await dialog.getByTestId('request-submit').isDisabled()).toBe(true);
      await capture(kiran, 'user-request-empty-wallet');
      await dialog.getByTestId('request-topup').click();
      await dialog.waitFor({ state: 'detached' });
      expect(await kiran.getByTestId('tab-wallet').getAttribute('aria-selected')).toBe('true');
      await expect
        .poll(() =>
          kiran.evaluate(
            () =>
              (globalThis as unknown as { document: { activeElement: PageElement | null } }).document.activeElement
                ?.dataset.testid,
          ),
        )
        .toBe('topup-amount');
    });

    it("keeps the low-balance banner's time left the meter's, and its quick top-up keeps the chat going", async () => {
      const rate = MEERA_RATES.chat;
      // ₹5.00 pays for 50 seconds: the banner shows from the tenth, with time to pay before the end.
      const opening = 500;
      await world.payIn(kiran, opening);
      await expect.poll(() => kiran.getByTestId('chip-balance').textContent()).toBe(rupees(opening));
      const stripe = demo ? null : await standInStripe(kiran, world, ['pay']);
      await startConsultation(kiran, meera, world.secondConsultant.id);
      const banner = kiran.getByTestId('low-balance-banner');
      await banner.waitFor({ state: 'visible', timeout: 30_000 });

      // The banner says what the meter says, second by second.
      const agreement = () =>
        kiran.evaluate(() => {
          const { document } = globalThis as unknown as PageGlobals;
          const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
          const left = text('time-left');
          return { matches: text('low-balance-text').includes(`about ${left} left`), left };
        });
      await expect.poll(async () => (await agreement()).matches).toBe(true);
      const first = (await agreement()).left;
      await expect
        .poll(async () => {
          const now = await agreement();
          return now.matches && now.left !== first;
        })
        .toBe(true);
      await capture(kiran, 'user-low-balance-banner');

      // The quick top-up: demo mode's simulated checkout, or Stripe's Payment Element over the chat.
      await banner.getByTestId('banner-topup').click();
      if (!demo) {
        const card = kiran.getByTestId('card-dialog');
        await card.waitFor();
        await kiran.getByTestId('session').waitFor(); // the chat is still there, under the checkout
        await card.getByTestId('card-pay').click();
        await card.waitFor({ state: 'detached' });
        expect(stripe?.attempts.length).toBe(1);
      }
      await banner.waitFor({ state: 'hidden' });
      // The consultation goes on past what the opening balance paid for, and both still write.
      await kiran.getByTestId('chat-input').fill('Thank you, I have topped up.');
      await kiran.getByTestId('chat-send').click();
      await expect
        .poll(() =>
          meera.locator('[data-testid="message"][data-mine="false"] [data-testid="message-text"]').last().textContent(),
        )
        .toBe('Thank you, I have topped up.');
      await expect
        .poll(async () => (await readMeter(kiran)).ticks.at(-1)?.seconds ?? 0, { timeout: 60_000 })
        .toBeGreaterThan(55);
      expect(await kiran.getByTestId('session-status').textContent()).toBe('Live');
      expectExactCharges((await readMeter(kiran)).ticks, rate, opening, [QUICK_TOP_UP]);
      await capture(kiran, 'user-after-quick-top-up');

      await kiran.getByTestId('end-session').click();
      await kiran.getByTestId('summary').waitFor();
      expect(await kiran.getByTestId('summary-reason').getAttribute('data-reason')).toBe('user');
      expectExactCharges((await readMeter(kiran)).ticks, rate, opening, [QUICK_TOP_UP]);
      const [ended] = await apiFrom<Array<{ summary: { secondsBilled: number; userCharged: number } }>>(
        kiran,
        '/api/consultations',
      );
      expect(ended?.summary.userCharged).toBe(due(rate, ended?.summary.secondsBilled ?? -1));
      const wallet = await apiFrom<{ balance: number }>(kiran, '/api/wallet');
      expect(wallet.balance).toBe(opening + QUICK_TOP_UP - (ended?.summary.userCharged ?? 0));
      await expect.poll(() => kiran.getByTestId('chip-balance').textContent()).toBe(rupees(wallet.balance));

      // The consultant's recent list has it at once, with the client's name.
      await meera.getByTestId('summary').waitFor();
      await expect.poll(() => meera.getByTestId('recent-client').first().textContent()).toBe('Asha Rao · Chat');
      await capture(meera, 'consultant-recent');
      await kiran.getByTestId('back-to-list').click();
      await meera.getByTestId('dismiss-summary').click();
    }, 150_000);

    it('connects a voice consultation with the fake microphone, bills it at the voice rate and ends it cleanly', async () => {
      const rate = GURU_RATES.voice;
      const opening = (await apiFrom<{ balance: number }>(kiran, '/api/wallet')).balance;
      await requestConsultation(kiran, world.consultant.id, 'voice');
      await guru.getByTestId('request').getByTestId('accept').click();
      for (const page of [kiran, guru]) await expectVoiceConnected(page);
      const ticks = await waitForTicks(kiran, 3);
      expectExactCharges(ticks, rate, opening);

      // The consultant's live session leads the page, above availability and requests, and the subtitle
      // says they are online.
      const top = async (id: string) => (await guru.getByTestId(id).boundingBox())?.y ?? Number.NaN;
      expect(await top('session')).toBeLessThan(await top('online-toggle'));
      expect(await guru.getByTestId('consultant-subtitle').textContent()).toBe(
        'You are online: chat, voice and video requests appear below as they arrive.',
      );
      expect(await guru.getByTestId('session').getByTestId('bd-born').textContent()).toBe('18 Mar 1994, 06:45');
      await capture(kiran, 'user-voice');
      await capture(guru, 'consultant-voice');

      await guru.getByTestId('call-hangup').click();
      await kiran.getByTestId('summary').waitFor();
      expect(await kiran.getByTestId('summary-reason').getAttribute('data-reason')).toBe('consultant');
      expect(await kiran.getByTestId('summary-rate').textContent()).toBe(`${rupees(rate)}/min`);
      expectExactCharges((await readMeter(kiran)).ticks, rate, opening);
      const [ended] = await apiFrom<
        Array<{ service: string; summary: { secondsBilled: number; userCharged: number } }>
      >(kiran, '/api/consultations');
      expect(ended?.service).toBe('voice');
      expect(ended?.summary.userCharged).toBe(due(rate, ended?.summary.secondsBilled ?? -1));
      for (const page of [kiran, guru]) {
        await expect
          .poll(() => page.getByTestId('call-state').textContent())
          .toMatch(/^Voice call ended after \d+:\d\d$/);
        expect(await page.getByTestId('call-hangup').count()).toBe(0);
        expect(await page.getByTestId('call-mute').count()).toBe(0);
      }
      expect(await kiran.getByTestId('summary-intervals').count()).toBe(0);
      await capture(kiran, 'user-voice-ended');
      await capture(guru, 'consultant-voice-ended');
      await expect.poll(() => guru.getByTestId('recent-client').first().textContent()).toBe('Asha Rao · Voice call');
      await kiran.getByTestId('back-to-list').click();
      await guru.getByTestId('dismiss-summary').click();
    }, 120_000);

    it('shows the brand, the account name and the connection in the header on a phone', async () => {
      for (const page of [kiran, guru]) {
        await page.setViewportSize(PHONE_390);
        for (const selector of [
          '.brand-name',
          '[data-testid="account-name"]',
          '.conn-text',
          '[data-testid="logout"]',
        ]) {
          expect(await page.locator(selector).isVisible(), selector).toBe(true);
        }
        expect(await page.locator('.conn-text').textContent()).toBe('Live');
        await page.setViewportSize(DESKTOP);
      }
      await capture(kiran, 'user-header');
      await capture(guru, 'consultant-header');
    });
  });

  describe('with Razorpay in production mode', () => {
    // Warned from the first interval: ₹500 lasts about 83 minutes at ₹6.00/min.
    const chromium = chromiumWorld(() =>
      startWorld('production', 'razorpay', { LOW_BALANCE_SECONDS: String(100 * 60) }),
    );
    let world: World;
    let user: Page;
    let meera: Page;
    beforeAll(async () => {
      world = chromium.world;
      user = await chromium.page('user');
      meera = await chromium.page('meera');
    }, 60_000);

    it("the banner's quick top-up pays in Razorpay Checkout (a stand-in) and the chat goes on", async () => {
      const rate = MEERA_RATES.chat;
      await signInBoth(world, user, meera, world.secondConsultant);
      await expect.poll(() => user.getByTestId('chip-balance').textContent()).toBe(rupees(START_BALANCE));
      const razorpay = await standInRazorpay(user, world, ['pay']);
      await requestConsultation(user, world.secondConsultant.id, 'chat');
      await meera.getByTestId('request').getByTestId('accept').click();
      const banner = user.getByTestId('low-balance-banner');
      await banner.waitFor({ state: 'visible', timeout: 30_000 });
      await banner.getByTestId('banner-topup').click();
      await banner.waitFor({ state: 'hidden', timeout: 30_000 });
      expect(razorpay.attempts).toHaveLength(1);
      expect(razorpay.attempts[0]).toMatchObject({ amount: String(QUICK_TOP_UP), currency: 'INR' });
      const before = (await readMeter(user)).ticks.length;
      await waitForTicks(user, before + 2);
      expect(await user.getByTestId('session-status').textContent()).toBe('Live');
      await user.getByTestId('end-session').click();
      await user.getByTestId('summary').waitFor();
      expectExactCharges((await readMeter(user)).ticks, rate, START_BALANCE, [QUICK_TOP_UP]);
      const wallet = await apiFrom<{ balance: number }>(user, '/api/wallet');
      const [ended] = await apiFrom<Array<{ summary: { userCharged: number } }>>(user, '/api/consultations');
      expect(wallet.balance).toBe(START_BALANCE + QUICK_TOP_UP - (ended?.summary.userCharged ?? 0));
    }, 120_000);
  });
});
