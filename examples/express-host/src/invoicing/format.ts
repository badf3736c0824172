/*
 * How amounts, dates and durations read on a tax document: Indian digit
 * grouping, the rupee sign, dates in IST. Paise are split into rupees and
 * paise as integers; no amount passes through a division of doubles.
 */

const GROUPING = new Intl.NumberFormat('en-IN');
const DATE = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** `₹1,23,456.78` for 12345678 paise; a negative amount reads `−₹…`. */
export function rupees(paise: number): string {
  const sign = paise < 0 ? '−' : '';
  const whole = BigInt(Math.abs(paise));
  return `${sign}₹${GROUPING.format(whole / 100n)}.${String(whole % 100n).padStart(2, '0')}`;
}

/** `5 Dec 2026`: the date in India of an instant. */
export function indianDate(epochMs: number): string {
  return DATE.format(new Date(epochMs));
}

/** `12:05` (minutes and seconds) or `1:02:05` for a duration in seconds. */
export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A GST rate in basis points as a percentage: `18%`, `9%`, `2.5%`. */
export function percent(bps: number): string {
  const whole = Math.floor(bps / 100);
  const fraction = String(bps % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}%` : `${whole}%`;
}
