import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../express-host/test/pdf-text.js';
import { chromiumWorld, clearToasts, DESKTOP, describeInChromium, shot, signIn, waitForTicks } from './browser.js';
import { endConsultation, signInBoth, startConsultation } from './flows.js';
import { MODES, startWorld, type World } from './world.js';

/** The phone size the invoice screens are checked at. */
const PHONE = { width: 390, height: 844 };

/** The text of a PDF the page downloaded, and the name it was saved under. */
async function saved(download: Download): Promise<{ name: string; text: string; head: string }> {
  const path = await download.path();
  const bytes = new Uint8Array(await readFile(path));
  return {
    name: download.suggestedFilename(),
    text: await pdfText(bytes),
    head: Buffer.from(bytes.subarray(0, 5)).toString(),
  };
}

describeInChromium('invoices in the web demo, in headless Chromium', () => {
  describe.each(MODES)('in %s mode', (mode) => {
    const demo = mode === 'demo';
    const chromium = chromiumWorld(() => startWorld(mode));
    let world: World;
    let user: Page;
    let guru: Page;
    let admin: Page;
    const capture = async (page: Page, name: string) => {
      if (!demo) return;
      await shot(page, name, DESKTOP);
      await shot(page, name, PHONE);
    };

    beforeAll(async () => {
      world = chromium.world;
      user = await chromium.page('user');
      guru = await chromium.page('consultant');
      admin = await chromium.page('admin');
    });

    it('after a chat the summary downloads the tax invoice as a PDF, and the history row does too', async () => {
      await signInBoth(world, user, guru);
      await startConsultation(user, guru, world.consultant.id);
      await waitForTicks(user, 2);
      await endConsultation(user);

      const link = user.getByTestId('invoice-download');
      expect(await link.textContent()).toBe('Download invoice (PDF)');
      await clearToasts(user);
      await capture(user, 'user-summary-invoice');
      const [download] = await Promise.all([user.waitForEvent('download'), link.click()]);
      const pdf = await saved(download);
      expect(pdf.head).toBe('%PDF-');
      expect(pdf.name).toMatch(/^invoice-JC-\d\d-\d\d-000001\.pdf$/);
      expect(pdf.text).toContain('Tax Invoice');
      expect(pdf.text).toMatch(/JC\/\d\d-\d\d\/000001/);
      expect(pdf.text).toContain(`GSTIN: ${world.host.services.config.invoicing.seller.gstin}`);

      await user.getByTestId('tab-history').click();
      const row = user.getByTestId('history-row').first();
      await row.getByTestId('invoice-download').waitFor();
      await capture(user, 'user-history-invoice');
      const [again] = await Promise.all([user.waitForEvent('download'), row.getByTestId('invoice-download').click()]);
      expect((await saved(again)).name).toBe(pdf.name);
    });

    it("an admin's refund issues a credit note the admin downloads from the sessions table", async () => {
      await signIn(admin, world.url, world.admin);
      const row = admin.getByTestId('admin-session').first();
      await row.getByTestId('invoice-download').waitFor();
      await row.getByTestId('refund-open').click();
      const dialog = admin.getByTestId('refund-dialog');
      await dialog.getByTestId('refund-part').check();
      await dialog.getByTestId('refund-amount').fill('0.05');
      await dialog.getByTestId('refund-submit').click(); // asks "Refund ₹0.05 to …?"
      await dialog.getByTestId('refund-question').waitFor();
      await dialog.getByTestId('refund-submit').click();
      const note = admin.getByTestId('admin-session').first().getByTestId('credit-note-download');
      await note.waitFor();
      expect(await note.textContent()).toMatch(/^Credit note CN\/\d\d-\d\d\/000001 \(PDF\)$/);
      await clearToasts(admin);
      await capture(admin, 'admin-credit-note');
      const [download] = await Promise.all([admin.waitForEvent('download'), note.click()]);
      const pdf = await saved(download);
      expect(pdf.name).toMatch(/^credit-note-CN-\d\d-\d\d-000001\.pdf$/);
      expect(pdf.text).toContain('Credit Note');
      expect(pdf.text).toContain('₹0.05');
      expect(pdf.text).toMatch(/Against invoice: JC\/\d\d-\d\d\/000001/);
    });
  });
});
