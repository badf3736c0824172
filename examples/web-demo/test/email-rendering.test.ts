// The emails' HTML parts in headless Chromium, as a mail client shows them: each kind in English and
// Hindi fits a phone without scrolling sideways and keeps its button; screenshots for a look at each.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMailLocales } from '../../express-host/src/notifications/i18n.js';
import { type MailContent, renderMail } from '../../express-host/src/notifications/templates.js';
import { DESKTOP, hasChromium, launchBrowser, shot } from './browser.js';

const PHONE = { width: 390, height: 844 };
const AT = Date.UTC(2026, 0, 1, 9, 30);
const links = {
  action: 'https://consult.example.com/',
  unsubscribe: 'https://consult.example.com/api/notifications/unsubscribe?token=eyJhbGciOiJIUzI1NiJ9.e30.sig',
};

const EMAILS: readonly MailContent[] = [
  {
    kind: 'incoming-request',
    consultantName: 'Guru Sharma',
    clientName: 'Asha Rao',
    service: 'video',
    source: 'waitlist',
    ratePerMinute: 2_500,
    expiresAt: AT,
  },
  {
    kind: 'low-balance',
    userName: 'Asha Rao',
    consultantName: 'Guru Sharma',
    service: 'chat',
    secondsLeft: 95,
    balance: 1_583,
  },
  {
    kind: 'session-summary',
    userName: 'Asha Rao',
    consultantName: 'Guru Sharma',
    service: 'chat',
    startedAt: AT,
    secondsBilled: 754,
    freeSeconds: 120,
    userCharged: 10_566,
  },
  { kind: 'invoice', userName: 'Asha Rao', number: 'JC/2026-27/000042', issuedAt: AT, total: 10_566, attached: true },
];

describe.skipIf(!hasChromium)('the emails in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(['en', 'hi'] as const)('each kind in %s fits a phone and keeps its button', async (language) => {
    const locale = (await loadMailLocales())[language];
    const page = await browser.newPage({ viewport: PHONE });
    for (const content of EMAILS) {
      const mail = renderMail(content, locale, links);
      await page.setContent(mail.html);
      const width = await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
            .scrollWidth,
      );
      expect(width, content.kind).toBeLessThanOrEqual(PHONE.width);
      // The inline styles hold (a quote inside a style attribute would end it early).
      expect(
        await page.locator('body').evaluate((body) => body.ownerDocument.defaultView?.getComputedStyle(body).maxWidth),
      ).toBe('560px');
      expect(await page.getByRole('link', { name: locale.t(`kind.${content.kind}`) }).count()).toBe(1);
      expect(await page.locator('a[href="https://consult.example.com/"]').isVisible()).toBe(true);
      await shot(page, `email-${content.kind}-${language}`, PHONE);
      await shot(page, `email-${content.kind}-${language}`, DESKTOP);
    }
    await page.close();
  });
});
