// The page in Hindi: the switch in the top bar, the choice kept across a reload and shared with the email
// preference, and the user's main flow (directory → request → meter → summary) with Hindi text and money
// written through Intl's hi-IN, and a refusal said as the Hindi sentence of the messages table.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../src/locales/en.json' with { type: 'json' };
import hi from '../src/locales/hi.json' with { type: 'json' };
import {
  apiFrom,
  chromiumWorld,
  consultantCard,
  DESKTOP,
  describeInChromium,
  goAvailable,
  PHONE_390,
  shot,
  signIn,
} from './browser.js';
import { GURU_RATES, MODES, START_BALANCE, startWorld, type World } from './world.js';

/** Money as the page writes it in Hindi: Intl's hi-IN rupees. */
const hindiRupees = (paise: number) =>
  new Intl.NumberFormat('hi-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: 2 }).format(paise / 100);

/** The page's `<html lang>`. */
const pageLanguage = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang,
  );

/** Any Devanagari letter. */
const DEVANAGARI = /[\u0900-\u097F]/;

/** Every sentence of a locale by its dotted key. */
function sentences(locale: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(locale)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of sentences(value as object, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** The `{{placeholders}}` a sentence fills in, sorted. */
const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

describe('the Hindi locale', () => {
  const english = sentences(en);
  const hindi = sentences(hi);

  it('has a sentence for every English key and no other', () => {
    expect([...hindi.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('fills in the same placeholders as the English sentence', () => {
    for (const [key, text] of english) expect(placeholders(hindi.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('is written in Devanagari wherever the English has words', () => {
    for (const [key, text] of english) {
      const words = text.replace(/{{\w+}}/g, '').match(/[A-Za-z]{2,}/g) ?? [];
      if (words.length > 0) expect(hindi.get(key), key).toMatch(DEVANAGARI);
    }
  });
});

describeInChromium('the web demo in Hindi, in headless Chromium', () => {
  describe.each(MODES)('in %s mode', (mode) => {
    const demo = mode === 'demo';
    const chromium = chromiumWorld(() => startWorld(mode));
    let world: World;
    let user: Page;
    let guru: Page;
    /** Screenshots are taken once, in demo mode, at both sizes. */
    const capture = async (page: Page, name: string) => {
      if (!demo) return;
      await shot(page, `hindi-${name}`, DESKTOP);
      await shot(page, `hindi-${name}`, PHONE_390);
    };

    beforeAll(async () => {
      world = chromium.world;
      user = await chromium.page('user');
      guru = await chromium.page('consultant');
      await signIn(guru, world.url, world.consultant);
    }, 60_000);

    it('switches the sign-in page to Hindi and says a wrong password as the Hindi sentence', async () => {
      await user.goto(world.url);
      await user.getByTestId('login-submit').waitFor();
      expect(await user.getByTestId('login-submit').textContent()).toBe('Sign in'); // English stays the default
      await user.getByTestId('language-hi').click();
      await expect.poll(() => pageLanguage(user)).toBe('hi');
      expect(await user.getByTestId('language-hi').getAttribute('aria-pressed')).toBe('true');
      expect(await user.getByTestId('login-submit').textContent()).toBe(hi.login.submitSignIn);
      await user.getByTestId('login-email').fill(world.user.email);
      // The refused sign-in's 401 is logged by the browser, not the page.
      chromium.expectConsoleErrors(/\b401\b/);
      await user.getByTestId('login-password').fill('not-the-password');
      await user.getByTestId('login-submit').click();
      await expect.poll(() => user.getByTestId('login-error').textContent()).toBe(hi.error.INVALID_CREDENTIALS);
      await capture(user, 'login');
    });

    it('keeps Hindi after signing in and after a reload, and the emails follow the switch', async () => {
      await user.getByTestId('login-password').fill(world.user.password);
      await user.getByTestId('login-submit').click();
      await user.locator('[data-testid="connection"][data-state="open"]').waitFor();
      await expect.poll(() => user.getByTestId('tab-consult').textContent()).toBe(hi.user.tabs.consult);
      await expect
        .poll(async () => (await apiFrom<{ language: string }>(user, '/api/me/notifications')).language)
        .toBe('hi');
      await user.reload();
      await user.locator('[data-testid="connection"][data-state="open"]').waitFor();
      expect(await pageLanguage(user)).toBe('hi');
      await expect.poll(() => user.getByTestId('tab-consult').textContent()).toBe(hi.user.tabs.consult);
      // Switching back to English sets the emails' language too, and again for Hindi.
      await user.getByTestId('language-en').click();
      await expect.poll(() => user.getByTestId('tab-consult').textContent()).toBe('Consult');
      await expect
        .poll(async () => (await apiFrom<{ language: string }>(user, '/api/me/notifications')).language)
        .toBe('en');
      await user.getByTestId('language-hi').click();
      await expect.poll(() => user.getByTestId('tab-consult').textContent()).toBe(hi.user.tabs.consult);
      await expect
        .poll(async () => (await apiFrom<{ language: string }>(user, '/api/me/notifications')).language)
        .toBe('hi');
    });

    it('runs the main flow in Hindi: directory, request, meter and summary, with money in hi-IN', async () => {
      await goAvailable(guru);
      await expect.poll(() => user.getByTestId('chip-balance').textContent()).toBe(hindiRupees(START_BALANCE));
      const card = consultantCard(user, world.consultant.id);
      await expect.poll(() => card.getByTestId('consultant-status').textContent()).toBe(hi.card.status.online);
      expect(await card.getByTestId('request-chat').textContent()).toContain(hindiRupees(GURU_RATES.chat));
      await capture(user, 'directory');

      await card.getByTestId('request-chat').click();
      const dialog = user.getByTestId('request-dialog');
      await dialog.getByLabel(hi.request.fullName).fill('आशा राव');
      await dialog.getByLabel(hi.request.dateOfBirth).fill('1994-03-18');
      await dialog.getByLabel(hi.request.timeOfBirth).fill('06:45');
      await dialog.getByLabel(hi.request.placeOfBirth).fill('पुणे, महाराष्ट्र, भारत');
      await dialog.getByLabel(hi.request.question).fill('क्या इस साल नौकरी बदलना ठीक रहेगा?');
      expect(await dialog.getByTestId('estimate').textContent()).toMatch(DEVANAGARI);
      expect(await dialog.getByTestId('estimate').textContent()).toContain(hindiRupees(START_BALANCE));
      await capture(user, 'request');
      await dialog.getByTestId('request-submit').click();
      await user.getByTestId('waiting').waitFor();
      expect(await user.getByTestId('waiting').textContent()).toContain(hi.waiting.cancel);

      await guru.getByTestId('request').getByTestId('accept').click();
      await user.getByTestId('session').waitFor();
      expect(await user.getByTestId('session-status').textContent()).toBe(hi.session.live);
      expect(await user.getByTestId('meter').textContent()).toContain(hi.meter.timeLeft);
      await expect.poll(() => user.getByTestId('spent').textContent(), { timeout: 20_000 }).not.toBe(hindiRupees(0));
      await capture(user, 'session');

      // Switching language mid-consultation redraws the page around the same running consultation.
      await user.getByTestId('language-en').click();
      await expect.poll(() => user.getByTestId('session-status').textContent()).toBe('Live');
      await user.getByTestId('language-hi').click();
      await expect.poll(() => user.getByTestId('session-status').textContent()).toBe(hi.session.live);
      await expect.poll(() => user.getByTestId('meter').textContent()).toContain(hi.meter.timeLeft);

      await user.getByTestId('end-session').click();
      await user.getByTestId('summary').waitFor();
      expect(await user.getByTestId('summary-reason').textContent()).toBe(hi.endReason.user);
      const sessions = await apiFrom<Array<{ summary: { userCharged: number } }>>(user, '/api/consultations');
      const charged = sessions[0]?.summary.userCharged ?? -1;
      expect(await user.getByTestId('summary-user-charged').textContent()).toBe(hindiRupees(charged));
      expect(await user.getByTestId('summary-rate').textContent()).toBe(`${hindiRupees(GURU_RATES.chat)}/मिनट`);
      await capture(user, 'summary');

      // The consultant's own page in Hindi: the switch is per browser, and the emails follow it.
      await guru.getByTestId('language-hi').click();
      await expect
        .poll(() => guru.getByTestId('consultant-subtitle').textContent())
        .toBe(hi.availability.subtitleOnline);
      await expect
        .poll(async () => (await apiFrom<{ language: string }>(guru, '/api/me/notifications')).language)
        .toBe('hi');
      await capture(guru, 'consultant');
    });
  });
});
