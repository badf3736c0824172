// A refund made through the admin's dialog, then what the admin's page shows of it (production
// mode): the session row's refunded figure, the analytics' refunded and net figures beside the
// gross charge, the paired bars, and the revenue's gross and net — in English and in Hindi.
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { chromiumWorld, clearToasts, DESKTOP, describeInChromium, PHONE_390, rupees, shot } from './browser.js';
import { adminSessionRow, confirmPartRefund, endedChat } from './flows.js';
import { startWorld, type World } from './world.js';

/** Money as the page writes it in Hindi: Intl's hi-IN rupees. */
const rupeesHi = (paise: number) =>
  new Intl.NumberFormat('hi-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: 2 }).format(paise / 100);

describeInChromium('refunds in the admin analytics and sessions table, in headless Chromium (production mode)', () => {
  const chromium = chromiumWorld(() => startWorld('production'));
  let world: World;
  let user: Page;
  let guru: Page;
  let admin: Page;

  beforeAll(async () => {
    world = chromium.world;
    user = await chromium.page('user');
    guru = await chromium.page('guru');
    // The admin reads days as the host counts them: in Asia/Kolkata, the analytics' default time zone.
    admin = await chromium.page('admin', { timezoneId: 'Asia/Kolkata' });
  });

  it('after a refund through the dialog, the session row and the analytics refund figures change', async () => {
    const session = await endedChat(world, user, guru, 4);
    const charged = session.summary.userCharged;

    const row = await adminSessionRow(admin, world.url, world.admin, session.id);
    expect(await row.getByTestId('session-refunded').textContent()).toBe(rupees(0));
    // The page's first report covers the last seven days, today included.
    const refunded = admin.getByTestId('analytics-refunded');
    await expect.poll(() => admin.getByTestId('analytics-charged').textContent()).toBe(rupees(charged));
    expect(await refunded.textContent()).toBe(rupees(0));
    expect(await admin.getByTestId('analytics-net').textContent()).toBe(rupees(charged));
    expect(await admin.getByTestId('revenue-userCharged').textContent()).toBe(rupees(charged));
    expect(await admin.getByTestId('revenue-refunded').textContent()).toBe(rupees(0));

    await row.getByTestId('refund-open').click();
    const dialog = admin.getByTestId('refund-dialog');
    await dialog.getByTestId('refund-part').check();
    await confirmPartRefund(dialog, '0.40', /^Refund ₹0\.40 to Asha Rao\?/);

    await expect.poll(() => row.getByTestId('session-refunded').textContent()).toBe(rupees(40));
    await expect.poll(() => refunded.textContent()).toBe(rupees(40));
    expect(await admin.getByTestId('analytics-net').textContent()).toBe(rupees(charged - 40));
    expect(await admin.getByTestId('analytics-charged').textContent()).toBe(rupees(charged)); // gross stays
    await expect.poll(() => admin.getByTestId('revenue-refunded').textContent()).toBe(rupees(40));
    expect(await admin.getByTestId('revenue-netCharged').textContent()).toBe(rupees(charged - 40));
    expect(await admin.getByTestId('revenue').textContent()).toContain('Charged to users (gross, before refunds)');
    // Today's pair of bars: the charge and, beside it, the refund, each named in its tooltip.
    const refundBars = admin.getByTestId('chart-charged-second-bar');
    await expect.poll(() => refundBars.count()).toBe(7);
    expect(await refundBars.last().locator('title').textContent()).toContain(`Refunded ${rupees(40)}`);

    // By consultant, the table's row for Guru says what was refunded.
    await admin.getByTestId('analytics-group').selectOption('consultant');
    await admin.getByTestId('analytics-submit').click();
    await expect
      .poll(() => admin.locator('[data-testid="analytics-table"] tbody th').first().textContent())
      .toBe('Guru Sharma');
    expect(await admin.getByTestId('analytics-row-refunded').first().textContent()).toBe(rupees(40));
    await admin.locator('.analytics-table summary').click();
    await clearToasts(admin);
    await admin.getByTestId('analytics').scrollIntoViewIfNeeded();
    await shot(admin, 'admin-analytics-refunds', DESKTOP);
    await shot(admin, 'admin-analytics-refunds', PHONE_390);
  }, 180_000);

  it('in Hindi, the refund and net figures are named in Hindi and written through hi-IN', async () => {
    await admin.getByTestId('language-hi').click();
    const refunded = admin.getByTestId('analytics-refunded');
    await expect.poll(() => refunded.textContent()).toBe(rupeesHi(40));
    expect(await admin.getByTestId('analytics').textContent()).toContain('शुद्ध शुल्क (रिफ़ंड के बाद)');
    expect(await admin.getByTestId('revenue').textContent()).toContain('उपयोगकर्ताओं से शुल्क (सकल, रिफ़ंड से पहले)');
    await clearToasts(admin);
    await shot(admin, 'admin-analytics-refunds-hi', DESKTOP);
    await shot(admin, 'admin-analytics-refunds-hi', PHONE_390);
  }, 60_000);
});
