// What an operator does in production mode, through the admin view: settles the payouts consultants
// requested (the manual provider) and refunds a user's unspent top-up at the (fake) provider.
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import {
  apiFrom,
  chromiumWorld,
  clearToasts,
  DESKTOP,
  describeInChromium,
  PHONE,
  rupees,
  shot,
  signIn,
} from './browser.js';
import { creditEarnings } from './flows.js';
import { START_BALANCE, startWorld, type World } from './world.js';

/** What the consultant has earned when the suite starts; it stands for consultations, which the e2e suite bills. */
const EARNED = 60_000;
const UTR = 'UTR-2026-000123';

/** The refund answer the test drops on purpose: Chromium logs the failed request as a console error. */
const FAILED_REQUEST = /^\w+: Failed to load resource/;

describeInChromium('the operator settles payouts and refunds top-ups in headless Chromium (production mode)', () => {
  const chromium = chromiumWorld(() => startWorld('production'), { expectedConsoleErrors: FAILED_REQUEST });
  let world: World;
  let guru: Page;
  let admin: Page;

  beforeAll(async () => {
    world = chromium.world;
    await creditEarnings(world, EARNED);
    guru = await chromium.page('consultant');
    admin = await chromium.page('admin');
    await signIn(guru, world.url, world.consultant);
    await signIn(admin, world.url, world.admin);
  });

  const payout = (nth: number) => guru.getByTestId('payout').nth(nth);
  const requestPayout = async (rupeesText: string) => {
    const count = await guru.getByTestId('payout').count();
    await guru.getByTestId('payout-amount').fill(rupeesText);
    await guru.getByTestId('payout-submit').click();
    await expect.poll(() => guru.getByTestId('payout').count()).toBe(count + 1);
  };

  it('a consultant sees requested payouts waiting; the admin marks one paid with the bank reference and one failed with the reason', async () => {
    await expect.poll(() => guru.getByTestId('earnings-balance').textContent()).toBe(rupees(EARNED));
    await requestPayout('250');
    await requestPayout('150');
    expect(await payout(0).getAttribute('data-status')).toBe('requested');
    expect(await payout(0).getByTestId('payout-status').textContent()).toBe('Waiting for the operator');
    expect(await guru.getByTestId('earnings-balance').textContent()).toBe(rupees(EARNED - 40_000));
    await clearToasts(guru);
    await shot(guru, 'consultant-payouts-requested', PHONE);

    await admin.getByRole('button', { name: 'Refresh' }).click();
    const queue = admin.getByTestId('admin-payout');
    await expect.poll(() => queue.count()).toBe(2);
    await shot(admin, 'admin-payouts', DESKTOP);
    await shot(admin, 'admin-payouts', PHONE);
    // Newest first: the ₹150 payout, then the ₹250 one.
    const rowOf = (amount: number) => queue.filter({ hasText: rupees(amount) });
    await rowOf(25_000).getByTestId('mark-paid').click();
    const paid = admin.getByTestId('settle-paid');
    await paid.getByTestId('settle-paid-submit').click();
    expect(await paid.getByTestId('settle-paid-error').textContent()).toBe('Enter the bank reference (UTR).');
    await paid.getByTestId('settle-paid-input').fill(UTR);
    await shot(admin, 'admin-settle-dialog', DESKTOP);
    await shot(admin, 'admin-settle-dialog', PHONE);
    await paid.getByTestId('settle-paid-submit').click();
    await paid.waitFor({ state: 'detached' });
    await expect.poll(() => queue.count()).toBe(1);
    await rowOf(15_000).getByTestId('mark-failed').click();
    const failed = admin.getByTestId('settle-failed');
    await failed.getByTestId('settle-failed-input').fill('Account number invalid');
    await failed.getByTestId('settle-failed-submit').click();
    await expect.poll(() => admin.getByTestId('admin-payouts').textContent()).toBe('No payouts are waiting.');

    // The consultant's page, read again: one paid with its reference, one failed with its money back.
    await guru.reload();
    await expect.poll(() => payout(0).getAttribute('data-status')).toBe('failed');
    expect(await payout(0).getByTestId('payout-detail').textContent()).toContain(
      'Not paid: Account number invalid. The money is back in your earnings.',
    );
    expect(await payout(1).getAttribute('data-status')).toBe('paid');
    expect(await payout(1).getByTestId('payout-detail').textContent()).toContain(`Bank reference ${UTR}`);
    expect(await guru.getByTestId('earnings-balance').textContent()).toBe(rupees(EARNED - 25_000));
    await shot(guru, 'consultant-payouts', DESKTOP);
    await shot(guru, 'consultant-payouts', PHONE);
  }, 120_000);

  it("refunds an unspent top-up once though the first answer is lost, reusing the refund's key; another refund takes a new key", async () => {
    const keys: string[] = [];
    let dropAnswer = true;
    await admin.route('**/api/admin/payments/orders/*/refund', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      const answer = await route.fetch();
      if (!dropAnswer) return await route.fulfill({ response: answer });
      // The host refunded; the answer never reaches the page.
      dropAnswer = false;
      await route.abort('connectionreset');
    });
    await admin.getByTestId('orders-user').fill(world.user.id);
    await admin.getByTestId('orders-show').click();
    const order = admin.getByTestId('admin-order');
    await expect.poll(() => order.count()).toBe(1);
    expect(await order.getAttribute('data-status')).toBe('paid');
    await clearToasts(admin);
    await shot(admin, 'admin-payments', DESKTOP);
    await shot(admin, 'admin-payments', PHONE);

    await order.getByTestId('refund-order').click();
    const dialog = admin.getByTestId('refund-dialog');
    await dialog.getByTestId('refund-dialog-input').fill('200');
    await shot(admin, 'admin-refund-dialog', DESKTOP);
    await shot(admin, 'admin-refund-dialog', PHONE);
    await dialog.getByTestId('refund-dialog-submit').click();
    await expect.poll(() => dialog.getByTestId('refund-dialog-error').textContent()).toContain('Press Refund again');
    await dialog.getByTestId('refund-dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const result = admin.getByTestId('refund-result');
    expect(await result.textContent()).toContain(`The user's balance is now ${rupees(START_BALANCE - 20_000)}.`);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);

    // The rest of it, as a new refund: a new key.
    await order.getByTestId('refund-order').click();
    await dialog.getByTestId('refund-dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => result.textContent()).toContain(`Refunded ${rupees(START_BALANCE - 20_000)}`);
    expect(keys).toHaveLength(3);
    expect(keys[2]).not.toBe(keys[0]);

    const audit = await apiFrom<Array<{ action: string; target: string; details: { amount: number } }>>(
      admin,
      '/api/admin/audit',
    );
    const refunds = audit.filter((entry) => entry.action === 'refund_top_up');
    expect(refunds.map((entry) => entry.details.amount).sort((a, b) => a - b)).toEqual([
      20_000,
      START_BALANCE - 20_000,
    ]);
    expect(await world.host.services.wallet.getAccount(world.user.id)).toMatchObject({ balance: 0 });

    // The user's statement says where the money went.
    const user = await chromium.page('user');
    await signIn(user, world.url, world.user);
    await user.getByTestId('tab-wallet').click();
    const rows = user.locator('[data-testid="statement-row"][data-kind="refund"]');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('Top-up refunded');
    expect(await user.getByTestId('chip-balance').textContent()).toBe(rupees(0));
    await shot(user, 'user-refunded', PHONE);
  }, 120_000);
});
