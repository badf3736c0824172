import { describe, expect, it } from 'vitest';
import { loadMailLocales, translationsOf } from '../src/notifications/i18n.js';
import { renderMail } from '../src/notifications/templates.js';
import { confirmPage, donePage, invalidLinkPage } from '../src/notifications/unsubscribe-page.js';

/** Every key path of a nested translation object. */
function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keysOf(inner, prefix ? `${prefix}.${key}` : key));
}

/** Every string of a nested translation object. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return typeof value === 'object' && value !== null ? Object.values(value).flatMap(stringsOf) : [];
}

const links = { action: 'https://consult.example.com/', unsubscribe: 'https://consult.example.com/u?token=t' };

describe('email templates', () => {
  it('English and Hindi have the same keys', () => {
    expect(keysOf(translationsOf('hi')).sort()).toEqual(keysOf(translationsOf('en')).sort());
  });

  it('Hindi is written in Devanagari: no Latin words beyond the brand, PDF and placeholders', () => {
    for (const text of stringsOf(translationsOf('hi'))) {
      const words = text
        .replaceAll(/\{\{\w+\}\}/g, '')
        .replaceAll('JyotishConnect', '')
        .replaceAll('PDF', '');
      expect(words, text).not.toMatch(/[A-Za-z]/);
      expect(text, text).toMatch(/[\u0900-\u097F]/);
    }
  });

  it('money, durations and dates follow the language, in Indian Standard Time', async () => {
    const { en, hi } = await loadMailLocales();
    expect(en.money(123_456_789)).toBe('₹12,34,567.89');
    expect(hi.money(1_500)).toBe('₹15.00');
    expect(en.duration(125)).toBe('2 min 5 s');
    expect(hi.duration(45)).toBe('45 सेकंड');
    // 2026-01-01T00:00Z is 05:30 in India.
    expect(en.dateTime(Date.UTC(2026, 0, 1))).toBe('1 Jan 2026, 5:30 am');
    expect(hi.dateTime(Date.UTC(2026, 0, 1))).toContain('2026');
  });

  it('escapes what people typed in the HTML part: a name cannot inject markup', async () => {
    const { en } = await loadMailLocales();
    const mail = renderMail(
      {
        kind: 'incoming-request',
        consultantName: 'Guru',
        clientName: '<img src=x onerror=alert(1)>',
        service: 'chat',
        source: 'direct',
        ratePerMinute: 1_000,
        expiresAt: Date.UTC(2026, 0, 1),
      },
      en,
      links,
    );
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.text).toContain('<img src=x onerror=alert(1)> asked you');
  });

  it('a waitlist offer reads as one, in both languages', async () => {
    const { en, hi } = await loadMailLocales();
    const offer = {
      kind: 'incoming-request',
      consultantName: 'Guru Sharma',
      clientName: 'Asha Rao',
      service: 'video',
      source: 'waitlist',
      ratePerMinute: 2_500,
      expiresAt: Date.UTC(2026, 0, 1),
    } as const;
    expect(renderMail(offer, en, links).subject).toBe(
      'Asha Rao from your waitlist is ready for a video call consultation',
    );
    expect(renderMail(offer, hi, links).subject).toBe(
      'आपकी प्रतीक्षा सूची से Asha Rao अब वीडियो कॉल पर परामर्श के लिए तैयार हैं',
    );
    expect(renderMail(offer, hi, links).text).toContain('₹25.00 प्रति मिनट');
  });

  it('an invoice without its PDF says where to download it', async () => {
    const { en } = await loadMailLocales();
    const invoice = {
      kind: 'invoice',
      userName: 'Asha',
      number: 'JC/1',
      issuedAt: 0,
      total: 100,
      attached: false,
    } as const;
    expect(renderMail(invoice, en, links).text).toContain('You can download it from your consultation history.');
  });

  it("the unsubscribe pages speak the recipient's language and escape what they show", async () => {
    const { en, hi } = await loadMailLocales();
    const confirm = confirmPage(
      hi,
      hi.t('kind.low-balance'),
      'asha"<b>@example.com',
      '/api/notifications/unsubscribe?token=a"b',
    );
    expect(confirm).toContain('<html lang="hi">');
    expect(confirm).toContain('asha&quot;&lt;b&gt;@example.com पर कम बैलेंस वाले ईमेल बंद करें?');
    expect(confirm).toContain('action="/api/notifications/unsubscribe?token=a&quot;b"');
    expect(confirm).toContain('हाँ, बंद करें');
    expect(donePage(hi, hi.t('kind.invoice'))).toContain('अब आपको इनवॉइस वाले ईमेल नहीं मिलेंगे।');
    const invalid = invalidLinkPage([en, hi]);
    expect(invalid).toContain('This unsubscribe link is not valid.');
    expect(invalid).toContain('यह लिंक मान्य नहीं है।');
  });
});
