/**
 * Formatting helpers. Money is integer paise everywhere; only these functions turn it into text, through `Intl`
 * in the page's language (`en-IN` or `hi-IN`).
 */

import { currentLocale, hasText, t } from './i18n.js';

/** Currency formatters by locale: building one is slow, so each is made once. */
const moneyFormats = new Map();

/**
 * Formats integer paise as rupees with two decimals in the page's language, Indian digit grouping: 123456 → "₹1,234.56".
 * @param {number} paise
 * @returns {string}
 */
export function formatMoney(paise) {
  if (!Number.isSafeInteger(paise)) return '—';
  const locale = currentLocale();
  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'INR', minimumFractionDigits: 2 });
    moneyFormats.set(locale, format);
  }
  // Paise stay integers: the rupee part and the paise part are exact in a double up to far beyond any wallet.
  const text = format.format(Math.abs(paise) / 100);
  return paise < 0 ? `−${text}` : text;
}

/**
 * Parses rupees typed by a person ("250", "250.5", "1,000.25") into integer paise, or null.
 * @param {string} text
 * @returns {number | null}
 */
export function parseRupees(text) {
  const clean = String(text).replace(/[₹,\s]/g, '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(clean);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/**
 * A rate in paise per minute: "₹25.00/min".
 * @param {number} paisePerMinute
 */
export function formatRate(paisePerMinute) {
  return t('format.perMinute', { money: formatMoney(paisePerMinute) });
}

/**
 * Seconds as "m:ss" (or "h:mm:ss").
 * @param {number} seconds
 */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * The amount due after `seconds` at a per-minute rate: floor(rate × t / 60), as the billing engine computes it.
 * @param {number} ratePerMinute
 * @param {number} seconds
 */
export function dueAt(ratePerMinute, seconds) {
  return Math.floor((ratePerMinute * seconds) / 60);
}

/**
 * Whole seconds a balance pays for at a rate.
 * @param {number} balance
 * @param {number} ratePerMinute
 */
export function secondsFundedBy(balance, ratePerMinute) {
  if (ratePerMinute <= 0) return Number.POSITIVE_INFINITY;
  // The largest t with floor(rate × t / 60) ≤ balance.
  return Math.floor(((balance + 1) * 60 - 1) / ratePerMinute);
}

/**
 * A time of day or a date and time, for messages and statements: "14:05" or "4 Dec 2026, 14:05".
 * @param {number | string} when epoch ms or ISO text
 * @param {boolean} [withDate]
 */
export function formatTime(when, withDate = false) {
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return '';
  const clock = /** @type {const} */ ({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const date = /** @type {const} */ ({ day: 'numeric', month: 'short', year: 'numeric' });
  return new Intl.DateTimeFormat(currentLocale(), withDate ? { ...date, ...clock } : clock).format(d);
}

/**
 * A calendar date typed as `YYYY-MM-DD` (a date of birth), read as written whatever the time zone: "14 Mar 1992".
 * @param {string} isoDate
 */
export function formatDate(isoDate) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(isoDate));
  if (!match) return String(isoDate);
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(utc.getTime())) return String(isoDate);
  const options = /** @type {const} */ ({ day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return new Intl.DateTimeFormat(currentLocale(), options).format(utc);
}

/**
 * Human words for the billing engine's end reasons, in the page's language.
 * @param {string | null | undefined} reason
 * @returns {string}
 */
export function describeEndReason(reason) {
  return reason && reason !== 'unknown' && hasText(`endReason.${reason}`)
    ? t(`endReason.${reason}`)
    : t('endReason.unknown');
}

/** @param {'chat' | 'voice' | 'video' | string} service */
export function serviceLabel(service) {
  return t(`service.${service === 'video' || service === 'voice' ? service : 'chat'}`);
}

/**
 * Seconds as words for summaries: "3 min 20 s" / "3 मिनट 20 सेकंड".
 * @param {number} seconds
 */
export function formatDurationWords(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  return minutes > 0 ? t('format.minutesSeconds', { minutes, seconds: rest }) : t('format.seconds', { seconds: rest });
}

/** Initials for an avatar: "Guru Dev" → "GD". @param {string} name */
export function initials(name) {
  return (
    String(name)
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase() ?? '')
      .join('') || '?'
  );
}

/**
 * A plain number in the page's language (a rating, a count): 4.5 → "4.5".
 * @param {number} value
 * @param {number} [fractionDigits] exactly this many digits after the point
 */
export function formatNumber(value, fractionDigits) {
  const digits =
    fractionDigits === undefined
      ? {}
      : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return new Intl.NumberFormat(currentLocale(), digits).format(value);
}
