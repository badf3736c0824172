import type { Participant } from './types.js';

/** What a {@link MessagePolicy} sees before a text is stored (on send and on edit). */
export interface PolicyInput {
  readonly conversationId: string;
  readonly author: Participant;
  /** The trimmed, validated text. */
  readonly text: string;
  readonly action: 'send' | 'edit';
}

/** A policy's verdict: store as is, refuse (`POLICY_REJECTED`), or store a rewritten text. */
export type PolicyDecision =
  | { readonly action: 'allow' }
  | { readonly action: 'reject'; readonly reason: string }
  | { readonly action: 'redact'; readonly text: string; readonly reason: string };

/** The host's hook that rejects or redacts a message before it is stored. May be async. */
export type MessagePolicy = (input: PolicyInput) => PolicyDecision | Promise<PolicyDecision>;

/** A span of contact information found in a text. */
export interface ContactMatch {
  readonly kind: 'phone' | 'email';
  /** UTF-16 offsets into the original text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

/** Options of {@link contactInfoPolicy}. */
export interface ContactInfoPolicyOptions {
  /** `reject` refuses the message (default); `redact` replaces each match with `mask`. */
  action?: 'reject' | 'redact';
  /** Replacement text for redaction; default `[hidden]`. */
  mask?: string;
  /** Fewest digits that make a phone number; default 10 (an Indian mobile number). */
  minPhoneDigits?: number;
}

const ALLOW: PolicyDecision = Object.freeze({ action: 'allow' });

/**
 * The policy marketplaces use to keep consultations on the platform: blocks
 * phone numbers and email addresses found by {@link findContactInfo}.
 *
 * @example
 * ```ts
 * const chat = createChat({ store, policy: contactInfoPolicy({ action: 'redact' }) });
 * ```
 */
export function contactInfoPolicy(options: ContactInfoPolicyOptions = {}): MessagePolicy {
  const action = options.action ?? 'reject';
  const mask = options.mask ?? '[hidden]';
  const minPhoneDigits = options.minPhoneDigits ?? 10;
  return ({ text }) => {
    const matches = findContactInfo(text, { minPhoneDigits });
    if (matches.length === 0) return ALLOW;
    const reason = `contains ${[...new Set(matches.map((match) => match.kind))].join(' and ')} contact details`;
    if (action === 'reject') return { action: 'reject', reason };
    return { action: 'redact', text: redact(text, matches, mask), reason };
  };
}

/** Replaces each match (sorted, non-overlapping as returned by {@link findContactInfo}) with `mask`. */
export function redact(text: string, matches: readonly ContactMatch[], mask: string): string {
  let out = '';
  let from = 0;
  for (const match of matches) {
    out += text.slice(from, match.start) + mask;
    from = match.end;
  }
  return out + text.slice(from);
}

/**
 * Finds phone numbers and email addresses, including common disguises.
 *
 * Caught:
 * - digits in any script (`९८७६५…`, Arabic-Indic, full-width `９８７…`) and
 *   English number words (`nine eight seven…`, `oh` for zero, `double 7`,
 *   `triple 0`), mixed freely, adding up to `minPhoneDigits` (10) or more;
 * - digits split by spaces, newlines, `-`, `.`, `(`, `)`, `/`, `+`, `_`, `*`
 *   (at most 4 in a row): `98765 43210`, `9 8 7 6 5 4 3 2 1 0`, `+91-98765-43210`;
 * - emails with `@`, `＠`, `(at)`, `[at]`, ` at `, ` at the rate `, and dots
 *   written as `.`, `．`, `(dot)`, `[dot]`, ` dot `: `ravi at gmail dot com`.
 *
 * Not caught (documented limits, by design or cost):
 * - numbers shorter than `minPhoneDigits` (8-digit landlines without code);
 * - digits split by commas or words (`9,8,7…`, `98765 and 43210`), letters
 *   posing as digits (`O` for 0, `l` for 1), number words in other languages
 *   (`nau aath saat`), digits spread over several messages;
 * - digits inside a plausible written date or time (`12/05/1990`, `1990-05-12`,
 *   `10:30`) are not counted, so astrology birth data passes;
 * - emails without a top-level domain (`ravi at gmail`), UPI ids
 *   (`ravi@okaxis`), spaced-out letters (`g m a i l`), social handles and URLs.
 *
 * False positives to expect: any 10+ digit run (order numbers, a list of
 * single digits written with spaces) and phrases like `look at example dot com`.
 */
export function findContactInfo(text: string, options: { minPhoneDigits?: number } = {}): ContactMatch[] {
  const phones = findPhones(text, options.minPhoneDigits ?? 10);
  const emails = findEmails(text);
  if (emails.length === 0) return phones;
  if (phones.length === 0) return emails;
  return mergeMatches([...phones, ...emails]);
}

// ---- phone numbers -------------------------------------------------------

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  oh: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};
const TOKENS =
  /(\p{Nd})|(?<![\p{L}\p{M}])(zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)(?![\p{L}\p{M}])|([\s\-.()/+_*]+)/giu;
const DATE_OR_TIME =
  /(?<!\p{Nd})(?:(\p{Nd}{1,2})[/.-](\p{Nd}{1,2})[/.-](\p{Nd}{4}|\p{Nd}{2})|(\p{Nd}{4})[/.-](\p{Nd}{1,2})[/.-](\p{Nd}{1,2})|(\p{Nd}{1,2}):(\p{Nd}{2})(?::\p{Nd}{2})?)(?!\p{Nd})/gu;
const MAX_SEPARATOR = 4;

function findPhones(text: string, minDigits: number): ContactMatch[] {
  const exempt = plausibleDatesAndTimes(text);
  const found: ContactMatch[] = [];
  let digits = 0;
  let start = -1;
  let end = -1;
  let repeat = 1;
  let lastEnd = 0;
  const close = () => {
    // A leading `+` or `(` belongs to the number: `+91…`, `(987)…`.
    const from = start > 0 && (text[start - 1] === '+' || text[start - 1] === '(') ? start - 1 : start;
    if (digits >= minDigits) found.push({ kind: 'phone', start: from, end });
    digits = 0;
    start = -1;
    repeat = 1;
  };
  for (const token of text.matchAll(TOKENS)) {
    const at = token.index;
    if (at > lastEnd || insideAny(exempt, at)) close();
    lastEnd = at + token[0].length;
    if (insideAny(exempt, at)) continue;
    const [, digit, word, separator] = token;
    if (separator !== undefined) {
      if (separator.length > MAX_SEPARATOR) close();
      continue;
    }
    const lower = (word ?? '').toLowerCase();
    if (lower === 'double' || lower === 'triple') {
      repeat = lower === 'double' ? 2 : 3;
      continue;
    }
    if (digit === undefined && NUMBER_WORDS[lower] === undefined) continue;
    if (start < 0) start = at;
    end = lastEnd;
    digits += repeat;
    repeat = 1;
  }
  close();
  return found;
}

/** Spans of written dates and times with plausible values; their digits are not phone digits. */
function plausibleDatesAndTimes(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const match of text.matchAll(DATE_OR_TIME)) {
    const [d1, m1, y1, y2, m2, d2, hh, mm] = match.slice(1, 9).map((part) => (part ? digitsValue(part) : -1));
    let plausible: boolean;
    if (match[1] !== undefined) {
      const dayFirst = isDay(d1) && isMonth(m1);
      const monthFirst = isMonth(d1) && isDay(m1);
      plausible = (dayFirst || monthFirst) && ((match[3] ?? '').length === 2 || isYear(y1));
    } else if (match[4] !== undefined) plausible = isYear(y2) && isMonth(m2) && isDay(d2);
    else plausible = (hh ?? 99) <= 23 && (mm ?? 99) <= 59;
    if (plausible) spans.push([match.index, match.index + match[0].length]);
  }
  return spans;
}

const isDay = (value: number | undefined) => value !== undefined && value >= 1 && value <= 31;
const isMonth = (value: number | undefined) => value !== undefined && value >= 1 && value <= 12;
const isYear = (value: number | undefined) => value !== undefined && value >= 1900 && value <= 2100;

function insideAny(spans: ReadonlyArray<[number, number]>, at: number): boolean {
  for (const [from, to] of spans) if (at >= from && at < to) return true;
  return false;
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;
const digitCache = new Map<number, number>();

/** The value of a decimal digit of any script (Unicode encodes each script's 0–9 contiguously). */
function digitValue(char: string): number {
  const point = char.codePointAt(0) ?? 48;
  if (point >= 48 && point <= 57) return point - 48;
  let value = digitCache.get(point);
  if (value === undefined) {
    let zero = point;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
    value = (point - zero) % 10;
    digitCache.set(point, value);
  }
  return value;
}

function digitsValue(part: string): number {
  let value = 0;
  for (const char of part) value = value * 10 + digitValue(char);
  return value;
}

// ---- email addresses -----------------------------------------------------

const LOCAL = String.raw`[\p{L}\p{N}._%+\-]{1,64}`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?`;
const TLD = String.raw`\p{L}{2,24}(?![\p{L}\p{N}])`;
const BRACKETED = (word: string) => String.raw`\s*[\[({<]\s*(?:${word})\s*[\])}>]\s*`;
const SYMBOL_AT = String.raw`\s*[@＠﹫]\s*`;
const WORD_AT = String.raw`${BRACKETED('at|@')}|\s+at\s+(?:the\s+rate\s+(?:of\s+)?)?`;
const LOOSE_DOT = String.raw`\s*[.．。｡]\s*|${BRACKETED(String.raw`dot|\.`)}|\s+dot\s+`;
const STRICT_DOT = String.raw`[.．。｡]|${BRACKETED(String.raw`dot|\.`)}|\s+dot\s+`;
const EMAIL = new RegExp(
  `${LOCAL}(?:(?:${SYMBOL_AT})${LABEL}(?:(?:${LOOSE_DOT})${LABEL}){0,6}(?:${LOOSE_DOT})${TLD}` +
    `|(?:${WORD_AT})${LABEL}(?:(?:${STRICT_DOT})${LABEL}){0,6}(?:${STRICT_DOT})${TLD})`,
  'giu',
);
const MAY_HAVE_EMAIL = /[@＠﹫]|(?<![\p{L}])at(?![\p{L}])/iu;

function findEmails(text: string): ContactMatch[] {
  if (!MAY_HAVE_EMAIL.test(text)) return [];
  const found: ContactMatch[] = [];
  for (const match of text.matchAll(EMAIL)) {
    found.push({ kind: 'email', start: match.index, end: match.index + match[0].length });
  }
  return found;
}

function mergeMatches(matches: ContactMatch[]): ContactMatch[] {
  matches.sort((a, b) => a.start - b.start);
  const merged: ContactMatch[] = [];
  for (const match of matches) {
    const last = merged.at(-1);
    if (last && match.start < last.end) {
      merged[merged.length - 1] = { ...last, end: Math.max(last.end, match.end) };
    } else merged.push(match);
  }
  return merged;
}
