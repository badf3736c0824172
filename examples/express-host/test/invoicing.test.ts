import { propertyRuns } from '@jyotishconnect/core/testing';
import { SYSTEM_ACCOUNTS, type Transaction } from '@jyotishconnect/wallet-store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { documentNumber, numbered } from '../src/host-store/numbering.js';
import { T0 } from '../src/host-store/testing/fixtures.js';
import { anInvoiceDraft } from '../src/host-store/testing/tax-documents.js';
import { creditNoteDraft } from '../src/invoicing/documents.js';
import { financialYearOf } from '../src/invoicing/financial-year.js';
import { duration, percent, rupees } from '../src/invoicing/format.js';
import { carveGst, supplyBetween } from '../src/invoicing/gst.js';
import { gstinProblem, stateOfGstin } from '../src/invoicing/gstin.js';
import { INVOICE_SELLER_ENV } from './helpers.js';

const taxTotal = (fee: number, rate: number, supply: 'igst' | 'cgst-sgst') =>
  carveGst(fee, rate, supply).taxes.reduce((sum, line) => sum + line.amount, 0);

describe('GST carved out of a tax-inclusive platform fee', () => {
  it('₹20.00 at 18%: ₹16.95 taxable and ₹3.05 IGST, or ₹1.53 CGST and ₹1.53 SGST over ₹16.94', () => {
    expect(carveGst(2_000, 1_800, 'igst')).toEqual({
      taxableValue: 1_695,
      taxes: [{ tax: 'IGST', rateBps: 1_800, amount: 305 }],
    });
    expect(carveGst(2_000, 1_800, 'cgst-sgst')).toEqual({
      taxableValue: 1_694,
      taxes: [
        { tax: 'CGST', rateBps: 900, amount: 153 },
        { tax: 'SGST', rateBps: 900, amount: 153 },
      ],
    });
  });

  it('awkward amounts: nothing, a paisa, a half that rounds up, and past 2^53 / 1800', () => {
    expect(carveGst(0, 1_800, 'igst').taxes[0]?.amount).toBe(0);
    expect(carveGst(1, 1_800, 'igst')).toMatchObject({ taxableValue: 1, taxes: [{ amount: 0 }] }); // 0.15 → 0
    expect(carveGst(3, 1_800, 'igst')).toMatchObject({ taxableValue: 3, taxes: [{ amount: 0 }] }); // 0.46 → 0
    expect(carveGst(4, 1_800, 'igst')).toMatchObject({ taxableValue: 3, taxes: [{ amount: 1 }] }); // 0.61 → 1
    // 59 × 1800 / 11800 = 9 exactly; 118 × 1800 / 11800 = 18 exactly.
    expect(carveGst(59, 1_800, 'igst').taxes[0]?.amount).toBe(9);
    expect(carveGst(118, 1_800, 'cgst-sgst')).toMatchObject({
      taxableValue: 100,
      taxes: [{ amount: 9 }, { amount: 9 }],
    });
    // 59 × 900 / 11800 = 4.5: the half rounds up, and the taxable value takes what is left.
    expect(carveGst(59, 1_800, 'cgst-sgst')).toMatchObject({ taxableValue: 49, taxes: [{ amount: 5 }, { amount: 5 }] });
    const huge = Number.MAX_SAFE_INTEGER;
    const { taxableValue, taxes } = carveGst(huge, 1_800, 'igst');
    expect(BigInt(taxableValue) + BigInt(taxes[0]?.amount ?? 0)).toBe(BigInt(huge));
    expect(carveGst(2_000, 0, 'igst')).toEqual({
      taxableValue: 2_000,
      taxes: [{ tax: 'IGST', rateBps: 0, amount: 0 }],
    });
  });

  it('for any fee and even rate the parts sum to the fee, and each tax line is within 0.59 paisa of its rate on the taxable value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 5_000 }).map((half) => half * 2),
        fc.constantFrom('igst' as const, 'cgst-sgst' as const),
        (fee, rate, supply) => {
          const { taxableValue, taxes } = carveGst(fee, rate, supply);
          expect(taxableValue + taxes.reduce((sum, line) => sum + line.amount, 0)).toBe(fee);
          expect(taxableValue).toBeGreaterThanOrEqual(0);
          for (const line of taxes) {
            // |amount − taxable × lineRate / 10000| ≤ (10000 + rate) / 20000, in integers.
            const off = BigInt(line.amount) * 10_000n - BigInt(taxableValue) * BigInt(line.rateBps);
            expect((off < 0n ? -off : off) * 2n <= BigInt(10_000 + rate)).toBe(true);
          }
          if (supply === 'cgst-sgst') expect(taxes[0]?.amount).toBe(taxes[1]?.amount);
        },
      ),
      { numRuns: propertyRuns(500) },
    );
  });

  it('refuses a fractional or negative fee and an odd rate', () => {
    expect(() => carveGst(-1, 1_800, 'igst')).toThrow(RangeError);
    expect(() => carveGst(1.5, 1_800, 'igst')).toThrow(RangeError);
    expect(() => carveGst(100, 1_801, 'igst')).toThrow(RangeError);
  });

  it('CGST + SGST only when both states are known and the same', () => {
    expect(supplyBetween('Karnataka', 'karnataka')).toBe('cgst-sgst');
    expect(supplyBetween('Karnataka', 'Kerala')).toBe('igst');
    expect(supplyBetween('Karnataka', null)).toBe('igst');
    expect(taxTotal(1_180, 1_800, 'igst')).toBe(180);
  });
});

describe('the Indian financial year, in IST', () => {
  it('rolls over at midnight IST on 1 April, not at midnight UTC', () => {
    expect(financialYearOf(Date.parse('2026-03-31T18:29:59.999Z'))).toBe('2025-26');
    expect(financialYearOf(Date.parse('2026-03-31T18:30:00.000Z'))).toBe('2026-27');
    expect(financialYearOf(Date.parse('2027-03-31T23:00:00.000Z'))).toBe('2027-28');
    expect(financialYearOf(Date.parse('2099-12-31T00:00:00.000Z'))).toBe('2099-00');
  });

  it('numbers read series/year/sequence in at most 16 characters', () => {
    expect(documentNumber('JC', '2026-27', 1)).toBe('JC/26-27/000001');
    expect(documentNumber('ABC', '2026-27', 999_999)).toHaveLength(16);
  });
});

describe('GSTINs', () => {
  it('a published GSTIN passes; a typo in any character, a bad shape or an unknown state fails', () => {
    expect(gstinProblem('27AAPFU0939F1ZV')).toBeNull();
    expect(stateOfGstin('27AAPFU0939F1ZV')).toBe('Maharashtra');
    expect(gstinProblem('27AAPFU0939F1ZW')).toMatch(/check character/);
    expect(gstinProblem('27AAPFU0938F1ZV')).toMatch(/check character/);
    expect(gstinProblem('27AAPFU0939F1Z')).toMatch(/15-character/);
    expect(gstinProblem('99AAPFU0939F1ZV')).toMatch(/no GST state code/);
  });
});

describe('invoice settings', () => {
  const production = {
    DEMO: 'false',
    JWT_SECRET: 'x'.repeat(40),
    PAYMENT_PROVIDER: 'stripe',
    STRIPE_SECRET_KEY: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_TYooMQauvdEDq54NiTphI7jx',
    STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
  };
  // The GSTIN as someone might type it: lower case is taken and stored upper case.
  const seller = { ...INVOICE_SELLER_ENV, INVOICE_SELLER_GSTIN: '27aapfu0939f1zv' };
  const variableOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return null;
    } catch (error) {
      return (error as { variable?: string }).variable ?? String(error);
    }
  };

  it('production requires the seller and checks the GSTIN; demo mode prints a demo seller', () => {
    expect(variableOf(production)).toBe('INVOICE_SELLER_GSTIN');
    expect(variableOf({ ...production, ...seller, INVOICE_SELLER_NAME: '' })).toBe('INVOICE_SELLER_NAME');
    expect(variableOf({ ...production, ...seller, INVOICE_SELLER_ADDRESS: '' })).toBe('INVOICE_SELLER_ADDRESS');
    expect(variableOf({ ...production, ...seller, INVOICE_SELLER_GSTIN: '27AAPFU0939F1ZW' })).toBe(
      'INVOICE_SELLER_GSTIN',
    );
    expect(loadConfig({ ...production, ...seller }).invoicing).toEqual({
      seller: {
        name: seller.INVOICE_SELLER_NAME,
        address: seller.INVOICE_SELLER_ADDRESS,
        gstin: '27AAPFU0939F1ZV',
        state: 'Maharashtra',
      },
      gstRateBps: 1_800,
      invoiceSeries: 'JC',
      creditNoteSeries: 'CN',
    });
    const demo = loadConfig({ DEMO: 'true' }).invoicing;
    expect(gstinProblem(demo.seller.gstin)).toBeNull();
    expect(demo.seller.address).toMatch(/demo data/);
  });

  it('the rate is even basis points, and the two series differ and fit the number', () => {
    expect(variableOf({ DEMO: 'true', GST_RATE_BPS: '1801' })).toBe('GST_RATE_BPS');
    expect(variableOf({ DEMO: 'true', GST_RATE_BPS: '-2' })).toBe('GST_RATE_BPS');
    expect(variableOf({ DEMO: 'true', INVOICE_SERIES: 'JCIN' })).toBe('INVOICE_SERIES');
    expect(variableOf({ DEMO: 'true', CREDIT_NOTE_SERIES: 'JC' })).toBe('CREDIT_NOTE_SERIES');
    expect(loadConfig({ DEMO: 'true', GST_RATE_BPS: '500' }).invoicing.gstRateBps).toBe(500);
  });
});

describe('amounts and durations as printed', () => {
  it('rupees with Indian grouping, exact to the paisa past 2^53 / 100', () => {
    expect(rupees(0)).toBe('₹0.00');
    expect(rupees(5)).toBe('₹0.05');
    expect(rupees(12_345_678)).toBe('₹1,23,456.78');
    expect(rupees(-305)).toBe('−₹3.05');
    expect(rupees(Number.MAX_SAFE_INTEGER)).toBe('₹9,00,71,99,25,47,409.91');
    expect(duration(61)).toBe('1:01');
    expect(duration(3_725)).toBe('1:02:05');
    expect(percent(1_800)).toBe('18%');
    expect(percent(250)).toBe('2.5%');
  });
});

describe('credit notes', () => {
  const invoicing = loadConfig({ DEMO: 'true' }).invoicing;
  /** An invoice of a platform fee of 8 paise: IGST round(8 × 18 / 118) = round(1.22) = 1. */
  const invoice = numbered(
    anInvoiceDraft({
      contents: { ...anInvoiceDraft().contents, platformFee: 8, ...carveGst(8, 1_800, 'igst'), consultantShare: 32 },
    }),
    1,
  );
  /** A refund taking back `fee` paise of platform fee and four times that of the consultant's share. */
  const refundOf = (id: string, fee: number): Transaction => ({
    id,
    kind: 'refund',
    currency: 'INR',
    postings: [
      { accountId: invoice.userId, amount: 5 * fee },
      { accountId: invoice.consultantId, amount: -4 * fee },
      { accountId: SYSTEM_ACCOUNTS.revenue, amount: -fee },
    ],
    metadata: {},
    holdId: null,
    refundOf: null,
    createdAt: T0,
  });

  it("refunded in two halves, each half alone would round to 1 paisa of tax; together they give back the invoice's 1", () => {
    expect(carveGst(4, 1_800, 'igst').taxes[0]?.amount).toBe(1);
    const first = creditNoteDraft(invoice, refundOf('refund:a', 4), 0, invoicing, T0);
    const second = creditNoteDraft(invoice, refundOf('refund:b', 4), 4, invoicing, T0);
    const taxOf = (draft: typeof first) => draft.contents.taxes.map((line) => line.amount);
    expect([taxOf(first), taxOf(second)]).toEqual([[1], [0]]);
    expect(first.contents).toMatchObject({ platformFee: 4, taxableValue: 3, consultantShare: 16, total: 20 });
    expect(second.contents).toMatchObject({ platformFee: 4, taxableValue: 4, consultantShare: 16, total: 20 });
    expect(first).toMatchObject({
      kind: 'credit-note',
      series: 'CN',
      refersTo: invoice.number,
      key: 'credit-note:refund:a',
    });
  });
});
