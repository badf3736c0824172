import type { TaxLine } from '../host-store/index.js';

/*
 * GST on the platform fee. The fee (the commission the billing engine credits
 * the platform) is tax-inclusive: the user pays what the wallet charged, and
 * the tax is carved out of the fee, never added on top.
 *
 * In exact integer paise, with `r` the rate in basis points and halves
 * rounded up:
 *   IGST (other state, or the buyer's state unknown):
 *     igst = round(fee × r / (10000 + r)),  taxable = fee − igst
 *   CGST + SGST (same state): each is half the rate, and the two are equal,
 *     as Indian invoices print them:
 *     half = round(fee × r / (2 × (10000 + r))),  taxable = fee − 2 × half
 * So `taxable + taxes = fee` to the paisa, and each tax line is within
 * (10000 + r) / 20000 of a paisa (0.59 at 18%) of its rate applied to the
 * taxable value. Products go through bigint: no rounding of a double anywhere.
 */

/** A platform fee split into its taxable value and GST lines. */
export interface GstBreakdown {
  readonly taxableValue: number;
  readonly taxes: readonly TaxLine[];
}

const BPS = 10_000n;

/** `round(numerator / denominator)`, halves up, for non-negative bigints. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * Carves GST at `rateBps` (an even number of basis points, so CGST and SGST
 * each have a whole one) out of a tax-inclusive `fee` in paise.
 *
 * @example
 * ```ts
 * carveGst(2_000, 1_800, 'igst'); // { taxableValue: 1_695, taxes: [{ tax: 'IGST', rateBps: 1_800, amount: 305 }] }
 * ```
 */
export function carveGst(fee: number, rateBps: number, supply: 'igst' | 'cgst-sgst'): GstBreakdown {
  if (!Number.isSafeInteger(fee) || fee < 0)
    throw new RangeError(`a fee is a non-negative integer of paise, not ${fee}`);
  if (!Number.isInteger(rateBps) || rateBps < 0 || rateBps % 2 !== 0) {
    throw new RangeError(`a GST rate is an even, non-negative number of basis points, not ${rateBps}`);
  }
  const rate = BigInt(rateBps);
  if (supply === 'igst') {
    const igst = Number(roundHalfUp(BigInt(fee) * rate, BPS + rate));
    return { taxableValue: fee - igst, taxes: [{ tax: 'IGST', rateBps, amount: igst }] };
  }
  const half = Number(roundHalfUp(BigInt(fee) * rate, 2n * (BPS + rate)));
  return {
    taxableValue: fee - 2 * half,
    taxes: [
      { tax: 'CGST', rateBps: rateBps / 2, amount: half },
      { tax: 'SGST', rateBps: rateBps / 2, amount: half },
    ],
  };
}

/** Same state (CGST + SGST) when the buyer's state is known and the seller's; IGST otherwise. */
export function supplyBetween(sellerState: string | null, buyerState: string | null): 'igst' | 'cgst-sgst' {
  const same = sellerState !== null && buyerState !== null && sellerState.toLowerCase() === buyerState.toLowerCase();
  return same ? 'cgst-sgst' : 'igst';
}
