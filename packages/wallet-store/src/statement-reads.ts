import { accountNotFound } from './errors.js';
import type { GroupedStatementOptions, StatementOptions } from './inputs.js';
import { checkStatementOptions } from './requests.js';
import { checkGroupedStatementOptions, groupedPage } from './statement-groups.js';
import type { WalletStore } from './store.js';
import type { GroupedStatementPage, StatementEntry, StatementPage, Transaction } from './types.js';
import { checkId } from './validate.js';

// The statement reads behind `Wallet.statement`, `groupedStatement` and
// `entryOf`: inputs checked, the account known, then one store read.

/** A checked page of an account's statement; `ACCOUNT_NOT_FOUND` for an unknown account. */
export async function readStatement(
  store: WalletStore,
  now: number,
  accountId: string,
  options: StatementOptions,
): Promise<StatementPage> {
  const id = checkId(accountId, 'accountId');
  const query = checkStatementOptions(options);
  await assertKnown(store, now, id);
  return await store.statement(id, query);
}

/** A checked page of an account's statement grouped by consultation; `ACCOUNT_NOT_FOUND` for an unknown account. */
export async function readGroupedStatement(
  store: WalletStore,
  now: number,
  accountId: string,
  options: GroupedStatementOptions,
): Promise<GroupedStatementPage> {
  const id = checkId(accountId, 'accountId');
  const query = checkGroupedStatementOptions(options);
  await assertKnown(store, now, id);
  return groupedPage(await store.groupedStatement(id, query), query);
}

/** `ACCOUNT_NOT_FOUND` unless the store knows the account. */
async function assertKnown(store: WalletStore, now: number, id: string): Promise<void> {
  if (!(await store.getAccount(id, now))) throw accountNotFound(id);
}

/** The entry `transaction` wrote, found in the pages `read` gives of the millisecond it was committed in. */
export async function findEntry(
  read: (options: StatementOptions) => Promise<StatementPage>,
  transaction: Pick<Transaction, 'id' | 'createdAt'>,
): Promise<StatementEntry | null> {
  const window = { from: transaction.createdAt, to: transaction.createdAt + 1, limit: 500 };
  let cursor: string | undefined;
  do {
    const page = await read({ ...window, ...(cursor ? { cursor } : {}) });
    const entry = page.entries.find((e) => e.transactionId === transaction.id);
    if (entry) return entry;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return null;
}
