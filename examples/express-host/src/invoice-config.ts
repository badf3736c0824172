import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { gstinCheckCharacter, gstinProblem, stateOfGstin } from './invoicing/gstin.js';
import { OUTSIDE_DEMO } from './payment-config.js';

const series = z
  .string()
  .regex(/^[A-Z0-9]{1,3}$/, 'must be 1 to 3 capital letters or digits (numbers stay within 16 characters)');

/** The invoicing settings in the environment; the seller's name, address and GSTIN are required outside demo mode. */
export const invoiceEnvShape = {
  /** The platform's legal name, printed as the seller on every invoice and credit note. */
  INVOICE_SELLER_NAME: z.string().trim().min(1).max(200).optional(),
  /** The seller's registered address, on one line or several (`\n`). */
  INVOICE_SELLER_ADDRESS: z.string().trim().min(1).max(500).optional(),
  /** The seller's GSTIN; its state code is the seller's state. */
  INVOICE_SELLER_GSTIN: z
    .string()
    .trim()
    .toUpperCase()
    .superRefine((gstin, ctx) => {
      const problem = gstinProblem(gstin);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  /** GST on the platform's commission, in basis points (1800 = 18%); even, so CGST and SGST halve it exactly. */
  GST_RATE_BPS: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000)
    .refine((bps) => bps % 2 === 0, 'must be even (CGST and SGST are each half of it)')
    .default(1_800),
  INVOICE_SERIES: series.default('JC'),
  CREDIT_NOTE_SERIES: series.default('CN'),
};

type InvoiceEnv = { [K in keyof typeof invoiceEnvShape]?: z.output<(typeof invoiceEnvShape)[K]> };

/** The seller printed on the documents. */
export interface InvoiceSeller {
  readonly name: string;
  readonly address: string;
  readonly gstin: string;
  /** From the GSTIN's state code. */
  readonly state: string;
}

/** How invoices and credit notes are issued. */
export interface InvoicingConfig {
  readonly seller: InvoiceSeller;
  readonly gstRateBps: number;
  readonly invoiceSeries: string;
  readonly creditNoteSeries: string;
}

/** Demo mode's seller: a made-up company with a well-formed GSTIN (Karnataka); its address says it is a demo. */
const DEMO_GSTIN_BODY = '29AAACJ1234F1Z';
export const DEMO_SELLER: InvoiceSeller = {
  name: 'JyotishConnect Demo Pvt Ltd',
  address: '1 Demo Road, Bengaluru 560001 (demo data, not a real seller)',
  gstin: DEMO_GSTIN_BODY + gstinCheckCharacter(DEMO_GSTIN_BODY),
  state: stateOfGstin(DEMO_GSTIN_BODY),
};

function sellerValue(variable: string, value: string | undefined, demoValue: string, demo: boolean): string {
  if (value) return value;
  if (demo) return demoValue;
  throw new ConfigError(variable, `is required ${OUTSIDE_DEMO}: it is printed on every tax invoice`);
}

/** The invoicing settings: demo mode may leave the seller unset (a demo seller is printed); production may not. */
export function invoicingOf(e: InvoiceEnv, demo: boolean): InvoicingConfig {
  const gstin = sellerValue('INVOICE_SELLER_GSTIN', e.INVOICE_SELLER_GSTIN, DEMO_SELLER.gstin, demo);
  const seller = {
    name: sellerValue('INVOICE_SELLER_NAME', e.INVOICE_SELLER_NAME, DEMO_SELLER.name, demo),
    address: sellerValue('INVOICE_SELLER_ADDRESS', e.INVOICE_SELLER_ADDRESS, DEMO_SELLER.address, demo),
    gstin,
    state: stateOfGstin(gstin),
  };
  const invoiceSeries = e.INVOICE_SERIES ?? 'JC';
  const creditNoteSeries = e.CREDIT_NOTE_SERIES ?? 'CN';
  if (invoiceSeries === creditNoteSeries) {
    throw new ConfigError(
      'CREDIT_NOTE_SERIES',
      `must differ from INVOICE_SERIES (${invoiceSeries}): each has its own numbers`,
    );
  }
  return { seller, gstRateBps: e.GST_RATE_BPS ?? 1_800, invoiceSeries, creditNoteSeries };
}
