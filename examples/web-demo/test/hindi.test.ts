// The page in Hindi: the switch in the top bar, the choice kept across a reload and shared with the email
// preference, and the user's main flow (directory → request → meter → summary) with Hindi text and money
// written through Intl's hi-IN, and a refusal said as the Hindi sentence of the messages table.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import hi from '../src/locales/hi.json' with { type: 'json' };
import {
  apiFrom,
  consultantCard,
  DESKTOP,
  describeInChromium,
  goAvailable,
  newContext,
  PHONE_390,
  recordErrors,
  shot,
  signIn,
} from './browser.js';
import { GURU_RATES, MODES, START_BALANCE, startWorld, type World } from './world.js';

/** Money as the page writes it in Hindi: Intl's hi-IN rupees. */
const hindiRupees = (paise: number) =>
  new Intl.NumberFormat('hi-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: 2 }).format(paise / 100);

/** Any Devanagari letter. */
const DEVANAGARI = /[\u0900-\u097F]/;

describeInChromium('the web demo in Hindi, in headless Chromium', (browser) => {
  describe.each(MODES)('in %s mode', (mode) => {
    const demo = mode === 'demo';
    let world: World;
    let user: Page;
    let guru: Page;
    const consoleErrors: string[] = [];
    /** Screenshots are taken once, in demo mode, at both sizes. */
    const capture = async (page: Page, name: string) => {
      if (!demo) return;
      await shot(page, `hindi-${name}`, DESKTOP);
      await shot(page, `hindi-${name}`, PHONE_390);
    };

    beforeAll(async () => {
      world = await startWorld(mode);
      user = await (await newContext(browser())).newPage();
      guru = await (await newContext(browser())).newPage();
      recordErrors(user, 'user', consoleErrors);
      recordErrors(guru, 'consultant', consoleErrors);
      await signIn(guru, world.url, world.consultant);
    }, 60_000);
    afterAll(async () => {
      await user?.context().close();
      await guru?.context().close();
      await world?.close();
    });

    it('switches the sign-in page to Hindi and says a wrong password as the Hindi sentence', async () => {
      await user.goto(world.url);
      await user.getByTestId('login-submit').waitFor();
      expect(await user.getByTestId('login-submit').textContent()).toBe('Sign in'); // English stays the default
      await user.getByTestId('language-hi').click();
      await expect.poll(() => user.evaluate(() => document.documentElement.lang)).toBe('hi');
      expect(await user.getByTestId('language-hi').getAttribute('aria-pressed')).toBe('true');
      expect(await user.getByTestId('login-submit').textContent()).toBe(hi.login.submitSignIn);
      await user.getByTestId('login-email').fill(world.user.email);
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
      expect(await user.evaluate(() => document.documentElement.lang)).toBe('hi');
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
  });
});
