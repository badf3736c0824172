// Top-ups through the checkout the page opens for each provider. Production mode cannot reach Stripe.js or
// Razorpay Checkout.js from here, so ./stand-ins.ts serves stand-ins of them: small scripts implementing exactly
// the global API the page calls, whose payments are made at the local fake provider. They test the page's
// integration with the providers' documented client APIs, not the providers' real scripts; that needs a run
// against each provider's test mode.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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
import { standInRazorpay, standInStripe } from './stand-ins.js';
import { START_BALANCE, startWorld, type World } from './world.js';

interface Entry {
  kind: string;
  amount: number;
  metadata: { orderId?: string };
}

/** The failed requests some attempts answer by design (402, 409): Chromium logs each as a console error. */
const FAILED_REQUEST = /^user: Failed to load resource/;

describeInChromium("top-ups through each provider's checkout in headless Chromium", () => {
  /** The page of the test that runs: the user's, signed in, on the wallet tab. */
  let page: Page;

  /**
   * A test on a host of its own, started by `start` (each test tops up a fresh wallet), whose body gets the
   * host once the user's page is signed in and on the wallet tab.
   */
  function itOnItsOwnHost(
    title: string,
    start: () => Promise<World>,
    body: (world: World) => Promise<void>,
    timeout?: number,
  ): void {
    describe('on a host of its own', () => {
      const chromium = chromiumWorld(start, { expectedConsoleErrors: FAILED_REQUEST });
      it(
        title,
        async () => {
          const { world } = chromium;
          page = await chromium.page('user');
          await signIn(page, world.url, world.user);
          await expect.poll(() => page.getByTestId('chip-balance').textContent()).toBe(rupees(START_BALANCE));
          await page.getByTestId('tab-wallet').click();
          await body(world);
        },
        timeout,
      );
    });
  }

  const topUp = async (rupeesText: string) => {
    await page.getByTestId('topup-amount').fill(rupeesText);
    await page.getByTestId('topup-submit').click();
  };
  const shown = () => page.getByTestId('wallet-balance').textContent();
  /** The wallet's top-up credits, newest first. */
  const credits = async () =>
    (await apiFrom<{ entries: Entry[] }>(page, '/api/wallet/statement?limit=50')).entries.filter(
      (e) => e.kind === 'topup',
    );

  itOnItsOwnHost(
    'in demo mode the simulated checkout tops up the wallet and the balance shows it',
    () => startWorld('demo'),
    async () => {
      await topUp('150');
      await expect.poll(shown).toBe(rupees(START_BALANCE + 15_000));
      expect(await page.getByTestId('chip-balance').textContent()).toBe(rupees(START_BALANCE + 15_000));
      expect(await page.getByTestId('topup-status').isHidden()).toBe(true);
      expect((await credits()).map((e) => e.amount)).toEqual([15_000, START_BALANCE]);
    },
  );

  itOnItsOwnHost(
    'in demo mode "Save this card" keeps the demo card for auto-recharge; the block turns it on and removes it',
    () => startWorld('demo'),
    async () => {
      const block = page.getByTestId('auto-recharge');
      await expect.poll(() => block.getByTestId('saved-card-none').isVisible()).toBe(true);
      await page.getByTestId('topup-save').check();
      expect(await page.getByTestId('topup-phone').isVisible()).toBe(true);
      await topUp('150');
      await expect.poll(shown).toBe(rupees(START_BALANCE + 15_000));
      await expect.poll(() => block.getByTestId('saved-card').textContent()).toBe('Visa •••• 4242');
      expect(await block.getByTestId('auto-recharge-state').textContent()).toContain('Off: this card is kept');
      await clearToasts(page);
      await shot(page, 'user-saved-card', DESKTOP);
      await shot(page, 'user-saved-card', PHONE);

      await block.getByTestId('auto-threshold').fill('100');
      await block.getByTestId('auto-amount').fill('250');
      await block.getByTestId('auto-recharge-toggle').click();
      await expect
        .poll(() => block.getByTestId('auto-recharge-state').textContent())
        .toBe('On: when your balance falls below ₹100.00, ₹250.00 is added from this card (at most 3 times a day).');
      expect(await apiFrom(page, '/api/wallet/auto-recharge')).toMatchObject({
        enabled: true,
        threshold: 10_000,
        amount: 25_000,
      });
      await clearToasts(page);
      await shot(page, 'user-auto-recharge-on', PHONE);

      await block.getByTestId('saved-card-remove').click();
      await expect.poll(() => block.getByTestId('saved-card-none').isVisible()).toBe(true);
      expect(await block.getByTestId('saved-card-remove').isVisible()).toBe(false);
      expect(await apiFrom(page, '/api/wallet/auto-recharge')).toEqual({
        enabled: false,
        method: null,
        lastRecharge: null,
      });
    },
  );

  itOnItsOwnHost(
    'a declined auto-recharge shows in the block as a sentence with a next step',
    () => startWorld('demo'),
    async (w) => {
      const { host, wallet, autoRecharge } = w.host.services;
      // A saved card the simulated provider declines, on at ₹450: the next debit below it is charged and declined.
      await host.autoRecharge.set({
        userId: w.user.id,
        threshold: 45_000,
        amount: 10_000,
        method: { customerRef: `sim_cust_${w.user.id}`, methodRef: 'decline_card', brand: 'visa', last4: '0002' },
        enabled: true,
      });
      await wallet.transfer({ id: 'crossing', from: w.user.id, to: w.consultant.id, amount: 10_000 });
      await autoRecharge.idle();
      await page.reload();
      await page.getByTestId('tab-wallet').click();
      const last = page.getByTestId('auto-recharge').getByTestId('auto-recharge-last');
      await expect
        .poll(() => last.textContent())
        .toBe(
          'Your last auto-recharge of ₹100.00 was declined by your bank. Add money above, or save another card with your next top-up.',
        );
      expect(await page.getByTestId('saved-card').textContent()).toBe('Visa •••• 0002');
      await shot(page, 'user-auto-recharge-declined', PHONE);
    },
  );

  itOnItsOwnHost(
    'with Stripe "Save this card" saves the card paid with in the Payment Element (a stand-in), shown by brand and last four',
    () => startWorld('production', 'stripe'),
    async (w) => {
      await standInStripe(page, w, ['pay']);
      await page.getByTestId('topup-save').check();
      await topUp('300');
      await page.getByTestId('card-dialog').getByTestId('card-pay').click();
      await expect.poll(shown).toBe(rupees(START_BALANCE + 30_000));
      const block = page.getByTestId('auto-recharge');
      await expect.poll(() => block.getByTestId('saved-card').textContent()).toBe('Visa •••• 4242');
      const setting = await apiFrom<{ method: unknown }>(page, '/api/wallet/auto-recharge');
      expect(setting.method).toEqual({ brand: 'visa', last4: '4242' });
      expect(JSON.stringify(setting)).not.toMatch(/cus_|pm_/);
    },
    120_000,
  );

  itOnItsOwnHost(
    'with Razorpay "Save this card" asks for a phone number, then opens Checkout as a recurring authorisation and shows the saved card',
    () => startWorld('production', 'razorpay'),
    async (w) => {
      const razorpay = await standInRazorpay(page, w, ['pay']);
      await page.getByTestId('topup-save').check();
      await topUp('400');
      const error = page.locator('form.topup .form-error');
      await expect
        .poll(() => error.textContent())
        .toBe('Enter your phone number with its country code to save this card, or untick "Save this card".');
      expect(razorpay.attempts).toEqual([]);
      await shot(page, 'user-save-card-phone', PHONE);

      await page.getByTestId('topup-phone').fill('+91 98765 43210');
      await page.getByTestId('topup-submit').click();
      await expect.poll(shown, { timeout: 20_000 }).toBe(rupees(START_BALANCE + 40_000));
      expect(razorpay.attempts[0]).toMatchObject({ customer_id: expect.stringMatching(/^cust_/), recurring: '1' });
      const block = page.getByTestId('auto-recharge');
      await expect.poll(() => block.getByTestId('saved-card').textContent()).toBe('Visa •••• 1111');
    },
    120_000,
  );

  itOnItsOwnHost(
    "with Stripe the page pays in the Payment Element (a stand-in); a decline, a pending payment and a cancel show, and each payment credits once though Stripe's webhook lands first",
    () => startWorld('production', 'stripe'),
    async (w) => {
      const stripe = await standInStripe(page, w, ['decline', 'pay', 'processing']);

      // A decline shows in the dialog, which stays open for another try; the second try pays.
      await topUp('300');
      const dialog = page.getByTestId('card-dialog');
      await dialog.waitFor();
      expect(await dialog.getByTestId('card-amount').textContent()).toBe(rupees(30_000));
      await page.frameLocator('[data-testid="card-element"] iframe').getByText('4242 4242 4242 4242').waitFor();
      await shot(page, 'user-card-dialog', DESKTOP);
      await shot(page, 'user-card-dialog', PHONE);
      await dialog.getByTestId('card-pay').click();
      await expect.poll(() => dialog.getByTestId('card-error').textContent()).toContain('Your card was declined');
      await shot(page, 'user-card-declined', PHONE);
      await dialog.getByTestId('card-pay').click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(shown).toBe(rupees(START_BALANCE + 30_000));
      expect(stripe.attempts.map((a) => a.key)).toEqual([
        w.provider?.env.STRIPE_PUBLISHABLE_KEY,
        w.provider?.env.STRIPE_PUBLISHABLE_KEY,
      ]);
      expect(stripe.attempts[1]?.client_secret).toMatch(/^pi_[a-f0-9]+_secret_/);

      // Stripe answers "processing": the page shows the payment pending until Stripe's webhook credits it.
      await topUp('120');
      await page.getByTestId('card-dialog').getByTestId('card-pay').click();
      const line = page.getByTestId('topup-status');
      await expect.poll(() => line.getAttribute('data-state')).toBe('pending');
      await clearToasts(page);
      await shot(page, 'user-topup-pending', PHONE);
      const pending = stripe.attempts[2]?.intentId ?? '';
      await w.deliver((await (w.provider as NonNullable<World['provider']>).pay(pending)).webhook);
      await expect.poll(shown, { timeout: 20_000 }).toBe(rupees(START_BALANCE + 42_000));
      expect(await line.isHidden()).toBe(true);

      // Closing the dialog charges nothing and says so; Stripe.js was loaded once for all three.
      await topUp('50');
      await page.getByTestId('card-dialog').getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => line.getAttribute('data-state')).toBe('cancelled');
      expect(await line.textContent()).toBe('Payment cancelled. Nothing was charged.');
      expect(stripe.scriptLoads).toBe(1);

      const wallet = await apiFrom<{ balance: number }>(page, '/api/wallet');
      expect(wallet.balance).toBe(START_BALANCE + 42_000);
      expect((await credits()).map((e) => e.amount)).toEqual([12_000, 30_000, START_BALANCE]);
    },
    120_000,
  );

  itOnItsOwnHost(
    'with Razorpay the page pays in Checkout (a stand-in) and the host credits the signed payment; a declined attempt shows as failed',
    () => startWorld('production', 'razorpay'),
    async (w) => {
      const razorpay = await standInRazorpay(page, w, ['decline', 'pay']);

      await topUp('400');
      const line = page.getByTestId('topup-status');
      await expect.poll(() => line.getAttribute('data-state')).toBe('failed');
      expect(await line.textContent()).toBe(
        'Payment failed: Payment was declined by the bank. Nothing was added; you can try again.',
      );
      await shot(page, 'user-topup-failed', PHONE);
      expect(await shown()).toBe(rupees(START_BALANCE));

      await page.getByTestId('topup-submit').click();
      // The confirmation goes page → host → fake Razorpay and back: on a loaded machine, more than a second.
      await expect.poll(shown, { timeout: 20_000 }).toBe(rupees(START_BALANCE + 40_000));
      expect(await line.isHidden()).toBe(true);
      expect(razorpay.scriptLoads).toBe(1);
      for (const attempt of razorpay.attempts) {
        expect(attempt).toMatchObject({ key_id: w.provider?.env.RAZORPAY_KEY_ID, amount: '40000', currency: 'INR' });
      }
      const wallet = await apiFrom<{ balance: number }>(page, '/api/wallet');
      expect(wallet.balance).toBe(START_BALANCE + 40_000);
      expect((await credits()).map((e) => e.amount)).toEqual([40_000, START_BALANCE]);
    },
    120_000,
  );
});
