import { describe, expect, it } from 'vitest';
import type { TaxDocument } from '../src/host-store/index.js';
import { invoicePdf } from '../src/invoicing/pdf.js';
import { scriptRuns } from '../src/invoicing/script-runs.js';
import { pdfText } from './pdf-text.js';

const BUYER = 'राहुल शर्मा';
const CONSULTANT = 'पंडित क्षितिज मिश्रा';

function hindiInvoice(): TaxDocument {
  return {
    kind: 'invoice',
    series: 'JC',
    financialYear: '2026-27',
    key: 'session:s1',
    sessionId: 's1',
    userId: 'u1',
    consultantId: 'c1',
    refersTo: null,
    issuedAt: Date.UTC(2026, 11, 5),
    number: 'JC/26-27/000001',
    sequence: 1,
    contents: {
      seller: {
        name: 'JyotishConnect',
        address: '12 MG Road',
        gstin: '29ABCDE1234F1Z5',
        state: 'Karnataka',
        email: null,
      },
      buyer: { name: BUYER, address: null, gstin: null, state: 'महाराष्ट्र', email: 'rahul@example.com' },
      consultantName: CONSULTANT,
      service: 'chat',
      seconds: 725,
      ratePerMinute: 2500,
      consultationValue: 30000,
      consultantShare: 24000,
      platformFee: 6000,
      taxableValue: 5085,
      taxes: [{ tax: 'IGST', rateBps: 1800, amount: 915 }],
      promotion: 0,
      total: 30000,
    },
  };
}

/** The ActualText strings of an uncompressed PDF (UTF-16BE with a byte-order mark), decoded. */
function actualTexts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  return [...raw.matchAll(/\/ActualText \(((?:\\.|[^\\)])*)\)/g)].map(([, escaped]) => {
    const bytes = (escaped ?? '').replace(/\\(n|r|t|b|f|\(|\)|\\)/g, (_, c: string) => {
      const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
      return named[c] ?? c;
    });
    return Buffer.from(bytes.slice(2), 'latin1').swap16().toString('utf16le');
  });
}

describe('scriptRuns', () => {
  it('keeps a Hindi name with the space between its words as one Devanagari run', () => {
    expect(scriptRuns(`Consultation with ${CONSULTANT}: 12:05 at ₹25.00/min`)).toEqual([
      { script: 'latin', text: 'Consultation with ' },
      { script: 'devanagari', text: `${CONSULTANT}: ` },
      { script: 'latin', text: '12:05 at ₹25.00/min' },
    ]);
  });

  it('gives a line without Devanagari one Latin run, and an empty line none', () => {
    expect(scriptRuns('State: Karnataka')).toEqual([{ script: 'latin', text: 'State: Karnataka' }]);
    expect(scriptRuns('')).toEqual([]);
  });
});

describe('a tax document for a buyer named in Hindi', () => {
  it('sets the Devanagari in Noto Sans Devanagari and the rest in DejaVu Sans', async () => {
    const pdf = await invoicePdf(hindiInvoice(), { compress: false });
    const fonts = [...pdf.toString('latin1').matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g)].map((m) => m[1]);
    expect(new Set(fonts)).toEqual(new Set(['DejaVuSans', 'DejaVuSans-Bold', 'NotoSansDevanagari-Regular']));
  });

  it('holds the names as text a reader can copy, in their logical order', async () => {
    const pdf = await invoicePdf(hindiInvoice(), { compress: false });
    const text = await pdfText(pdf);
    expect(text).toContain('राहुल');
    expect(text).toContain('Chat consultation with');
    expect(text).toContain('₹300.00');
    expect(actualTexts(pdf)).toEqual(expect.arrayContaining([BUYER, `${CONSULTANT}: `, 'महाराष्ट्र']));
  });

  it('shapes the Devanagari: the ि matra is drawn before the क्ष conjunct it follows', async () => {
    // pdf.js reads glyphs in the order they are drawn: shaped, "क्षितिज" draws each
    // ि before its syllable; unshaped, the glyphs would follow the logical order.
    const text = await pdfText(await invoicePdf(hindiInvoice(), { compress: false }));
    expect(text).toContain('िक्षितज');
    expect(text).not.toContain('क्षितिज');
  });

  it('compresses the same document smaller', async () => {
    const plain = await invoicePdf(hindiInvoice(), { compress: false });
    expect((await invoicePdf(hindiInvoice())).length).toBeLessThan(plain.length);
  });
});
