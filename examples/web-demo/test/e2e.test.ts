import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiFrom,
  chromiumWorld,
  consultantCard,
  DESKTOP,
  describeInChromium,
  due,
  expectCallConnected,
  expectExactCharges,
  goAvailable,
  PHONE,
  readMeter,
  requestConsultation,
  rupees,
  shot,
  signIn,
  statusAfterRefresh,
  type TickRow,
  waitForTicks,
} from './browser.js';
import { signInBoth, startConsultation } from './flows.js';
import { GURU_RATES, MODES, START_BALANCE, startWorld, type World } from './world.js';

describeInChromium('web demo in headless Chromium', () => {
  describe.each(MODES)('in %s mode', (mode) => {
    const demo = mode === 'demo';
    const chromium = chromiumWorld(() => startWorld(mode));
    let world: World;
    let user: Page;
    let guru: Page;
    /** Screenshots are taken once, in demo mode: the pages look the same in both. */
    const capture = async (page: Page, name: string, size: typeof DESKTOP) => {
      if (demo) await shot(page, name, size);
    };

    beforeAll(async () => {
      world = chromium.world;
      user = await chromium.page('user');
      guru = await chromium.page('consultant');
    });

    it('signs in a consultant and a user and lists consultants with rates and presence', async () => {
      await signInBoth(world, user, guru);
      await expect.poll(() => user.getByTestId('chip-balance').textContent()).toBe(rupees(START_BALANCE));
      await expect.poll(() => statusAfterRefresh(user, world.consultant.id)).toBe('online');
      const guruCard = consultantCard(user, world.consultant.id);
      expect(await guruCard.getByTestId('request-video').textContent()).toContain(rupees(GURU_RATES.video));
      if (demo) {
        // Meera offers no video: no button for it.
        expect(await consultantCard(user, 'consultant:meera').getByTestId('request-video').count()).toBe(0);
      }
      await capture(user, 'user-browse', DESKTOP);
      await capture(user, 'user-browse', PHONE);
    });

    it('requests a chat, the consultant accepts, both chat and the balance falls by the exact interval amounts', async () => {
      const rate = GURU_RATES.chat;
      await requestConsultation(user, world.consultant.id, 'chat');
      const request = guru.getByTestId('request');
      await request.waitFor();
      await expect.poll(() => request.getByTestId('bd-place').textContent()).toBe('Pune, Maharashtra, India');
      expect(await request.getByTestId('bd-born').textContent()).toBe('18 Mar 1994, 06:45');
      await capture(guru, 'consultant-request', DESKTOP);
      await capture(guru, 'consultant-request', PHONE);
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
      await capture(user, 'user-chat', DESKTOP);
      await capture(user, 'user-chat', PHONE);
      await capture(guru, 'consultant-chat', DESKTOP);
      await capture(guru, 'consultant-chat', PHONE);

      // The demo checkout tops up ₹100 during the session: the running balance gains exactly 10,000 paise.
      // (Production mode has no simulated checkout: its money comes from the provider's signed webhook.)
      const topUps = demo ? [10_000] : [];
      if (demo) {
        await user.getByTestId('tab-wallet').click();
        await user.getByTestId('topup-amount').fill('100');
        await user.getByTestId('topup-submit').click();
        await user.locator('[data-testid="statement-row"][data-kind="topup"]').first().waitFor();
        await capture(user, 'user-wallet', DESKTOP);
        await capture(user, 'user-wallet', PHONE);
        await user.getByTestId('tab-consult').click();
        const before = (await readMeter(user)).ticks.length;
        await waitForTicks(user, before + 2);
      }

      // End: the summary's amounts are the engine's, the reason is the user's.
      await user.getByTestId('end-session').click();
      await user.getByTestId('summary').waitFor();
      await guru.getByTestId('summary').waitFor();
      expect(await user.getByTestId('summary-reason').getAttribute('data-reason')).toBe('user');
      expect(await user.getByTestId('summary-reason').textContent()).toBe('Ended by the user');
      const all = (await readMeter(user)).ticks;
      expectExactCharges(all, rate, START_BALANCE, topUps);
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
      const credited = topUps.reduce((sum, amount) => sum + amount, 0);
      expect(wallet.balance).toBe(START_BALANCE + credited - (ended?.summary.userCharged ?? 0));
      await expect.poll(() => user.getByTestId('chip-balance').textContent()).toBe(rupees(wallet.balance));
      await user.getByTestId('star-5').check({ force: true });
      await user.getByTestId('review').fill('Clear and kind answers.');
      await user.getByTestId('rating-submit').click();
      await user.getByTestId('rating-thanks').waitFor();
      await capture(user, 'user-summary', DESKTOP);
      await capture(user, 'user-summary', PHONE);
      await capture(guru, 'consultant-summary', DESKTOP);
      await user.getByTestId('back-to-list').click();
      await guru.getByTestId('dismiss-summary').click();
    }, 120_000);

    it('connects a video consultation with the fake camera and bills it at the video rate', async () => {
      const rate = GURU_RATES.video;
      const opening = (await apiFrom<{ balance: number }>(user, '/api/wallet')).balance;
      await requestConsultation(user, world.consultant.id, 'video');
      await guru.getByTestId('request').getByTestId('accept').click();
      for (const page of [user, guru]) await expectCallConnected(page);
      const ticks = await waitForTicks(user, 3);
      expectExactCharges(ticks, rate, opening);
      await capture(user, 'user-video', DESKTOP);
      await capture(user, 'user-video', PHONE);
      await capture(guru, 'consultant-video', DESKTOP);
      // The consultant hangs up: the call and the billed session end.
      await guru.getByTestId('call-hangup').click();
      await user.getByTestId('summary').waitFor();
      expect(await user.getByTestId('summary-reason').getAttribute('data-reason')).toBe('consultant');
      expect(await user.getByTestId('summary-rate').textContent()).toBe(`${rupees(rate)}/min`);
      // The call panel says the call ended: no dark video, no controls that look live.
      for (const page of [user, guru]) {
        await expect
          .poll(() => page.getByTestId('call-state').textContent())
          .toMatch(/^Video call ended after \d+:\d\d$/);
        expect(await page.getByTestId('call-hangup').count()).toBe(0);
        expect(await page.getByTestId('remote-video').count()).toBe(0);
      }
      expect(await user.getByTestId('summary-intervals').count()).toBe(0);
      await capture(user, 'user-video-ended', DESKTOP);
      await capture(user, 'user-video-ended', PHONE);
      await user.getByTestId('back-to-list').click();
      await guru.getByTestId('dismiss-summary').click();
    }, 90_000);

    it('ends a session by itself when the wallet runs out, after a low-balance banner', async () => {
      const rate = 600; // Meera's chat rate
      const newUser = await chromium.page('new user', { viewport: PHONE });
      const meera = await chromium.page('second consultant');
      await newUser.goto(world.url);
      await newUser.getByTestId('login-switch').click();
      await newUser.getByTestId('register-name').fill('Kiran Das');
      await newUser.getByTestId('login-email').fill(`kiran-${Date.now()}@example.test`);
      await newUser.getByTestId('login-password').fill('kiran-pass-1');
      await newUser.getByTestId('login-submit').click();
      await newUser.locator('[data-testid="connection"][data-state="open"]').waitFor();
      await expect.poll(() => newUser.getByTestId('chip-balance').textContent()).toBe(rupees(0));
      // ₹1.50 pays for exactly 15 seconds at ₹6.00/min.
      await world.payIn(newUser, 150);
      await expect.poll(() => newUser.getByTestId('chip-balance').textContent()).toBe(rupees(150));

      await signIn(meera, world.url, world.secondConsultant);
      await goAvailable(meera);
      await startConsultation(newUser, meera, world.secondConsultant.id);
      await newUser.getByTestId('low-balance-banner').waitFor({ state: 'visible', timeout: 30_000 });
      await capture(newUser, 'user-low-balance', PHONE);
      await newUser.getByTestId('summary').waitFor({ timeout: 40_000 });
      expect(await newUser.getByTestId('summary-reason').getAttribute('data-reason')).toBe('insufficient_funds');
      expect(await newUser.getByTestId('summary-reason').textContent()).toBe('Ended: the wallet ran out of funds');
      expect(await newUser.getByTestId('summary-user-charged').textContent()).toBe(rupees(150));
      expectExactCharges((await readMeter(newUser)).ticks, rate, 150);
      await expect.poll(() => newUser.getByTestId('chip-balance').textContent()).toBe(rupees(0));
      await meera.getByTestId('summary').waitFor();
      await capture(newUser, 'user-funds-out', PHONE);
    }, 120_000);

    it('shows the admin sessions and revenue', async () => {
      const admin = await chromium.page('admin');
      await signIn(admin, world.url, world.admin);
      await admin.locator('[data-testid="admin-session"]').first().waitFor();
      expect(await admin.locator('[data-testid="admin-session"]').count()).toBe(3);
      await admin.getByTestId('revenue-commission').waitFor();
      await capture(admin, 'admin', DESKTOP);
      await capture(admin, 'admin', PHONE);
    });
  });
});
