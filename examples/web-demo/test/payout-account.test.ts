// A consultant paid out through RazorpayX (production mode, a local fake of it): refused without a payout
// account, pointed to the form, gives their bank details there (made a RazorpayX fund account by the host),
// and the same payout then goes out to it.
import { randomBytes } from 'node:crypto';
import { type FakeRazorpay, startFakeRazorpay } from '@jyotishconnect/payments/testing/razorpay';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { razorpayXEnv } from '../../express-host/test/providers.js';
import { chromiumWorld, clearToasts, DESKTOP, describeInChromium, PHONE, rupees, shot, signIn } from './browser.js';
import { creditEarnings } from './flows.js';
import { startWorld, type World } from './world.js';

/** What the consultant has earned when the suite starts; it stands for consultations, which the e2e suite bills. */
const EARNED = 60_000;
/** The consultant's bank account: the full number goes to RazorpayX only. */
const ACCOUNT_NUMBER = '50100012345678';
const BANK = { name: 'Guru Dev', ifsc: 'hdfc0000053', accountNumber: '5010 0012 3456 78' };

const hex = (bytes = 16) => randomBytes(bytes).toString('hex');

/** The refusals this test provokes are 4xx answers the browser logs as failed resources. */
const FAILED_REQUEST = /^\w+: Failed to load resource/;

describeInChromium(
  'a consultant sets the payout account RazorpayX pays, in headless Chromium (production mode)',
  () => {
    let fake: FakeRazorpay;
    const chromium = chromiumWorld(
      async () => {
        const started = await startFakeRazorpay(`rzp_test_${hex(7)}`, hex(), hex());
        fake = started.fake;
        return await startWorld('production', 'stripe', razorpayXEnv(fake, started.baseUrl));
      },
      { expectedConsoleErrors: FAILED_REQUEST },
    );
    afterAll(async () => {
      await fake?.close();
    });
    let world: World;
    let guru: Page;

    beforeAll(async () => {
      world = chromium.world;
      await creditEarnings(world, EARNED);
      guru = await chromium.page('consultant');
      await signIn(guru, world.url, world.consultant);
    });

    const payoutCalls = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payouts');
    const account = () => guru.getByTestId('payout-account');
    const accountError = () => guru.getByTestId('payout-account-error');
    const fillBank = async (bank: typeof BANK) => {
      await guru.getByTestId('payout-holder').fill(bank.name);
      await guru.getByTestId('payout-ifsc').fill(bank.ifsc);
      await guru.getByTestId('payout-account-number').fill(bank.accountNumber);
      await guru.getByTestId('payout-account-save').click();
    };

    it('is refused without a payout account, sets one, and the payout then shows as processing', async () => {
      await expect.poll(() => guru.getByTestId('earnings-balance').textContent()).toBe(rupees(EARNED));
      expect(await account().textContent()).toBe('none yet');

      await guru.getByTestId('payout-amount').fill('150');
      await guru.getByTestId('payout-submit').click();
      const refused = guru.getByTestId('payout-error');
      await expect.poll(() => refused.textContent()).toContain('you have not set one yet. Nothing was withdrawn.');
      // The refusal points to the field: it has the focus, and the message's button brings it back.
      await expect
        .poll(() => guru.getByTestId('payout-holder').evaluate((el) => el === el.ownerDocument.activeElement))
        .toBe(true);
      expect(await guru.getByTestId('payout').count()).toBe(0);
      expect(await guru.getByTestId('earnings-balance').textContent()).toBe(rupees(EARNED));
      expect(payoutCalls()).toHaveLength(0);
      await shot(guru, 'consultant-payout-account-required', PHONE);
      await shot(guru, 'consultant-payout-account-required', DESKTOP);

      // The page checks the formats first, naming the field in a sentence…
      await fillBank({ ...BANK, ifsc: 'HDFC1000053' });
      await expect.poll(() => accountError().textContent()).toContain('Enter your branch’s IFSC');
      expect(await guru.getByTestId('payout-ifsc').getAttribute('aria-invalid')).toBe('true');
      // …and shows RazorpayX's own refusal on its field: a well-formed IFSC of no branch.
      await fillBank({ ...BANK, ifsc: 'ABCD0000001' });
      await expect.poll(() => accountError().textContent()).toContain('Enter your branch’s IFSC');
      expect(await account().textContent()).toBe('none yet');
      await shot(guru, 'consultant-payout-account-invalid', PHONE);

      await fillBank(BANK);
      await expect.poll(() => account().textContent()).toBe('HDFC0000053 ••••5678');
      expect(await accountError().isHidden()).toBe(true);
      expect(await guru.getByTestId('payout-account-number').inputValue()).toBe('');
      const [fundAccount] = [...fake.accounts.fundAccounts.values()];
      expect(fundAccount).toMatchObject({ bank_account: { ifsc: 'HDFC0000053', account_number: ACCOUNT_NUMBER } });
      expect(await guru.content()).not.toContain(ACCOUNT_NUMBER);

      // The same submission again: the amount is still in the form.
      await guru.getByTestId('payout-submit').click();
      const payout = guru.getByTestId('payout').first();
      await expect.poll(() => payout.getAttribute('data-status')).toBe('processing');
      expect(await payout.getByTestId('payout-status').textContent()).toBe('On its way to your bank');
      expect(await refused.isHidden()).toBe(true);
      expect(await guru.getByTestId('earnings-balance').textContent()).toBe(rupees(EARNED - 15_000));
      expect(payoutCalls()).toHaveLength(1);
      expect(payoutCalls()[0]?.body).toMatchObject({ fund_account_id: fundAccount?.id, amount: 15_000 });
      await clearToasts(guru);
      await shot(guru, 'consultant-payout-account', PHONE);
      await shot(guru, 'consultant-payout-account', DESKTOP);

      // Removing it shows "none yet" again.
      await guru.getByTestId('payout-account-remove').click();
      await expect.poll(() => account().textContent()).toBe('none yet');
      expect(await guru.getByTestId('payout-account-remove').isHidden()).toBe(true);
    }, 120_000);
  },
);
