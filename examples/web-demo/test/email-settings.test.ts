// Email notification settings in headless Chromium: a user picks Hindi and turns one kind off, which
// the server keeps; a consultant sees only the kind a consultant receives. Demo mode sends through a
// real in-process SMTP server; production mode here has no SMTP_URL, and the card says email is off.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startMailServer, type TestMailServer } from '../../express-host/test/mail-server.js';
import hi from '../src/locales/hi.json' with { type: 'json' };
import {
  apiFrom,
  chromiumWorld,
  clearToasts,
  DESKTOP,
  describeInChromium,
  type PageGlobals,
  shot,
  signIn,
} from './browser.js';
import { MODES, startWorld, type World } from './world.js';

/** The page's `<html lang>`. */
const pageLanguage = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang,
  );

/** Sets the signed-in account's email language through the API, as the settings card does. */
const setEmailLanguage = (page: Page, language: 'en' | 'hi') =>
  page.evaluate(async (lng) => {
    const token = (globalThis as unknown as PageGlobals).sessionStorage.getItem('jc.token');
    const response = await fetch('/api/me/notifications', {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ language: lng }),
    });
    if (!response.ok) throw new Error(`saving the email language answered ${response.status}`);
  }, language);

/** The phone the screenshots are taken at. */
const PHONE = { width: 390, height: 844 };

describeInChromium('email notification settings in headless Chromium', () => {
  describe.each(MODES)('in %s mode', (mode) => {
    let mail: TestMailServer | null = null;
    const chromium = chromiumWorld(async () => {
      mail = mode === 'demo' ? await startMailServer() : null;
      return await startWorld(mode, 'stripe', mail ? { SMTP_URL: mail.url } : {});
    });
    afterAll(async () => {
      await mail?.close();
    });

    async function openAs(login: World['user']): Promise<Page> {
      const page = await chromium.page(login.email);
      await signIn(page, chromium.world.url, login);
      return page;
    }

    it('a user chooses Hindi for the emails, the page follows, and both are kept across a reload', async () => {
      const asha = await openAs(chromium.world.user);
      await asha.getByTestId('tab-wallet').click();
      const card = asha.getByTestId('email-settings');
      await card.scrollIntoViewIfNeeded();
      const summary = asha.getByTestId('email-kind-session-summary');
      await expect.poll(() => summary.isChecked()).toBe(true);
      expect(await asha.getByTestId('email-kind-low-balance').isChecked()).toBe(true);
      expect(await asha.getByTestId('email-kind-invoice').isChecked()).toBe(true);
      expect(await asha.getByTestId('email-kind-incoming-request').count()).toBe(0);
      expect(await asha.getByTestId('email-not-sending').isHidden()).toBe(mode === 'demo');

      await asha.getByTestId('email-language').selectOption('hi');
      // One language choice: the page switches with the emails' language, on the same tab.
      await expect.poll(() => pageLanguage(asha)).toBe('hi');
      await expect.poll(() => asha.getByTestId('tab-wallet').textContent()).toBe(hi.user.tabs.wallet);
      expect(await asha.getByTestId('language-hi').getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => asha.getByTestId('email-language').inputValue()).toBe('hi');
      await summary.uncheck();
      await expect.poll(() => asha.getByTestId('email-status').textContent()).toBe(hi.emails.saved);
      await expect
        .poll(() => apiFrom(asha, '/api/me/notifications'))
        .toEqual({
          language: 'hi',
          kinds: { 'low-balance': true, 'session-summary': false, invoice: true },
          sending: mode === 'demo',
        });
      await clearToasts(asha);
      await shot(asha, `email-settings-user-${mode}`, DESKTOP);
      await shot(asha, `email-settings-user-${mode}`, PHONE);

      await asha.reload();
      await asha.locator('[data-testid="connection"][data-state="open"]').waitFor();
      expect(await pageLanguage(asha)).toBe('hi');
      await asha.getByTestId('tab-wallet').click();
      await expect.poll(() => asha.getByTestId('email-language').inputValue()).toBe('hi');
      await expect.poll(() => asha.getByTestId('email-kind-session-summary').isChecked()).toBe(false);
      expect(await asha.getByTestId('email-kind-low-balance').isChecked()).toBe(true);

      // And back: English in the settings is English on the page, kept on the server.
      await asha.getByTestId('email-language').selectOption('en');
      await expect.poll(() => pageLanguage(asha)).toBe('en');
      await expect.poll(() => asha.getByTestId('tab-wallet').textContent()).toBe('Wallet');
      await expect
        .poll(async () => (await apiFrom<{ language: string }>(asha, '/api/me/notifications')).language)
        .toBe('en');
    }, 120_000);

    it("a fresh browser speaks the account's language at sign-in, for that sign-in only", async () => {
      const asha = await openAs(chromium.world.user);
      await setEmailLanguage(asha, 'hi');
      // Another browser, where nobody chose a language: the page takes the account's at sign-in...
      const fresh = await openAs(chromium.world.user);
      await expect.poll(() => pageLanguage(fresh)).toBe('hi');
      await expect.poll(() => fresh.getByTestId('tab-wallet').textContent()).toBe(hi.user.tabs.wallet);
      // ...without making it this browser's choice, nor writing anything back to the account.
      expect(
        await fresh.evaluate(() => (globalThis as unknown as PageGlobals).localStorage.getItem('jc.language')),
      ).toBeNull();
      expect((await apiFrom<{ language: string }>(fresh, '/api/me/notifications')).language).toBe('hi');
      // Signed out, the sign-in page speaks the browser's language again.
      await fresh.getByTestId('logout').click();
      await expect.poll(() => pageLanguage(fresh)).toBe('en');
      await expect.poll(() => fresh.getByTestId('login-submit').isVisible()).toBe(true);
      await setEmailLanguage(asha, 'en');
    }, 120_000);

    it('a save that fails says so with a next step, and shows what is stored', async () => {
      const asha = await openAs(chromium.world.user);
      await asha.getByTestId('tab-wallet').click();
      const invoice = asha.getByTestId('email-kind-invoice');
      await expect.poll(() => invoice.isChecked()).toBe(true);
      // The failed save's own console line is the browser's, not the page's.
      chromium.expectConsoleErrors(/Failed to load resource/);
      await asha.route('**/api/me/notifications', (route) =>
        route.request().method() === 'PUT' ? route.abort() : route.continue(),
      );
      await invoice.uncheck();
      await expect
        .poll(() => asha.getByTestId('email-status').textContent())
        .toBe('Your email settings could not be saved. Check your connection and try again.');
      await expect.poll(() => invoice.isChecked()).toBe(true);
      await asha.unroute('**/api/me/notifications');
    }, 120_000);

    it('a consultant sees only new requests, and turning them off is kept', async () => {
      const guru = await openAs(chromium.world.consultant);
      const requests = guru.getByTestId('email-kind-incoming-request');
      await expect.poll(() => requests.isChecked()).toBe(true);
      expect(await guru.getByTestId('email-kind-session-summary').count()).toBe(0);
      await requests.uncheck();
      await expect.poll(() => guru.getByTestId('email-status').textContent()).toBe('Saved.');
      const stored = await apiFrom<{ kinds: Record<string, boolean> }>(guru, '/api/me/notifications');
      expect(stored.kinds).toEqual({ 'incoming-request': false });
      await clearToasts(guru);
      await guru.getByTestId('email-settings').scrollIntoViewIfNeeded();
      await shot(guru, `email-settings-consultant-${mode}`, DESKTOP);
      await shot(guru, `email-settings-consultant-${mode}`, PHONE);
    }, 120_000);
  });
});
