// Consultant onboarding in production mode, through the pages: a consultant signs up and fills in a profile, waits
// for approval, an admin approves them and a user's first consultation is billed at their rate; a rate edited
// during a live consultation applies to the next one only; the directory's filters apply while the user types.
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import {
  apiFrom,
  chromiumWorld,
  clearToasts,
  consultantCard,
  DESKTOP,
  describeInChromium,
  expectExactCharges,
  goAvailable,
  requestConsultation,
  shot,
  signIn,
  waitForTicks,
} from './browser.js';
import { startWorld, type World } from './world.js';

/** The phone the screen walk used. */
const PHONE = { width: 390, height: 844 };
const TARA = { name: 'Tara Joshi', email: 'tara@example.test', password: 'tara-onboarding-pass' };
const FIRST_RATE = 700;
const EDITED_RATE = 900;

/** The refusals some steps meet by design: Chromium logs each failed request as a console error. */
const FAILED_REQUEST = /^\w+: Failed to load resource/;

describeInChromium(
  'consultant onboarding, approval, rate edits and directory filters in headless Chromium (production mode)',
  () => {
    const chromium = chromiumWorld(() => startWorld('production'), { expectedConsoleErrors: FAILED_REQUEST });
    let world: World;
    let tara: Page;
    let user: Page;
    let admin: Page;
    let taraId = '';

    beforeAll(async () => {
      world = chromium.world;
      tara = await chromium.page('consultant');
      user = await chromium.page('user');
      admin = await chromium.page('admin');
      await signIn(user, world.url, world.user);
      await signIn(admin, world.url, world.admin);
    }, 180_000);

    const capture = async (page: Page, name: string) => {
      await clearToasts(page);
      await shot(page, name, DESKTOP);
      await shot(page, name, PHONE);
    };

    /** Ends the user's live consultation from the user's page, and both go back to where they were. */
    const endConsultation = async () => {
      await user.getByTestId('end-session').click();
      await user.getByTestId('summary').waitFor();
      await tara.getByTestId('summary').waitFor();
      await user.getByTestId('back-to-list').click();
      await tara.getByTestId('dismiss-summary').click();
    };

    it('a new consultant waits for approval, the admin approves them, and the first consultation is billed at their rate', async () => {
      await tara.goto(world.url);
      await tara.getByTestId('login-switch').click();
      await tara.getByTestId('register-name').fill(TARA.name);
      await tara.getByTestId('login-email').fill(TARA.email);
      await tara.getByTestId('login-password').fill(TARA.password);
      await tara.getByTestId('register-role').selectOption('consultant');
      await tara.getByTestId('login-submit').click();
      await tara.locator('[data-testid="connection"][data-state="open"]').waitFor();
      const notice = tara.getByTestId('approval-notice');
      await notice.waitFor();
      expect(await notice.getAttribute('data-status')).toBe('pending');
      expect(await tara.getByTestId('approval-text').textContent()).toMatch(
        /^An admin reviews every new consultant.*once you are approved\.$/,
      );
      taraId = (await apiFrom<{ consultantId: string }>(tara, '/api/consultants/me/profile')).consultantId;

      // A refused field answers as a sentence with the next step, and nothing is saved.
      const editor = tara.getByTestId('profile-editor');
      await editor.getByTestId('profile-photo').fill('http://example.com/tara.jpg');
      await editor.getByTestId('profile-rate-chat').fill(String(FIRST_RATE / 100));
      await editor.getByTestId('profile-save').click();
      await expect
        .poll(() => editor.getByTestId('profile-error').textContent())
        .toBe('Enter a photo address that starts with https://, or leave it empty, then save again.');
      await editor.getByTestId('profile-photo').fill('https://example.com/tara.jpg');
      await editor.getByTestId('profile-bio').fill('Vedic astrologer and tarot reader: careers, marriage, muhurta.');
      await editor.getByTestId('profile-experience').fill('7');
      await editor.getByTestId('profile-specialities').fill('Vedic astrology, Tarot');
      await editor.getByTestId('profile-languages').fill('Hindi, English');
      await editor.getByTestId('profile-timezone').selectOption('Asia/Kolkata');
      await editor.getByTestId('profile-save').click();
      await expect
        .poll(async () => (await apiFrom<{ rates: { chat?: number } }>(tara, '/api/consultants/me/profile')).rates)
        .toEqual({ chat: FIRST_RATE });
      expect(await editor.getByTestId('profile-error').isHidden()).toBe(true);
      await goAvailable(tara);
      await capture(tara, 'consultant-awaiting-approval');

      // Hidden from the user's directory until approved.
      await user.getByTestId('filter-service').selectOption('chat');
      await consultantCard(user, world.consultant.id).waitFor();
      expect(await consultantCard(user, taraId).count()).toBe(0);

      const applicant = admin.locator(`[data-testid="applicant"][data-id="${taraId}"]`);
      await admin.getByRole('button', { name: 'Refresh' }).click();
      await applicant.waitFor();
      expect(await applicant.textContent()).toContain('7 years · Vedic astrology, Tarot · speaks Hindi, English');
      await capture(admin, 'admin-approvals');
      await applicant.getByTestId('approve').click();
      await applicant.waitFor({ state: 'detached' });
      expect(await admin.getByTestId('approvals').textContent()).toBe('Nobody is waiting for approval.');
      await tara.reload();
      await tara.locator('[data-testid="connection"][data-state="open"]').waitFor();
      await expect.poll(() => tara.getByTestId('profile-bio').inputValue()).not.toBe('');
      expect(await tara.getByTestId('approval-notice').isHidden()).toBe(true);

      const opening = (await apiFrom<{ balance: number }>(user, '/api/wallet')).balance;
      await requestConsultation(user, taraId, 'chat');
      await tara.getByTestId('request').getByTestId('accept').click();
      const ticks = await waitForTicks(user, 3);
      expectExactCharges(ticks, FIRST_RATE, opening);
      await endConsultation();
      const [first] = await apiFrom<Array<{ consultantId: string; ratePerMinute: number }>>(user, '/api/consultations');
      expect(first).toMatchObject({ consultantId: taraId, ratePerMinute: FIRST_RATE });
    }, 180_000);

    it('a rate edited during a consultation applies to the next consultation only', async () => {
      const opening = (await apiFrom<{ balance: number }>(user, '/api/wallet')).balance;
      await requestConsultation(user, taraId, 'chat');
      await tara.getByTestId('request').getByTestId('accept').click();
      await waitForTicks(user, 2);
      const editor = tara.getByTestId('profile-editor');
      await editor.getByTestId('profile-rate-chat').fill(String(EDITED_RATE / 100));
      await editor.getByTestId('profile-save').click();
      await expect
        .poll(async () => (await apiFrom<{ rates: { chat?: number } }>(tara, '/api/consultants/me/profile')).rates)
        .toEqual({ chat: EDITED_RATE });
      const before = (await waitForTicks(user, 1)).length;
      const ticks = await waitForTicks(user, before + 2);
      expectExactCharges(ticks, FIRST_RATE, opening); // the live consultation keeps the rate it started with
      await capture(tara, 'consultant-profile-editor');
      await endConsultation();

      const second = (await apiFrom<{ balance: number }>(user, '/api/wallet')).balance;
      await requestConsultation(user, taraId, 'chat');
      await tara.getByTestId('request').getByTestId('accept').click();
      expectExactCharges(await waitForTicks(user, 3), EDITED_RATE, second);
      await endConsultation();
      const [latest, previous] = await apiFrom<Array<{ ratePerMinute: number }>>(user, '/api/consultations');
      expect([latest?.ratePerMinute, previous?.ratePerMinute]).toEqual([EDITED_RATE, FIRST_RATE]);
    }, 180_000);

    it('the directory filters apply while the user types, and the price range and sort apply on change', async () => {
      const cards = user.locator('[data-testid="consultant-card"]');
      const listed = () =>
        cards.evaluateAll((els) => els.map((el) => (el as unknown as { dataset: { id: string } }).dataset.id));
      await user.getByTestId('filter-service').selectOption('');
      await expect.poll(listed).toHaveLength(3);
      // Typing, no Enter and no blur: the list follows the words typed so far.
      await user.getByTestId('filter-speciality').pressSequentially('tar', { delay: 40 });
      await expect.poll(listed).toEqual([taraId]);
      await user.getByTestId('filter-speciality').fill('');
      await user.getByTestId('filter-q').pressSequentially('Meera', { delay: 40 });
      await expect.poll(listed).toEqual([world.secondConsultant.id]);
      await user.getByTestId('filter-q').fill('');
      await user.getByTestId('filter-language').pressSequentially('hin', { delay: 40 });
      await expect.poll(listed).toEqual(expect.arrayContaining([world.consultant.id, taraId]));
      await user.getByTestId('filter-language').fill('');
      await user.getByTestId('filter-max').pressSequentially('9', { delay: 40 });
      const sorted = async () => (await listed()).sort();
      await expect.poll(sorted).toEqual([world.secondConsultant.id, taraId].sort());
      await user.getByTestId('filter-sort').selectOption('price');
      await expect.poll(listed).toEqual([world.secondConsultant.id, taraId]);
      await user.getByTestId('filter-max').fill('');
      await user.getByTestId('filter-sort').selectOption('experience');
      await expect.poll(listed).toHaveLength(3);
      await capture(user, 'user-directory-filters');
      await user.getByTestId('filter-speciality').pressSequentially('Palmistry', { delay: 20 });
      await expect
        .poll(() => user.getByTestId('consultants').textContent())
        .toBe('No consultants match these filters. Clear a filter or widen the price range to see more.');
      await user.getByTestId('filter-speciality').fill('');
    }, 90_000);

    it('the admin freezes and unfreezes an account found by email, and hides and shows a review', async () => {
      const [latest] = await apiFrom<Array<{ id: string }>>(user, '/api/consultations');
      const rated = await user.evaluate(async (id) => {
        const token = (
          globalThis as unknown as { sessionStorage: { getItem(k: string): string } }
        ).sessionStorage.getItem('jc.token');
        const answer = await fetch(`/api/consultations/${id}/rating`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ stars: 2, review: 'Call me on my personal number instead.' }),
        });
        return answer.status;
      }, latest?.id ?? '');
      expect(rated).toBe(201);

      await admin.getByTestId('account-email').fill(TARA.email.toUpperCase());
      await admin.getByTestId('account-find').click();
      const account = admin.getByTestId('account');
      await expect.poll(() => account.getAttribute('data-frozen')).toBe('false');
      await admin.getByTestId('account-freeze').click();
      await expect.poll(() => account.getAttribute('data-frozen')).toBe('true');
      expect(await admin.getByTestId('account-state').textContent()).toBe('Frozen');
      await admin.getByRole('button', { name: 'Refresh' }).click();
      const review = admin.getByTestId('admin-review').first();
      await expect.poll(() => review.getAttribute('data-hidden')).toBe('false');
      await review.getByTestId('review-hide').click();
      await expect.poll(() => review.getAttribute('data-hidden')).toBe('true');
      await capture(admin, 'admin-accounts-reviews');
      await admin.getByTestId('account-unfreeze').click();
      await expect.poll(() => account.getAttribute('data-frozen')).toBe('false');
      await review.getByTestId('review-show').click();
      await expect.poll(() => review.getAttribute('data-hidden')).toBe('false');
      await admin.getByTestId('account-email').fill('nobody@example.test');
      await admin.getByTestId('account-find').click();
      await expect
        .poll(() => admin.getByTestId('account-result').textContent())
        .toBe('No account has this email. Check the address and search again.');
    }, 90_000);
  },
);
