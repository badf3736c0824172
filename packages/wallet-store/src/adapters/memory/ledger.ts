import { captureRequest, isCaptureRequest, isMoveRequest, type MoveKind, moveRequest } from '../../requests.js';
import type { StoredRequest } from '../../store.js';
import type { Metadata, Posting, Transaction, TransactionKind } from '../../types.js';
import { NumberColumn, ValueColumn } from './column.js';
import { IdIndex } from './id-index.js';
import { IdText } from './id-text.js';
import { MetadataColumn } from './metadata-column.js';

// The memory store keeps every transaction and statement line for its whole
// life. Kept as objects, they made the garbage collector copy each one as it
// survived; kept as numbers in typed columns (the id too, as UTF-16 code units),
// the only object a transaction leaves behind is its request (none for a
// plain transfer or top-up, or a capture as billing makes them, whose row says
// it all); its metadata is kept as values (see {@link MetadataColumn}).
// Transactions are rebuilt when read, which is rarer than written.

/** What the log needs of an account: its place in the store's account list, its id and currency. */
export interface LedgerAccount {
  readonly index: number;
  readonly id: string;
  readonly currency: string;
}

const KINDS: readonly TransactionKind[] = ['topup', 'transfer', 'split', 'refund'];
const KIND_CODES: Readonly<Record<TransactionKind, number>> = { topup: 0, transfer: 1, split: 2, refund: 3 };

// A transaction's row in `#rows`: kind code (plus HOLD_UNDER_OWN_ID), createdAt, posting count,
// then account index and amount per posting.
const ROW_KIND = 0;
/** Added to the kind code of a capture whose hold has the transaction's own id (as billing names both). */
const HOLD_UNDER_OWN_ID = 16;
const ROW_CREATED_AT = 1;
const ROW_POSTING_COUNT = 2;
const ROW_POSTINGS = 3;

interface Links {
  readonly holdId: string | null;
  readonly refundOf: string | null;
}

/** Every committed transaction, in commit order, found by id through one index. */
export class TransactionLog {
  readonly #accounts: readonly LedgerAccount[];
  readonly #ids = new IdText();
  readonly #positions = new IdIndex(this.#ids);
  /** The request of each transaction, or `undefined` when its row rebuilds it (see {@link TransactionLog.requestAt}). */
  readonly #requests = new ValueColumn<StoredRequest | undefined>();
  readonly #metadata = new MetadataColumn();
  readonly #rowStarts = new NumberColumn();
  readonly #rows = new NumberColumn();
  /**
   * Hold and refund links, kept only for transactions that have one and cannot say it in their
   * row: a capture of a hold under another id keeps the hold id alone.
   */
  readonly #links = new Map<number, Links | string>();
  /** Paise refunded so far, kept only for transactions that have been refunded. */
  readonly #refunded = new Map<number, number>();

  /** @param accounts the store's accounts by index; the log reads it as it grows. */
  constructor(accounts: readonly LedgerAccount[]) {
    this.#accounts = accounts;
  }

  /** Position of the transaction `id`, or `undefined`. */
  positionOf(id: string): number | undefined {
    return this.#positions.positionOf(id);
  }

  /** Appends a transaction whose postings are on `accounts`, in order, and returns its position. */
  append(transaction: Transaction, request: StoredRequest, accounts: readonly LedgerAccount[]): number {
    const position = this.#ids.length;
    const { postings } = transaction;
    this.#ids.push(transaction.id);
    this.#positions.add(transaction.id, position);
    // Most writes are plain moves or billing's captures: with no request object kept, they leave no object on the heap.
    const rebuilt = isMoveRequest(request, transaction) || isCaptureRequest(request, transaction);
    this.#requests.push(rebuilt ? undefined : request);
    this.#metadata.push(transaction.metadata);
    this.#rowStarts.push(this.#rows.length);
    const { holdId, refundOf } = transaction;
    const holdUnderOwnId = refundOf === null && holdId === transaction.id;
    this.#rows.push(KIND_CODES[transaction.kind] + (holdUnderOwnId ? HOLD_UNDER_OWN_ID : 0));
    this.#rows.push(transaction.createdAt);
    this.#rows.push(postings.length);
    for (let i = 0; i < postings.length; i++) {
      this.#rows.push((accounts[i] as LedgerAccount).index);
      this.#rows.push((postings[i] as Posting).amount);
    }
    if (refundOf !== null) this.#links.set(position, { holdId, refundOf });
    else if (holdId !== null && !holdUnderOwnId) this.#links.set(position, holdId);
    return position;
  }

  /** The transaction at `position`, rebuilt from its row. */
  transactionAt(position: number): Transaction {
    const start = this.#rowStarts.at(position);
    const count = this.#rows.at(start + ROW_POSTING_COUNT);
    const postings: Posting[] = [];
    for (let cell = start + ROW_POSTINGS; cell < start + ROW_POSTINGS + 2 * count; cell += 2) {
      postings.push({ accountId: this.#accountAt(cell).id, amount: this.#rows.at(cell + 1) });
    }
    const id = this.idAt(position);
    const stored = this.#links.get(position);
    return {
      id,
      kind: this.kindAt(position),
      currency: this.#accountAt(start + ROW_POSTINGS).currency,
      postings,
      metadata: this.metadataAt(position),
      holdId: this.#holdUnderOwnId(start) ? id : typeof stored === 'string' ? stored : (stored?.holdId ?? null),
      refundOf: typeof stored === 'object' ? stored.refundOf : null,
      createdAt: this.createdAtOf(position),
    };
  }

  idAt(position: number): string {
    return this.#ids.at(position);
  }

  kindAt(position: number): TransactionKind {
    return KINDS[this.#kindCodeAt(this.#rowStarts.at(position))] as TransactionKind;
  }

  createdAtOf(position: number): number {
    return this.#rows.at(this.#rowStarts.at(position) + ROW_CREATED_AT);
  }

  metadataAt(position: number): Metadata {
    return this.#metadata.at(position);
  }

  /** The request the transaction at `position` answered, rebuilt from its row when it was not kept. */
  requestAt(position: number): StoredRequest {
    const stored = this.#requests.at(position);
    if (stored !== undefined) return stored;
    const start = this.#rowStarts.at(position);
    const postings = start + ROW_POSTINGS;
    const metadata = this.metadataAt(position);
    const to = this.#accountAt(postings + 2).id;
    if (this.#kindCodeAt(start) === KIND_CODES.split) {
      // Only a capture's request is rebuilt for a split, which is why its hold id is known.
      const holdId = this.#holdUnderOwnId(start) ? this.idAt(position) : (this.#links.get(position) as string);
      const commission = this.#rows.at(postings + 5);
      const platform = this.#accountAt(postings + 4).id;
      return captureRequest(holdId, to, -this.#rows.at(postings + 1), commission, platform, metadata);
    }
    const payer = this.#accountAt(postings).id;
    return moveRequest(this.kindAt(position) as MoveKind, payer, to, this.#rows.at(postings + 3), metadata);
  }

  /** Every refund transaction, in commit order. */
  *refunds(): Generator<Transaction> {
    for (let position = 0; position < this.#ids.length; position++) {
      if (this.kindAt(position) === 'refund') yield this.transactionAt(position);
    }
  }

  /** Paise already refunded from the transaction at `position`. */
  refundedAt(position: number): number {
    return this.#refunded.get(position) ?? 0;
  }

  addRefunded(position: number, amount: number): void {
    this.#refunded.set(position, this.refundedAt(position) + amount);
  }

  /** The kind code of the row starting at `start`. */
  #kindCodeAt(start: number): number {
    return this.#rows.at(start + ROW_KIND) % HOLD_UNDER_OWN_ID;
  }

  /** Whether the row starting at `start` is a capture of a hold under the transaction's own id. */
  #holdUnderOwnId(start: number): boolean {
    return this.#rows.at(start + ROW_KIND) >= HOLD_UNDER_OWN_ID;
  }

  #accountAt(cell: number): LedgerAccount {
    return this.#accounts[this.#rows.at(cell)] as LedgerAccount;
  }
}
