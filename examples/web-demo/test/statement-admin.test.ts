// A consultation, then what the user and the operator see of it (production mode): the statement
// as one row per consultation that opens onto its billing intervals, the admin's refund with its
// confirmation, and the analytics charts for a date range.
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { apiFrom, chromiumWorld, clearToasts, DESKTOP, describeInChromium, rupees, shot } from './browser.js';
import { adminSessionRow, confirmPartRefund, type EndedSession, endedChat } from './flows.js';
import { startWorld, type World } from './world.js';

/** The phone size every new screen is checked at. */
const PHONE = { width: 390, height: 844 };

describeInChromium(
  'the grouped statement, the admin refund and the analytics in headless Chromium (production mode)',
  () => {
    const chromium = chromiumWorld(() => startWorld('production'));
    let world: World;
    let user: Page;
    let guru: Page;
    let admin: Page;
    /** The consultation's session, as the user's API lists it after it ended. */
    let session: EndedSession;

    beforeAll(async () => {
      world = chromium.world;
      user = await chromium.page('user');
      guru = await chromium.page('guru');
      // The admin reads days as the host counts them: in Asia/Kolkata, the analytics' default time zone.
      admin = await chromium.page('admin', { timezoneId: 'Asia/Kolkata' });
    });

    it('the statement shows the consultation as one row named after the consultant, which opens onto its intervals', async () => {
      session = await endedChat(world, user, guru, 5);

      await user.getByTestId('tab-wallet').click();
      const consultations = user.locator('[data-testid="statement-row"][data-kind="consultation"]');
      await expect.poll(() => consultations.count()).toBe(1);
      const row = consultations.first();
      expect(await row.locator('.statement-kind').textContent()).toBe('Chat with Guru Sharma');
      // The row stands for every charge the wallet holds for the session, as the library groups them.
      const grouped = await apiFrom<{ rows: Array<{ sessionId: string; count: number; total: number }> }>(
        user,
        '/api/wallet/statement/consultations',
      );
      const charges = grouped.rows.find((r) => r.sessionId === session.id);
      expect(charges?.total).toBe(-session.summary.userCharged);
      const count = charges?.count ?? -1;
      expect(await row.textContent()).toContain(`${count} billing intervals`);
      expect(await row.textContent()).toContain(rupees(-session.summary.userCharged));
      expect(await user.locator('[data-testid="statement-row"]').count()).toBe(2); // and the top-up
      await clearToasts(user);
      await shot(user, 'user-statement-grouped', DESKTOP);
      await shot(user, 'user-statement-grouped', PHONE);

      const expand = row.getByTestId('statement-expand');
      expect(await expand.getAttribute('aria-expanded')).toBe('false');
      await expand.click();
      const intervals = row.getByTestId('statement-interval');
      await expect.poll(() => intervals.count()).toBe(count);
      expect(await expand.getAttribute('aria-expanded')).toBe('true');
      expect(await intervals.first().textContent()).toMatch(/^Interval 1 · /);
      await shot(user, 'user-statement-expanded', DESKTOP);
      await shot(user, 'user-statement-expanded', PHONE);
      await expand.click();
      expect(await row.getByTestId('statement-intervals').isHidden()).toBe(true);
    }, 120_000);

    it('the admin refunds part of it after choosing and confirming; an over-refund gets a sentence; the row and the figures follow', async () => {
      const row = await adminSessionRow(admin, world.url, world.admin, session.id);
      expect(await row.getByTestId('session-user').textContent()).toBe('Asha Rao');
      expect(await row.getByTestId('session-consultant').textContent()).toBe('Guru Sharma');
      expect(await row.getByTestId('session-refunded').textContent()).toBe(rupees(0));
      const balance = admin.getByTestId('revenue-platformBalance');
      await balance.waitFor();
      const balanceBefore = await balance.textContent();
      await shot(admin, 'admin-sessions-named', DESKTOP);
      await shot(admin, 'admin-sessions-named', PHONE);

      await row.getByTestId('refund-open').click();
      const dialog = admin.getByTestId('refund-dialog');
      expect(await dialog.textContent()).toContain(`${rupees(session.summary.userCharged)} can still be refunded`);
      expect(await dialog.getByTestId('refund-full').isChecked()).toBe(true);
      await shot(admin, 'admin-refund-choose', DESKTOP);
      await shot(admin, 'admin-refund-choose', PHONE);
      await dialog.getByTestId('refund-part').check();
      await dialog.getByTestId('refund-amount').fill('1000');
      await dialog.getByTestId('refund-submit').click();
      expect(await dialog.getByTestId('refund-error').textContent()).toBe(
        `Only ${rupees(session.summary.userCharged)} can still be refunded. Enter at most that amount.`,
      );
      await confirmPartRefund(dialog, '0.50', /^Refund ₹0\.50 to Asha Rao\?/, async () => {
        await shot(admin, 'admin-refund-confirm', DESKTOP);
        await shot(admin, 'admin-refund-confirm', PHONE);
      });
      await expect.poll(() => row.getByTestId('session-refunded').textContent()).toBe(rupees(50));
      await expect.poll(() => balance.textContent()).not.toBe(balanceBefore);
      const audit = await apiFrom<Array<{ action: string; details: { refunded: number } }>>(admin, '/api/admin/audit');
      expect(audit.filter((e) => e.action === 'refund').map((e) => e.details.refunded)).toEqual([50]);
    });

    it('the analytics draw charts and a table for a date range', async () => {
      const today = await admin.evaluate(() => {
        const d = new Date();
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      });
      await admin.getByTestId('analytics-from').fill(today);
      await admin.getByTestId('analytics-to').fill(today);
      await admin.getByTestId('analytics-submit').click();
      // The page's own first report (the last days) also counts one session: wait for the one-day report's single bar.
      await expect.poll(() => admin.getByTestId('chart-charged').getByTestId('chart-charged-bar').count()).toBe(1);
      expect(await admin.getByTestId('analytics-sessions').textContent()).toBe('1');
      expect(await admin.getByTestId('analytics-charged').textContent()).toBe(rupees(session.summary.userCharged));
      expect(await admin.locator('[data-testid="chart-minutes"] title').first().textContent()).toContain(
        'Minutes billed',
      );
      await admin.getByTestId('analytics-group').selectOption('consultant');
      await admin.getByTestId('analytics-submit').click();
      await expect
        .poll(() => admin.locator('[data-testid="analytics-table"] tbody th').first().textContent())
        .toBe('Guru Sharma');
      // A week by day: seven bars, today's the only one with a figure.
      await admin.getByTestId('analytics-group').selectOption('day');
      await admin.getByTestId('analytics-from').fill(
        await admin.evaluate(() => {
          const d = new Date();
          d.setDate(d.getDate() - 6);
          return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
        }),
      );
      await admin.getByTestId('analytics-submit').click();
      await expect.poll(() => admin.getByTestId('chart-charged-bar').count()).toBe(7);
      await clearToasts(admin);
      await admin.getByTestId('analytics').scrollIntoViewIfNeeded();
      await shot(admin, 'admin-analytics', DESKTOP);
      await shot(admin, 'admin-analytics', PHONE);
    });
  },
);
