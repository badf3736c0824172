/**
 * `floor(a * b / c)` for non-negative safe integers, exact even when `a * b`
 * exceeds 2^53: the one multiplication every money rule (commission, proration,
 * refunds) needs, shared so no package rounds it differently.
 */
export function mulDivFloor(a: number, b: number, c: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) return Math.floor(product / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}
