import type { QueryOptions, SqlExecutor } from '@jyotishconnect/core';
import { balanceShards, hasZeroFloor } from '../../accounts.js';
import { holdNotFound, holdNotOpen, type WalletError } from '../../errors.js';
import { effectiveStatus } from '../../holds.js';
import { STANDALONE_KINDS } from '../../statement-groups.js';
import type {
  AccountAudit,
  BatchOutcome,
  BatchWrite,
  GroupedStatementQuery,
  HoldRelease,
  LedgerEntry,
  NewAccount,
  PositionedGroup,
  RefundReportQuery,
  StatementQuery,
  StoredHold,
  StoredRequest,
  StoredTransaction,
  WalletStore,
  WriteOutcome,
} from '../../store.js';
import type { Account, Hold, RefundReportRow, StatementPage, Transaction } from '../../types.js';
import { commitBatchSql } from './batch.js';
import { rejectionOf, walletErrorOf } from './errors.js';
import { retryingAborts } from './retry.js';
import {
  type AccountRow,
  type AuditRow,
  type GroupedStatementRow,
  type HoldRow,
  type RefundReportDbRow,
  type StatementRow,
  type TransactionRow,
  toAccount,
  toHold,
  toPositionedGroup,
  toStatementEntry,
  toTransaction,
} from './rows.js';
import { accountSql, accountsSql, auditSql, createAccountSql, setFrozenSql } from './sql/accounts.js';
import { commitManySql } from './sql/batch.js';
import { commitParams, commitSql } from './sql/commit.js';
import { expireHoldsSql, holdSql, placeHoldSql, releaseHoldSql, voidHoldSql } from './sql/holds.js';
import { groupedStatementSql, refundedSql, refundReportSql, statementSql, transactionSql } from './sql/reads.js';
import { walletTables } from './tables.js';

/** Every statement here has a fixed text per schema: prepared once per connection, planned once. */
const PREPARED: QueryOptions = { prepare: true };

/** Options of {@link createPostgresWalletStore}. */
export interface PostgresWalletStoreOptions {
  /** `fromPg(pool)` for a PostgreSQL server or `fromPGlite(db)` for embedded PGlite. */
  db: SqlExecutor;
  /** Schema holding the tables created by `migrateWalletStore`; defaults to `public`. */
  schema?: string;
}

function statements(schema: string) {
  const t = walletTables(schema);
  return {
    createAccount: createAccountSql(t),
    account: accountSql(t),
    accounts: accountsSql(t),
    setFrozen: setFrozenSql(t),
    audit: auditSql(t),
    commit: commitSql(t),
    commitMany: commitManySql(t),
    transaction: transactionSql(t),
    refunded: refundedSql(t),
    statement: statementSql(t),
    groupedStatement: groupedStatementSql(t),
    refundReport: refundReportSql(t),
    hold: holdSql(t),
    placeHold: placeHoldSql(t),
    releaseHold: releaseHoldSql(t),
    voidHold: voidHoldSql(t),
    expireHolds: expireHoldsSql(t),
  };
}

/**
 * A {@link WalletStore} on PostgreSQL or PGlite. Every write is one statement
 * (a replay reads the stored record in a second one) whose guards run on
 * row-locked balances, so it stays correct with many processes sharing one
 * database. Reads never write: an expired hold is left out of `held` by the
 * read itself, and closed in storage by the account's next write or a sweep.
 */
export class PostgresWalletStore implements WalletStore {
  readonly #db: SqlExecutor;
  readonly #sql: ReturnType<typeof statements>;

  constructor(options: PostgresWalletStoreOptions) {
    this.#db = options.db;
    this.#sql = statements(options.schema ?? 'public');
  }

  async createAccount(account: NewAccount): Promise<WriteOutcome<Account>> {
    const { id, type, currency, createdAt } = account;
    const params = [id, type, currency, balanceShards(type), hasZeroFloor(type), createdAt];
    const { rows } = await this.#db.query<{ created: string | number }>(this.#sql.createAccount, params, PREPARED);
    if (Number(rows[0]?.created) === 1) {
      const record = { id, type, currency, frozen: false, balance: 0, held: 0, available: 0, createdAt };
      return { status: 'created', record };
    }
    return { status: 'duplicate', record: stored(await this.getAccount(id, createdAt), 'account', id), request: {} };
  }

  async getAccount(id: string, now: number): Promise<Account | null> {
    const { rows } = await this.#db.query<AccountRow>(this.#sql.account, [id, now], PREPARED);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async getAccounts(ids: readonly string[], now: number): Promise<(Account | null)[]> {
    const { rows } = await this.#db.query<AccountRow>(this.#sql.accounts, [[...new Set(ids)], now], PREPARED);
    const byId = new Map(rows.map((row) => [row.id, toAccount(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async setFrozen(id: string, frozen: boolean, now: number): Promise<Account | null> {
    const { rows } = await this.#db.query<AccountRow>(this.#sql.setFrozen, [id, frozen, now], PREPARED);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async commit(entry: LedgerEntry): Promise<WriteOutcome<Transaction>> {
    let currency: string | null | undefined;
    try {
      const { rows } = await retryingAborts(() =>
        this.#db.query<{ currency: string | null }>(this.#sql.commit, commitParams(entry), PREPARED),
      );
      currency = rows[0]?.currency;
    } catch (error) {
      throw await this.#commitError(error, entry);
    }
    if (typeof currency === 'string') return { status: 'created', record: { ...entry.transaction, currency } };
    const previous = stored(await this.getTransaction(entry.transaction.id), 'transaction', entry.transaction.id);
    return { status: 'duplicate', record: previous.transaction, request: previous.request };
  }

  async commitBatch(writes: readonly BatchWrite[]): Promise<BatchOutcome[]> {
    return await commitBatchSql(this.#db, this.#sql.commitMany, PREPARED, writes);
  }

  async placeHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>> {
    const params = [
      hold.id,
      hold.accountId,
      hold.amount,
      hold.expiresAt,
      JSON.stringify(hold.metadata),
      hold.createdAt,
      JSON.stringify(request),
    ];
    let created = false;
    try {
      const { rows } = await retryingAborts(() =>
        this.#db.query<{ created: boolean }>(this.#sql.placeHold, params, PREPARED),
      );
      created = rows[0]?.created === true;
    } catch (error) {
      const rejection = rejectionOf(error, hold.accountId);
      throw (rejection && walletErrorOf(rejection, [hold.accountId])) ?? error;
    }
    if (created) return { status: 'created', record: hold };
    const previous = stored(await this.getHold(hold.id), 'hold', hold.id);
    return { status: 'duplicate', record: previous.hold, request: previous.request };
  }

  async voidHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>> {
    const params = [hold.id, hold.accountId, hold.createdAt, JSON.stringify(request)];
    const { rows } = await this.#db.query(this.#sql.voidHold, params, PREPARED);
    if (rows.length > 0) return { status: 'created', record: hold };
    const previous = stored(await this.getHold(hold.id), 'hold', hold.id);
    return { status: 'duplicate', record: previous.hold, request: previous.request };
  }

  async releaseHold(holdId: string, now: number): Promise<HoldRelease | null> {
    for (;;) {
      const { rows } = await retryingAborts(() =>
        this.#db.query<HoldRow>(this.#sql.releaseHold, [holdId, now], PREPARED),
      );
      if (rows[0]) return { hold: toHold(rows[0]), released: true };
      // No row: unknown, or not open and unexpired; read it afresh, past this statement's snapshot.
      const current = await this.getHold(holdId);
      // Open after all: its insert committed between the two statements (the update could not see it). Again.
      if (current?.hold.status === 'open' && current.hold.expiresAt > now) continue;
      return current && { hold: current.hold, released: false };
    }
  }

  async expireHolds(now: number, accountId?: string): Promise<number> {
    const { rows } = await retryingAborts(() =>
      this.#db.query<{ expired: string | number }>(this.#sql.expireHolds, [now, accountId ?? null], PREPARED),
    );
    return Number(rows[0]?.expired ?? 0);
  }

  async getTransaction(id: string): Promise<StoredTransaction | null> {
    const { rows } = await this.#db.query<TransactionRow>(this.#sql.transaction, [id], PREPARED);
    return rows[0] ? { transaction: toTransaction(rows[0]), request: rows[0].request } : null;
  }

  async getHold(id: string): Promise<StoredHold | null> {
    const { rows } = await this.#db.query<HoldRow & { request: StoredRequest }>(this.#sql.hold, [id], PREPARED);
    return rows[0] ? { hold: toHold(rows[0]), request: rows[0].request } : null;
  }

  async refundedAmount(transactionId: string): Promise<number> {
    const { rows } = await this.#db.query<{ refunded: string | number }>(this.#sql.refunded, [transactionId], PREPARED);
    return Number(rows[0]?.refunded ?? 0);
  }

  async statement(accountId: string, query: StatementQuery): Promise<StatementPage> {
    const params = [accountId, query.cursor, query.from, query.to, query.limit];
    const { rows } = await this.#db.query<StatementRow>(this.#sql.statement, params, PREPARED);
    const entries = rows.map(toStatementEntry);
    const more = rows.length === query.limit && rows.at(-1)?.older === true;
    return { entries, nextCursor: more ? (entries.at(-1)?.cursor ?? null) : null };
  }

  async groupedStatement(accountId: string, query: GroupedStatementQuery): Promise<PositionedGroup[]> {
    const { groupBy, from, to, before, upTo, limit } = query;
    const params = [accountId, groupBy, from, to, before, upTo, limit + 1, STANDALONE_KINDS];
    const { rows } = await this.#db.query<GroupedStatementRow>(this.#sql.groupedStatement, params, PREPARED);
    return rows.map(toPositionedGroup);
  }

  async refundReport(query: RefundReportQuery): Promise<RefundReportRow[]> {
    const params = [query.field, query.groupBy, query.timeZone, query.from, query.to, query.values];
    const { rows } = await this.#db.query<RefundReportDbRow>(this.#sql.refundReport, params, PREPARED);
    return rows.map((row) => ({ key: row.key, refunds: Number(row.refunds), refunded: Number(row.refunded) }));
  }

  async audit(): Promise<AccountAudit[]> {
    const { rows } = await this.#db.query<AuditRow>(this.#sql.audit);
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      balance: Number(row.balance),
      held: Number(row.held),
      postedBalance: Number(row.posted),
      openHolds: Number(row.open),
    }));
  }

  async #commitError(error: unknown, entry: LedgerEntry): Promise<unknown> {
    const { postings } = entry.transaction;
    const debited = postings.find((posting) => posting.amount < 0)?.accountId ?? '';
    const rejection = rejectionOf(error, debited);
    if (!rejection) return error;
    if (rejection.code === 'HOLD_NOT_OPEN' && entry.captureHold) {
      return await this.#holdError(entry.captureHold.holdId, entry.transaction.createdAt);
    }
    const accountIds = postings.map((posting) => posting.accountId);
    return walletErrorOf(rejection, accountIds) ?? error;
  }

  /** Why a capture at `now` found its hold not open, from the hold as committed now. */
  async #holdError(holdId: string, now: number): Promise<WalletError> {
    const stored = await this.getHold(holdId);
    return stored ? holdNotOpen(holdId, effectiveStatus(stored.hold, now)) : holdNotFound(holdId);
  }
}

/**
 * Creates a wallet store on PostgreSQL or PGlite; run `migrateWalletStore` on the same database first.
 *
 * @example
 * ```ts
 * const db = fromPGlite(new PGlite('./data'));
 * await migrateWalletStore(db);
 * const wallet = createWallet({ store: createPostgresWalletStore({ db }) });
 * ```
 */
export function createPostgresWalletStore(options: PostgresWalletStoreOptions): PostgresWalletStore {
  return new PostgresWalletStore(options);
}

/** A row that an id conflict proved exists; the tables are append-only for these rows. */
function stored<T>(value: T | null, kind: string, id: string): T {
  if (value === null) throw new Error(`${kind} ${id} conflicted on insert but cannot be read`);
  return value;
}
