import { isJyotishError } from '@jyotishconnect/core';
import { transactionNotFound, WalletError } from './errors.js';
import { allocateRefund } from './refunds.js';
import type { Refund } from './requests.js';
import type { Transaction } from './types.js';
import { replayOf, type WalletContext } from './wallet-context.js';

const MAX_REFUND_ATTEMPTS = 5;

/**
 * The one refund path, behind {@link Wallet.refund} and {@link Wallet.refundMany}:
 * commits `refund` as a single transaction linked to its first original, taking
 * the amount newest original first, and recomputes when a concurrent refund of
 * one of the originals commits first.
 */
export async function commitRefund(context: WalletContext, refund: Refund): Promise<Transaction> {
  const { id, transactionIds, amount, metadata, request } = refund;
  const { store } = context;
  const previous = await store.getTransaction(id);
  if (previous) return replayOf(previous, id, request);
  const stored = await Promise.all(transactionIds.map((transactionId) => store.getTransaction(transactionId)));
  const originals = stored.map((each, index) => {
    const transactionId = transactionIds[index] as string;
    if (!each) throw transactionNotFound(transactionId);
    if (each.transaction.kind === 'refund') {
      throw new WalletError('NOT_REFUNDABLE', `transaction ${transactionId} is itself a refund`, {
        details: { transactionId },
      });
    }
    return each.transaction;
  });
  for (let attempt = 1; ; attempt++) {
    const refunded = await Promise.all(transactionIds.map((transactionId) => store.refundedAmount(transactionId)));
    const { refunds, postings } = allocateRefund(originals, refunded, amount);
    try {
      return await context.commit(
        'refund',
        { id, postings, metadata, request },
        { refundOf: transactionIds[0] as string, refunds },
      );
    } catch (error) {
      // Another refund of one of the originals committed first: recompute from the new totals.
      if (!isJyotishError(error, 'CONCURRENT_MODIFICATION') || attempt >= MAX_REFUND_ATTEMPTS) throw error;
    }
  }
}
