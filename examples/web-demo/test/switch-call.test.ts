// A chat that becomes a video call: the consultant offers it, the user accepts, the call connects
// beside the chat, and every interval is charged exactly: the chat rate before the switch, the video rate after.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiFrom,
  chromiumWorld,
  DESKTOP,
  describeInChromium,
  due,
  expectCallConnected,
  PHONE_390,
  readMeter,
  rupees,
  shot,
  type TickRow,
  waitForTicks,
} from './browser.js';
import { signInBoth, startConsultation } from './flows.js';
import { GURU_RATES, MODES, startWorld, type World } from './world.js';

/**
 * Checks the ticks against one switch from `before` to `after` paise a minute: some interval ends at the
 * switch (s₁ seconds), every cumulative charge up to it is due(before, s), and after it
 * due(before, s₁) + due(after, s − s₁); the balance falls by exactly each charge.
 */
function expectChargesAcrossSwitch(ticks: TickRow[], before: number, after: number, opening: number): number {
  const cumulative: number[] = [];
  ticks.reduce((sum, tick, k) => (cumulative[k] = sum + tick.charged), 0);
  const split = ticks.findIndex((_, k) =>
    ticks.every((tick, j) => {
      const switchedAt = ticks[k]?.seconds ?? 0;
      const dueThen =
        j <= k ? due(before, tick.seconds) : due(before, switchedAt) + due(after, tick.seconds - switchedAt);
      return cumulative[j] === dueThen;
    }),
  );
  expect(split, `ticks ${JSON.stringify(ticks)}`).toBeGreaterThanOrEqual(0);
  expect(split, 'at least one interval after the switch').toBeLessThan(ticks.length - 1);
  let balance = opening;
  for (const tick of ticks) {
    balance -= tick.charged;
    expect(tick.balance, `balance after interval ${tick.interval}`).toBe(balance);
  }
  return ticks[split]?.seconds ?? -1;
}

describeInChromium('switching a chat to a video call in headless Chromium', () => {
  describe.each(MODES)('in %s mode', (mode) => {
    const demo = mode === 'demo';
    const chromium = chromiumWorld(() => startWorld(mode));
    let world: World;
    let user: Page;
    let guru: Page;
    const capture = async (page: Page, name: string) => {
      if (!demo) return;
      await shot(page, name, DESKTOP);
      await shot(page, name, PHONE_390);
    };

    beforeAll(async () => {
      world = chromium.world;
      user = await chromium.page('user');
      guru = await chromium.page('consultant');
    }, 60_000);

    it('chat → the consultant offers video → the user accepts → the call connects → charged at each rate exactly', async () => {
      await signInBoth(world, user, guru);
      const opening = (await apiFrom<{ balance: number }>(user, '/api/wallet')).balance;
      await startConsultation(user, guru, world.consultant.id);
      await waitForTicks(user, 1);

      await guru.getByTestId('offer-video').click();
      await expect.poll(() => guru.getByTestId('offer-note').textContent()).toContain('Offered a video call');
      const card = user.getByTestId('offer-card');
      await card.waitFor();
      await expect
        .poll(() => card.getByTestId('offer-text').textContent())
        .toBe(
          `Guru Sharma offers to switch to a video call at ${rupees(GURU_RATES.video)}/min. From then on you pay the call's rate.`,
        );
      await capture(user, 'user-call-offer');
      await capture(guru, 'consultant-call-offered');
      await card.getByTestId('accept-offer').click();

      for (const page of [user, guru]) await expectCallConnected(page);
      expect(await guru.getByTestId('session-rate').textContent()).toBe(`${rupees(GURU_RATES.video)}/min`);
      // The chat goes on beside the call.
      expect(await user.getByTestId('session').locator('.session-body.with-call').count()).toBe(1);
      const before = (await readMeter(user)).ticks.length;
      await waitForTicks(user, before + 2);
      await capture(user, 'user-switched-call');
      await capture(guru, 'consultant-switched-call');

      await guru.getByTestId('call-hangup').click();
      await user.getByTestId('summary').waitFor();
      const ticks = (await readMeter(user)).ticks;
      const switchedAt = expectChargesAcrossSwitch(ticks, GURU_RATES.chat, GURU_RATES.video, opening);
      const [ended] = await apiFrom<
        Array<{ service: string; summary: { secondsBilled: number; userCharged: number } }>
      >(user, '/api/consultations');
      expect(ended?.service).toBe('video');
      const seconds = ended?.summary.secondsBilled ?? -1;
      expect(ended?.summary.userCharged).toBe(
        due(GURU_RATES.chat, switchedAt) + due(GURU_RATES.video, seconds - switchedAt),
      );
      expect((await apiFrom<{ balance: number }>(user, '/api/wallet')).balance).toBe(
        opening - (ended?.summary.userCharged ?? 0),
      );
    }, 150_000);
  });
});
