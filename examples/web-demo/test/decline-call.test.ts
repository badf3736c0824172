// A user says "Not now" to a consultant's offer of a call: the consultant is told in a sentence (in the
// language of their own page), the chat goes on at its rate, and the offer is no longer stored.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../src/locales/en.json' with { type: 'json' };
import hi from '../src/locales/hi.json' with { type: 'json' };
import {
  apiFrom,
  chromiumWorld,
  DESKTOP,
  describeInChromium,
  PHONE_390,
  rupees,
  shot,
  waitForTicks,
} from './browser.js';
import { signInBoth, startConsultation } from './flows.js';
import { GURU_RATES, MODES, startWorld, type World } from './world.js';

/** The sentence a locale's `{{name}}` / `{{call}}` template reads with them filled in. */
const fill = (template: string, vars: Record<string, string>) =>
  template.replace(/{{(\w+)}}/g, (_, key: string) => vars[key] ?? '');

describeInChromium('declining a call offer in headless Chromium', () => {
  describe.each(MODES)('in %s mode', (mode) => {
    const demo = mode === 'demo';
    const chromium = chromiumWorld(() => startWorld(mode));
    let world: World;
    let user: Page;
    let guru: Page;
    let sessionId = '';
    const capture = async (page: Page, name: string) => {
      if (!demo) return;
      await shot(page, name, DESKTOP);
      await shot(page, name, PHONE_390);
    };
    /** The session as the user's REST API reports it. */
    const stored = async () =>
      (await apiFrom<Array<{ id: string; service: string; offeredService: string | null }>>(user, '/api/consultations'))
        .filter((s) => s.id === sessionId)
        .at(0);

    /** The consultant offers `service`; the user's card shows it and the user presses Not now. */
    async function offerAndDecline(service: 'voice' | 'video') {
      await guru.getByTestId(`offer-${service}`).click();
      const card = user.getByTestId('offer-card');
      await card.waitFor();
      await expect
        .poll(() => card.getByTestId('offer-text').textContent())
        .toContain(en.service[service].toLowerCase());
      await card.getByTestId('dismiss-offer').click();
      await card.waitFor({ state: 'hidden' });
    }

    beforeAll(async () => {
      world = chromium.world;
      user = await chromium.page('user');
      guru = await chromium.page('consultant');
    }, 60_000);

    it('the consultant reads that the client declined, and the chat goes on at the chat rate', async () => {
      await signInBoth(world, user, guru);
      await startConsultation(user, guru, world.consultant.id);
      await waitForTicks(user, 1);
      sessionId = (await apiFrom<Array<{ id: string }>>(user, '/api/consultations'))[0]?.id ?? '';
      await offerAndDecline('video');
      await expect
        .poll(() => guru.getByTestId('offer-note').textContent())
        .toBe(fill(en.switchCall.declined, { name: 'Asha Rao', call: 'video call' }));
      await expect.poll(stored).toMatchObject({ service: 'chat', offeredService: null });
      expect(await guru.getByTestId('session-rate').textContent()).toBe(`${rupees(GURU_RATES.chat)}/min`);
      await capture(guru, 'consultant-call-declined');
      await capture(user, 'user-call-declined');
    }, 120_000);

    it('in Hindi the consultant reads the Hindi sentence, and may offer again', async () => {
      await guru.getByTestId('language-hi').click();
      await expect.poll(() => guru.getByTestId('offer-voice').textContent()).toContain(hi.service.voice);
      await offerAndDecline('voice');
      await expect
        .poll(() => guru.getByTestId('offer-note').textContent())
        .toBe(fill(hi.switchCall.declined, { name: 'Asha Rao', call: hi.service.voice }));
      await capture(guru, 'hindi-consultant-call-declined');
      await guru.getByTestId('language-en').click();
      await expect.poll(stored).toMatchObject({ service: 'chat', offeredService: null });
      // The declined offer is gone, so the same offer made again reaches the user again.
      await offerAndDecline('voice');
      await expect
        .poll(() => guru.getByTestId('offer-note').textContent())
        .toBe(fill(en.switchCall.declined, { name: 'Asha Rao', call: 'voice call' }));
    }, 60_000);
  });
});
