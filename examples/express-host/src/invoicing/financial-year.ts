/** India Standard Time is UTC+05:30 all year (no daylight saving). */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
/** April, as `Date#getUTCMonth` counts. */
const APRIL = 3;

/**
 * The Indian financial year (1 April to 31 March, in IST) of an instant, as
 * invoices name it: `2026-27`.
 *
 * @example
 * ```ts
 * financialYearOf(Date.parse('2026-03-31T18:29:59.999Z')); // '2025-26' (23:59:59.999 IST, 31 March)
 * financialYearOf(Date.parse('2026-03-31T18:30:00.000Z')); // '2026-27' (00:00 IST, 1 April)
 * ```
 */
export function financialYearOf(epochMs: number): string {
  const ist = new Date(epochMs + IST_OFFSET_MS);
  const start = ist.getUTCMonth() >= APRIL ? ist.getUTCFullYear() : ist.getUTCFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}
