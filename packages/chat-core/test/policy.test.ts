import { contactInfoPolicy, findContactInfo } from '@jyotishconnect/chat-core';
import { describe, expect, it } from 'vitest';

const found = (text: string) => findContactInfo(text).map((match) => [match.kind, text.slice(match.start, match.end)]);
const author = { id: 'u1', role: 'user' } as const;

describe('contact-info policy: caught', () => {
  it.each([
    ['plain digits', 'call 9876543210 now', '9876543210'],
    ['country code and dashes', 'whatsapp +91-98765-43210', '+91-98765-43210'],
    ['brackets and spaces', 'ring (987) 654-3210', '(987) 654-3210'],
    ['one digit at a time', '9 8 7 6 5 4 3 2 1 0', '9 8 7 6 5 4 3 2 1 0'],
    ['dots and newlines', '98.76\n54.32.10', '98.76\n54.32.10'],
    [
      'number words',
      'nine eight seven six five four three two one zero',
      'nine eight seven six five four three two one zero',
    ],
    [
      'words with double and oh',
      'Nine Eight DOUBLE seven six five four oh one two',
      'Nine Eight DOUBLE seven six five four oh one two',
    ],
    ['digits and words mixed', '98765 four three two one zero', '98765 four three two one zero'],
    ['words glued to digits', '9eight7six5four3two1zero', '9eight7six5four3two1zero'],
    ['Devanagari digits', 'नंबर ९८७६५४३२१० है', '९८७६५४३२१०'],
    ['Arabic-Indic digits', '٩٨٧٦٥٤٣٢١٠', '٩٨٧٦٥٤٣٢١٠'],
    ['full-width digits', '９８７６５ ４３２１０', '９８７６５ ４３２１０'],
    ['Bengali and ASCII mixed', '৯৮৭৬৫ 43210', '৯৮৭৬৫ 43210'],
    ['an implausible date hiding digits', '9876-54-3210', '9876-54-3210'],
  ])('a phone number as %s', (_, text, match) => {
    expect(found(text)).toEqual([['phone', match]]);
  });

  it.each([
    ['plain', 'write to ravi.k@gmail.com', 'ravi.k@gmail.com'],
    ['spaced at sign and dot', 'ravi @ gmail . com', 'ravi @ gmail . com'],
    ['words', 'ravi at gmail dot com', 'ravi at gmail dot com'],
    ['"at the rate"', 'ravi at the rate yahoo dot co dot in', 'ravi at the rate yahoo dot co dot in'],
    ['brackets', 'ravi[at]gmail[dot]com', 'ravi[at]gmail[dot]com'],
    ['parentheses with spaces', 'ravi (at) gmail (dot) com', 'ravi (at) gmail (dot) com'],
    ['full-width signs', 'ravi＠gmail．com', 'ravi＠gmail．com'],
  ])('an email address written %s', (_, text, match) => {
    expect(found(text)).toEqual([['email', match]]);
  });

  it('finds several matches in order', () => {
    expect(found('a@b.co or 98765 43210')).toEqual([
      ['email', 'a@b.co'],
      ['phone', '98765 43210'],
    ]);
  });
});

describe('contact-info policy: not caught (documented limits)', () => {
  it.each([
    ['a short number', 'call 98765 4321'],
    ['comma-separated digits', '9,8,7,6,5,4,3,2,1,0'],
    ['digits split by words', '98765 and then 43210'],
    ['letters posing as digits', '98765432l0 or 9876543O1O'],
    ['Hindi number words', 'nau aath saat chhe paanch char teen do ek shunya'],
    ['an email without a top-level domain', 'ravi at gmail'],
    ['a UPI id', 'pay ravi@okaxis'],
    ['spaced-out letters', 'r a v i @ g m a i l'],
    ['a birth date and time', 'born 12/05/1990 at 10:30 in Pune, or 1990-05-12 10:30:00'],
    ['"at" in ordinary prose', 'I am at home. Come at 5.30 please'],
    ['lucky numbers', 'my lucky numbers are 3 7 and 9'],
    ['the number words up to ten', 'one two three four five six seven eight nine ten'],
  ])('%s', (_, text) => {
    expect(found(text)).toEqual([]);
  });

  it('a long run of digits is flagged even when it is not a phone number (false positive)', () => {
    expect(found('order 12345678901234')).toEqual([['phone', '12345678901234']]);
  });
});

describe('contactInfoPolicy', () => {
  it('rejects by default, naming what it found', () => {
    expect(contactInfoPolicy()({ conversationId: 'c', author, action: 'send', text: 'mail a@b.co' })).toEqual({
      action: 'reject',
      reason: 'contains email contact details',
    });
  });

  it('redacts each match with the mask', () => {
    const policy = contactInfoPolicy({ action: 'redact', mask: '***' });
    const decision = policy({ conversationId: 'c', author, action: 'edit', text: 'a@b.co or +91 98765 43210 ok' });
    expect(decision).toMatchObject({ action: 'redact', text: '*** or *** ok' });
  });

  it('allows clean text and honours minPhoneDigits', () => {
    expect(contactInfoPolicy()({ conversationId: 'c', author, action: 'send', text: 'shani in 7th house' })).toEqual({
      action: 'allow',
    });
    const strict = contactInfoPolicy({ minPhoneDigits: 8 });
    expect(strict({ conversationId: 'c', author, action: 'send', text: '2345 6789' })).toMatchObject({
      action: 'reject',
    });
  });

  it('stays fast on long adversarial input', () => {
    // Not a timing assertion: a catastrophic regex would not finish within the test timeout.
    for (const text of ['a.'.repeat(2000), 'at '.repeat(1300), 'x@a.'.repeat(1000), '1 '.repeat(2000)]) {
      expect(Array.isArray(findContactInfo(text))).toBe(true);
    }
  });
});
