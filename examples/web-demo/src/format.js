/** Formatting helpers. Money is integer paise everywhere; only these functions turn it into text. */

/**
 * Groups the digits of a non-negative integer the Indian way: 12,34,567.
 * @param {number} n
 * @returns {string}
 */
function groupIndian(n) {
  const s = String(n);
  if (s.length <= 3) return s;
  const last3 = s.slice(-3);
  const rest = s.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return `${rest},${last3}`;
}

/**
 * Formats integer paise as rupees with two decimals: 123456 → "₹1,234.56".
 * @param {number} paise
 * @returns {string}
 */
export function formatMoney(paise) {
  if (!Number.isSafeInteger(paise)) return '—';
  const sign = paise < 0 ? '−' : '';
  const abs = Math.abs(paise);
  const rupees = Math.floor(abs / 100);
  const rest = String(abs % 100).padStart(2, '0');
  return `${sign}₹${groupIndian(rupees)}.${rest}`;
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
  return `${formatMoney(paisePerMinute)}/min`;
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

/** Month names as dates are written on every screen: "4 Dec 2026". */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A time of day or a date and time, for messages and statements.
 * @param {number | string} when epoch ms or ISO text
 * @param {boolean} [withDate]
 */
export function formatTime(when, withDate = false) {
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return '';
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  if (!withDate) return `${hh}:${mm}`;
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${hh}:${mm}`;
}

/**
 * A calendar date typed as `YYYY-MM-DD` (a date of birth), read as written whatever the time zone: "14 Mar 1992".
 * @param {string} isoDate
 */
export function formatDate(isoDate) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(isoDate));
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return String(isoDate);
  return `${Number(match[3])} ${month} ${match[1]}`;
}

/** Human words for the billing engine's end reasons. */
export const END_REASONS = {
  rejected: 'The consultant declined the request',
  cancelled: 'The request was cancelled',
  expired: 'The request was not answered in time',
  user: 'Ended by the user',
  consultant: 'Ended by the consultant',
  host: 'Ended by the platform',
  insufficient_funds: 'Ended: the wallet ran out of funds',
  inactivity: 'Ended after inactivity',
  max_duration: 'Ended: maximum duration reached',
  interrupted: 'The session was interrupted',
  invalid_role: 'Ended: invalid role',
};

/**
 * @param {string | null | undefined} reason
 * @returns {string}
 */
export function describeEndReason(reason) {
  return (reason && END_REASONS[/** @type {keyof typeof END_REASONS} */ (reason)]) || 'Session ended';
}

/** @param {'chat' | 'voice' | 'video' | string} service */
export function serviceLabel(service) {
  return service === 'video' ? 'Video call' : service === 'voice' ? 'Voice call' : 'Chat';
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
