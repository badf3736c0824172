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
  goAvailable,
  type PageElement,
  readMeter,
  requestConsultation,
  rupees,
  shot,
  signIn,
  statusAfterRefresh,
  waitForTicks,
} from './browser.js';
import { startConsultation } from './flows.js';
import { GURU_RATES, MODES, startWorld, type World } from './world.js';

interface Summary {
  secondsBilled: number;
  userCharged: number;
  consultantShare: number;
}

/** `same` once `shown` reads as the amount, else both: a readable failure for a poll. */
const matches = (shown: string | null, amount: number) =>
  shown === rupees(amount) ? 'same' : `${shown} ≠ ${rupees(amount)}`;

describeInChromium('web demo pages that reload or go away', () => {
  describe.each(MODES)('in %s mode', (mode) => {
    const chromium = chromiumWorld(() => startWorld(mode));
    let world: World;
    let user: Page;
    let guru: Page;

    beforeAll(async () => {
      world = chromium.world;
      user = await chromium.page('user');
      guru = await chromium.page('consultant');
    });

    /** Ends the session from `page` and waits for both summaries; returns the ended session's summary. */
    async function endFrom(page: Page): Promise<Summary> {
      await page.getByTestId('end-session').click();
      await user.getByTestId('summary').waitFor();
      await guru.getByTestId('summary').waitFor();
      const [ended] = await apiFrom<Array<{ summary: Summary }>>(user, '/api/consultations');
      await user.getByTestId('back-to-list').click();
      await guru.getByTestId('dismiss-summary').click();
      return ended?.summary as Summary;
    }

    it('a consultant with no connection is not Online', async () => {
      const id = world.consultant.id;
      await signIn(user, world.url, world.user);
      // Their page is not open: whatever their availability switch says, they are not Online.
      await expect.poll(() => statusAfterRefresh(user, id)).toBe('offline');
      expect(await consultantCard(user, id).getByTestId('request-chat').isDisabled()).toBe(true);

      await signIn(guru, world.url, world.consultant);
      await goAvailable(guru);
      await expect.poll(() => statusAfterRefresh(user, id), { timeout: 20_000 }).toBe('online');
      // The consultant's tab goes elsewhere, and their connection with it; then it comes back, still signed in.
      await guru.goto('about:blank');
      await expect.poll(() => statusAfterRefresh(user, id), { timeout: 20_000 }).toBe('offline');
      await guru.goto(world.url);
      await guru.locator('[data-testid="connection"][data-state="open"]').waitFor();
      await expect.poll(() => statusAfterRefresh(user, id), { timeout: 20_000 }).toBe('online');
    });

    it("a reload of the user's page while waiting comes back to the waiting state with Cancel", async () => {
      await requestConsultation(user, world.consultant.id, 'chat');
      await guru.getByTestId('request').waitFor();
      await user.reload();
      await user.getByTestId('waiting').waitFor();
      await user.getByTestId('cancel-request').click();
      await user.getByTestId('consultants').waitFor();
      await expect.poll(() => guru.getByTestId('request').count()).toBe(0);
    });

    it("a reload of the user's page mid-session comes back to the live session with its End button and the right balance", async () => {
      const rate = GURU_RATES.chat;
      const opening = (await apiFrom<{ balance: number }>(user, '/api/wallet')).balance;
      await startConsultation(user, guru, world.consultant.id);
      await user.getByTestId('chat-input').fill('Before the reload');
      await user.getByTestId('chat-send').click();
      const messages = () => user.locator('[data-testid="message-text"]').allTextContents();
      await expect.poll(messages).toContain('Before the reload');
      const before = await waitForTicks(user, 2);

      await user.reload();
      await user.getByTestId('end-session').waitFor();
      expect(await user.getByTestId('session-status').textContent()).toBe('Live');
      // The history arrives after the session view: wait for it rather than read it once.
      await expect.poll(messages).toContain('Before the reload');
      // Every interval after the reload takes its exact amount off what the wallet held, and no earlier one again.
      const after = await waitForTicks(user, 2);
      expect(after[0]?.interval).toBeGreaterThan(before.at(-1)?.interval ?? 0);
      for (const tick of after)
        expect(tick.balance, `interval ${tick.interval}`).toBe(opening - due(rate, tick.seconds));
      const meter = await readMeter(user);
      const last = meter.ticks.at(-1)?.balance ?? -1;
      expect([meter.balance, meter.chip]).toEqual([rupees(last), rupees(last)]);
      await shot(user, `user-reloaded-${mode}`, DESKTOP);
      // The consultant's page went on with the session all along.
      expect(await guru.getByTestId('session-status').textContent()).toBe('Live');

      const ended = await endFrom(user);
      const wallet = await apiFrom<{ balance: number }>(user, '/api/wallet');
      expect(wallet.balance).toBe(opening - ended.userCharged);
      await expect.poll(() => user.getByTestId('chip-balance').textContent()).toBe(rupees(wallet.balance));
    }, 90_000);

    it("a reload of the consultant's page mid-session comes back to the live session with its End button and the right earnings", async () => {
      await requestConsultation(user, world.consultant.id, 'chat');
      await guru.getByTestId('request').getByTestId('accept').click();
      await waitForTicks(user, 2);

      await guru.reload();
      await guru.getByTestId('end-session').waitFor();
      expect(await guru.getByTestId('session-status').textContent()).toBe('Live');
      const ticks = (await readMeter(user)).ticks.length;
      await waitForTicks(user, ticks + 2);
      // What this session earned so far, and the earnings balance, read as the server has them.
      await expect
        .poll(async () => {
          const [session] = await apiFrom<Array<{ summary: Summary }>>(guru, '/api/consultations');
          return matches(
            await guru.getByTestId('session-earned').textContent(),
            session?.summary.consultantShare ?? -1,
          );
        })
        .toBe('same');
      await expect
        .poll(async () => {
          const earnings = await apiFrom<{ balance: number }>(guru, '/api/earnings');
          return matches(await guru.getByTestId('earnings-balance').textContent(), earnings.balance);
        })
        .toBe('same');
      await shot(guru, `consultant-reloaded-${mode}`, DESKTOP);
      expect(await user.getByTestId('session-status').textContent()).toBe('Live');

      const ended = await endFrom(guru);
      const earnings = await apiFrom<{ balance: number }>(guru, '/api/earnings');
      expect(ended.consultantShare).toBeGreaterThan(0);
      await expect.poll(() => guru.getByTestId('earnings-balance').textContent()).toBe(rupees(earnings.balance));
    }, 90_000);

    it('a reload on either side during a video call brings the call back on both sides', async () => {
      await requestConsultation(user, world.consultant.id, 'video');
      await guru.getByTestId('request').getByTestId('accept').click();
      for (const page of [user, guru]) await expectCallConnected(page);

      for (const [reloaded, stayed] of [
        [user, guru],
        [guru, user],
      ] as const) {
        const dead = await remoteStreamId(stayed);
        await reloaded.reload();
        await reloaded.getByTestId('end-session').waitFor();
        // The side that stayed shows the new call, from the reloaded page, not the dead one.
        await expect.poll(() => remoteStreamId(stayed), { timeout: 20_000 }).not.toBe(dead);
        for (const page of [reloaded, stayed]) await expectCallConnected(page);
      }
      await shot(guru, `consultant-call-rejoined-${mode}`, DESKTOP);
      await user.getByTestId('call-hangup').click();
      await user.getByTestId('summary').waitFor();
      await guru.getByTestId('summary').waitFor();
      await user.getByTestId('back-to-list').click();
      await guru.getByTestId('dismiss-summary').click();
    }, 120_000);

    // One mode is enough here: nothing on this path differs between them.
    it.runIf(mode === 'demo')(
      'while the other side is away the call shows disconnected with Rejoin, and comes back with them',
      async () => {
        await requestConsultation(user, world.consultant.id, 'video');
        await guru.getByTestId('request').getByTestId('accept').click();
        for (const page of [user, guru]) await expectCallConnected(page);

        await guru.goto('about:blank');
        await user.getByTestId('call-lost').waitFor({ timeout: 30_000 });
        expect(await user.getByTestId('call-state').textContent()).toBe('Call disconnected');
        expect(await user.getByTestId('end-session').isEnabled()).toBe(true);
        await shot(user, `user-call-lost-${mode}`, DESKTOP);
        // Rejoin offers the call again; the consultant's page, once back, offers too: one call comes of it.
        await user.getByTestId('call-rejoin').click();
        await guru.goto(world.url);
        for (const page of [user, guru]) await expectCallConnected(page);
        expect(await user.getByTestId('call-lost').isHidden()).toBe(true);
        await endFrom(guru);
      },
      90_000,
    );
  });
});

/** The id of the stream a page's call shows from the other side. */
async function remoteStreamId(page: Page): Promise<string | undefined> {
  return await page.getByTestId('remote-video').evaluate((v) => (v as unknown as PageElement).srcObject?.id);
}
