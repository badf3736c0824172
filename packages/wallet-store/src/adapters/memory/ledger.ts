import type { StoredRequest } from '../../store.js';
import type { StatementEntry, Transaction } from '../../types.js';

// The memory store keeps every transaction and statement line for its whole
// life, so lines are numbers in one flat column per account rather than an
// object each (about 10% less retained heap per transfer), and transactions
// are found by position in one log.

/** Every committed transaction, in commit order, found by id through one index. */
export class TransactionLog {
  readonly #positions = new Map<string, number>();
  readonly #transactions: Transaction[] = [];
  readonly #requests: StoredRequest[] = [];
  readonly #refunded: number[] = [];

  /** Position of the transaction `id`, or `undefined`. */
  positionOf(id: string): number | undefined {
    return this.#positions.get(id);
  }

  /** Appends a transaction and returns its position. */
  append(transaction: Transaction, request: StoredRequest): number {
    const position = this.#transactions.length;
    this.#positions.set(transaction.id, position);
    this.#transactions.push(transaction);
    this.#requests.push(request);
    this.#refunded.push(0);
    return position;
  }

  transactionAt(position: number): Transaction {
    return this.#transactions[position] as Transaction;
  }

  requestAt(position: number): StoredRequest {
    return this.#requests[position] as StoredRequest;
  }

  /** Paise already refunded from the transaction at `position`. */
  refundedAt(position: number): number {
    return this.#refunded[position] as number;
  }

  addRefunded(position: number, amount: number): void {
    this.#refunded[position] = (this.#refunded[position] as number) + amount;
  }
}

const STRIDE = 4; // sequence, transaction position, amount, balance after

/** An account's statement lines, oldest first, as one flat column of numbers. */
export class StatementLines {
  readonly #cells: number[] = [];

  /** @param reportsBalance whether entries carry the balance after them (wallets do, system accounts not). */
  constructor(private readonly reportsBalance: boolean) {}

  get length(): number {
    return this.#cells.length / STRIDE;
  }

  /** Appends a line. */
  push(sequence: number, position: number, amount: number, balanceAfter: number): void {
    this.#cells.push(sequence, position, amount, balanceAfter);
  }

  sequenceAt(index: number): number {
    return this.#cells[index * STRIDE] as number;
  }

  /** Sum of every line's amount. */
  total(): number {
    let sum = 0;
    for (let cell = 2; cell < this.#cells.length; cell += STRIDE) sum += this.#cells[cell] as number;
    return sum;
  }

  /** Index of the newest line whose sequence is below `sequence` (sequences ascend). */
  lastIndexBefore(sequence: number): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sequenceAt(middle) < sequence) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }

  /** The line at `index` as a statement entry. */
  entryAt(index: number, log: TransactionLog): StatementEntry {
    const cell = index * STRIDE;
    const transaction = log.transactionAt(this.#cells[cell + 1] as number);
    return {
      cursor: String(this.#cells[cell]),
      transactionId: transaction.id,
      kind: transaction.kind,
      amount: this.#cells[cell + 2] as number,
      balanceAfter: this.reportsBalance ? (this.#cells[cell + 3] as number) : null,
      metadata: transaction.metadata,
      createdAt: transaction.createdAt,
    };
  }

  /** Creation time of the line at `index`. */
  createdAt(index: number, log: TransactionLog): number {
    return log.transactionAt(this.#cells[index * STRIDE + 1] as number).createdAt;
  }
}
