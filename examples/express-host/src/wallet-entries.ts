import type { StatementEntry, Transaction, Wallet } from '@jyotishconnect/wallet-store';

/**
 * The statement entry `transaction` wrote to `accountId` (with its exact
 * `balanceAfter`), or `null` if it did not move that account. Only the
 * millisecond it was committed in is read.
 */
export async function entryOf(
  wallet: Wallet,
  accountId: string,
  transaction: Pick<Transaction, 'id' | 'createdAt'>,
): Promise<StatementEntry | null> {
  const window = { from: transaction.createdAt, to: transaction.createdAt + 1, limit: 500 };
  let cursor: string | undefined;
  do {
    const page = await wallet.statement(accountId, { ...window, ...(cursor ? { cursor } : {}) });
    const entry = page.entries.find((e) => e.transactionId === transaction.id);
    if (entry) return entry;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return null;
}
