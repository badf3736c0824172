// The top bar on a 390 px phone, in English and in Hindi: the brand, the language switch and Sign out share
// the first row, and Sign out's label stays on one line (the Hindi "साइन आउट" is wider than "Sign out").
// The layout is the same in both host modes, so it is checked once, in demo mode.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import hi from '../src/locales/hi.json' with { type: 'json' };
import { chromiumWorld, DESKTOP, describeInChromium, PHONE_390, shot, signIn } from './browser.js';
import { startWorld } from './world.js';

interface Box {
  readonly top: number;
  readonly bottom: number;
  readonly right: number;
}

/** The part of the page's DOM the measurement reads. */
interface TopbarDocument {
  querySelector(selector: string): { getBoundingClientRect(): Box } | null;
  createRange(): { selectNodeContents(node: unknown): void; getClientRects(): { length: number } };
}

/** Where the top bar's pieces are, and how many line boxes Sign out's label takes. */
const topbar = (page: Page) =>
  page.evaluate(() => {
    const { document } = globalThis as unknown as { document: TopbarDocument };
    const box = (selector: string) => {
      const r = document.querySelector(selector)?.getBoundingClientRect();
      return r ? { top: r.top, bottom: r.bottom, right: r.right } : null;
    };
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('#logout'));
    return {
      labelLines: range.getClientRects().length,
      logout: box('#logout'),
      brand: box('.brand'),
      account: box('#account'),
    };
  });

describeInChromium('the top bar on a phone, in headless Chromium', () => {
  describe('in demo mode', () => {
    const chromium = chromiumWorld(() => startWorld('demo'));

    it.each(['user', 'consultant'] as const)(
      'keeps Sign out on one line, beside the brand, for a %s',
      async (who) => {
        const page = await chromium.page(who, { viewport: PHONE_390 });
        const { world } = chromium;
        await signIn(page, world.url, who === 'user' ? world.user : world.consultant);
        for (const language of ['en', 'hi'] as const) {
          await page.getByTestId(`language-${language}`).click();
          const label = language === 'hi' ? hi.topbar.signOut : 'Sign out';
          await expect.poll(() => page.getByTestId('logout').textContent()).toBe(label);
          const { labelLines, logout, brand, account } = await topbar(page);
          expect(labelLines, `${language}: one line`).toBe(1);
          // The first row: Sign out sits level with the brand, above the account's row, inside the screen.
          expect(logout && brand && logout.top < brand.bottom && brand.top < logout.bottom, language).toBe(true);
          expect(account && logout && account.top >= logout.bottom, language).toBe(true);
          expect(logout?.right ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(PHONE_390.width);
        }
        await shot(page, `hindi-topbar-${who}`, PHONE_390);
        await shot(page, `hindi-topbar-${who}`, DESKTOP);
      },
      90_000,
    );
  });
});
