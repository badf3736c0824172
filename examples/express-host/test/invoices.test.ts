import { ManualClock } from '@jyotishconnect/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { financialYearOf } from '../src/invoicing/financial-year.js';
import { rupees } from '../src/invoicing/format.js';
import { carveGst } from '../src/invoicing/gst.js';
import { invoicePdf } from '../src/invoicing/pdf.js';
import { type Cast, castOf, type Json, MODES, type Person, startTestHost, type TestHost } from './helpers.js';
import { download, pdfText } from './pdf-text.js';

describe.each(MODES)('tax invoices and credit notes over REST, in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  let sessionId: string;
  let summary: Json;
  /** `JC/26-27/…` for the year the manual clock is in. */
  let year: string;

  /** A 61-second chat of Asha's with Guru, ended by Asha; its session. */
  const chat = async (user: Person = cast.asha, seconds = 61) => {
    const { body: session } = await t.call('POST', '/api/consultations', {
      token: user.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    await t.call('POST', `/api/consultations/${session.id}/accept`, { token: cast.guru.token });
    await t.advance(seconds * 1_000);
    return (await t.call('POST', `/api/consultations/${session.id}/end`, { token: user.token })).body;
  };
  const invoiceOf = (id: string, token?: string) =>
    t.call('GET', `/api/consultations/${id}/invoice`, token ? { token } : {});
  const refund = (amount?: number) =>
    t.call('POST', '/api/admin/refunds', {
      token: cast.admin.token,
      body: { sessionId, ...(amount === undefined ? {} : { amount }) },
    });
  const stranger = async () => {
    const { body } = await t.call('POST', '/api/auth/register', {
      body: { name: 'Kiran', email: 'kiran@example.com', password: 'a-long-password-1', role: 'user' },
    });
    return body.token as string;
  };

  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t);
    const ended = await chat();
    sessionId = ended.id;
    summary = ended.summary;
    year = financialYearOf(t.clock.now()).slice(2);
    return () => t.close();
  });

  it('the invoice is issued as the consultation ends: numbered, seller and buyer, GST carved out of the commission', async () => {
    // Issued by the host's `session.ended` listener, not by the read below.
    await vi.waitFor(async () =>
      expect(await t.host.services.host.taxDocuments.byKey(`invoice:${sessionId}`)).not.toBeNull(),
    );
    const { status, body } = await invoiceOf(sessionId, cast.asha.token);
    expect(status).toBe(200);
    const { invoice, creditNotes } = body;
    expect(creditNotes).toEqual([]);
    expect(invoice).toMatchObject({ number: `JC/${year}/000001`, kind: 'invoice', sessionId, userId: cast.asha.id });
    const { seller } = t.config.invoicing;
    expect(invoice.contents.seller).toEqual({ ...seller, email: null });
    expect(invoice.contents.buyer).toMatchObject({ name: 'Asha Rao', email: cast.asha.email, state: null });
    // 61 s at Rs 10/min: floor(1000 × 61 / 60) = 1,016 paise, all paid from the wallet; 20% commission.
    expect(summary).toMatchObject({ userCharged: 1_016, commission: 203, consultantShare: 813 });
    expect(invoice.contents).toMatchObject({
      seconds: 61,
      consultationValue: 1_016,
      consultantShare: 813,
      platformFee: 203,
      ...carveGst(203, 1_800, 'igst'), // the buyer's state is not known: IGST, 31 paise of 203
      promotion: 0,
      total: 1_016,
    });
    expect(invoice.contents.taxes).toEqual([{ tax: 'IGST', rateBps: 1_800, amount: 31 }]);
    expect(invoice.contents.taxableValue).toBe(172);
  });

  it('reading it again, or ending another consultation, never renumbers: the next invoice is 000002', async () => {
    const first = (await invoiceOf(sessionId, cast.asha.token)).body.invoice;
    expect((await invoiceOf(sessionId, cast.asha.token)).body.invoice).toEqual(first);
    const next = await chat();
    const second = (await invoiceOf(next.id, cast.asha.token)).body.invoice;
    expect(second.number).toBe(`JC/${year}/000002`);
    expect((await invoiceOf(sessionId, cast.admin.token)).body.invoice).toEqual(first);
  });

  it('the PDF downloads with the number, both parties, the GSTIN and the amounts in rupees', async () => {
    const pdf = await download(`${t.url}/api/consultations/${sessionId}/invoice.pdf`, cast.asha.token);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="invoice-JC-${year}-000001.pdf"`);
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfText(pdf.bytes);
    for (const expected of [
      'Tax Invoice',
      `JC/${year}/000001`,
      t.config.invoicing.seller.name,
      `GSTIN: ${t.config.invoicing.seller.gstin}`,
      'Asha Rao',
      'IGST @ 18%',
      rupees(31),
      rupees(1_016),
      'Total paid from your wallet',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('only the user and an admin read it: 401 without a token, 403 for the consultant and for another user', async () => {
    const other = await stranger();
    const paths = [`/api/consultations/${sessionId}/invoice`, `/api/consultations/${sessionId}/invoice.pdf`];
    for (const path of paths) {
      expect((await download(t.url + path)).status).toBe(401);
      // The consultant's earnings are in their own statement; the invoice (the user's name and email) is not theirs.
      expect((await download(t.url + path, cast.guru.token)).status).toBe(403);
      // As every session route answers a non-participant.
      expect((await download(t.url + path, other)).status).toBe(403);
      expect((await download(t.url + path, cast.admin.token)).status).toBe(200);
    }
    expect((await invoiceOf(sessionId, other)).body.error.code).toBe('NOT_A_PARTICIPANT');
    const unknown = await invoiceOf('session:nope', cast.asha.token);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('SESSION_NOT_FOUND');
  });

  it('the API reference lists the invoice routes, the PDFs as application/pdf', async () => {
    const { body: openapi } = await t.call('GET', '/openapi.json');
    const content = (path: string) => Object.keys(openapi.paths[path].get.responses['200'].content);
    expect(content('/api/consultations/{id}/invoice')).toEqual(['application/json']);
    expect(content('/api/consultations/{id}/invoice.pdf')).toEqual(['application/pdf']);
    expect(content('/api/credit-notes/{number}.pdf')).toEqual(['application/pdf']);
  });

  it('a consultation that was never charged has no invoice and takes no number', async () => {
    const { body: declined } = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.meera.id, service: 'chat' },
    });
    await t.call('POST', `/api/consultations/${declined.id}/reject`, { token: cast.meera.token });
    const none = await invoiceOf(declined.id, cast.asha.token);
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('INVOICE_NOT_FOUND');
    expect((await invoiceOf((await chat()).id, cast.asha.token)).body.invoice.number).toBe(`JC/${year}/000002`);
  });

  it('each refund gets a credit note in its own series; refunded in parts, their GST adds up to the invoice’s', async () => {
    const invoice = (await invoiceOf(sessionId, cast.asha.token)).body.invoice;
    const part = await refund(400);
    expect(part.status).toBe(201);
    expect(part.body.creditNote).toBe(`CN/${year}/000001`);
    const rest = await refund();
    expect(rest.body.creditNote).toBe(`CN/${year}/000002`);
    const { creditNotes } = (await invoiceOf(sessionId, cast.asha.token)).body;
    expect(creditNotes.map((note: Json) => note.number)).toEqual([`CN/${year}/000001`, `CN/${year}/000002`]);
    for (const note of creditNotes) {
      expect(note).toMatchObject({ kind: 'credit-note', refersTo: invoice.number, sessionId });
      const c = note.contents;
      expect(c.consultantShare + c.platformFee).toBe(c.consultationValue);
      expect(c.taxableValue + c.taxes[0].amount).toBe(c.platformFee);
    }
    expect(creditNotes[0].contents.total).toBe(400);
    const sum = (key: (c: Json) => number) => creditNotes.reduce((s: number, n: Json) => s + key(n.contents), 0);
    expect(sum((c) => c.total)).toBe(invoice.contents.total);
    expect(sum((c) => c.platformFee)).toBe(invoice.contents.platformFee);
    expect(sum((c) => c.taxes[0].amount)).toBe(invoice.contents.taxes[0].amount);
    expect((await t.host.services.wallet.verify()).ok).toBe(true);
  });

  it('a credit note reads as JSON and PDF by its user and an admin only', async () => {
    const number = (await refund(400)).body.creditNote as string;
    const path = `/api/credit-notes/${encodeURIComponent(number)}`;
    const mine = await t.call('GET', path, { token: cast.asha.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ number, kind: 'credit-note', contents: { total: 400 } });
    const pdf = await download(`${t.url}${path}.pdf`, cast.asha.token);
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.bytes);
    expect(text).toContain('Credit Note');
    expect(text).toContain(number);
    expect(text).toContain(`Against invoice: JC/${year}/000001`);
    expect(text).toContain('Total credited to your wallet');
    const other = await stranger();
    for (const suffix of ['', '.pdf']) {
      expect((await download(`${t.url}${path}${suffix}`)).status).toBe(401);
      expect((await download(`${t.url}${path}${suffix}`, other)).status).toBe(404);
      expect((await download(`${t.url}${path}${suffix}`, cast.guru.token)).status).toBe(403);
      expect((await download(`${t.url}${path}${suffix}`, cast.admin.token)).status).toBe(200);
    }
    // An invoice's number is not a credit note's.
    const asCreditNote = await t.call('GET', `/api/credit-notes/${encodeURIComponent(`JC/${year}/000001`)}`, {
      token: cast.asha.token,
    });
    expect(asCreditNote.body.error.code).toBe('CREDIT_NOTE_NOT_FOUND');
  });

  it('a credit note missed at refund time (the process stopped) is issued when the invoice is read', async () => {
    // The refund as a process that stopped before its credit note would leave it: in the wallet only.
    const { refundSession } = await import('../src/session-refund.js');
    const session = await t.host.services.billing.getSession(sessionId);
    if (!session) throw new Error('no session');
    await refundSession(t.host.services, session, { amount: 300, refundId: 'r-missed', absorbShortfall: false });
    const { creditNotes } = (await invoiceOf(sessionId, cast.asha.token)).body;
    expect(creditNotes).toEqual([
      expect.objectContaining({ number: `CN/${year}/000001`, key: 'credit-note:refund:r-missed' }),
    ]);
    expect(creditNotes[0].contents.total).toBe(300);
  });
});

describe.each(MODES)('the financial year of an invoice, in %s mode', (mode) => {
  it('a consultation ending at 23:59 IST on 31 March is the old year’s; the next, after midnight IST, is 000001 of the new', async () => {
    // 18:29 UTC on 31 March is 23:59 IST: the last minute of 2025-26 in India, while UTC is still hours before April.
    const t = await startTestHost(mode, { clock: new ManualClock(Date.parse('2026-03-31T18:29:00.000Z')) });
    try {
      const cast = await castOf(t);
      const chatOf = async (seconds: number) => {
        const { body: session } = await t.call('POST', '/api/consultations', {
          token: cast.asha.token,
          body: { consultantId: cast.guru.id, service: 'chat' },
        });
        await t.call('POST', `/api/consultations/${session.id}/accept`, { token: cast.guru.token });
        await t.advance(seconds * 1_000);
        await t.call('POST', `/api/consultations/${session.id}/end`, { token: cast.asha.token });
        return (await t.call('GET', `/api/consultations/${session.id}/invoice`, { token: cast.asha.token })).body
          .invoice;
      };
      expect(await chatOf(20)).toMatchObject({ number: 'JC/25-26/000001', financialYear: '2025-26' });
      expect(await chatOf(20)).toMatchObject({ number: 'JC/25-26/000002' });
      await t.advance(60_000); // past 18:30 UTC: 1 April, 00:00 IST
      expect(await chatOf(20)).toMatchObject({ number: 'JC/26-27/000001', financialYear: '2026-27' });
    } finally {
      await t.close();
    }
  });
});

describe('invoicePdf', () => {
  it('writes uncompressed streams when asked, for tests to read', async () => {
    const t = await startTestHost('demo');
    try {
      const cast = await castOf(t);
      const { body: session } = await t.call('POST', '/api/consultations', {
        token: cast.asha.token,
        body: { consultantId: cast.guru.id, service: 'chat' },
      });
      await t.call('POST', `/api/consultations/${session.id}/accept`, { token: cast.guru.token });
      await t.advance(30_000);
      await t.call('POST', `/api/consultations/${session.id}/end`, { token: cast.asha.token });
      const { invoice } = (await t.call('GET', `/api/consultations/${session.id}/invoice`, { token: cast.asha.token }))
        .body;
      const plain = await invoicePdf(invoice, { compress: false });
      expect(plain.toString('latin1')).not.toContain('/FlateDecode');
      expect(await pdfText(plain)).toContain(invoice.number);
      expect((await invoicePdf(invoice)).length).toBeLessThan(plain.length);
    } finally {
      await t.close();
    }
  });
});
