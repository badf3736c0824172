import type { Hold, Transaction, Wallet } from '@jyotishconnect/wallet-store';

/** What the ledger moved for one session, in paise. */
export interface SessionMoves {
  /** Paid by the session's user. */
  user: number;
  /** Paid by the promotions account. */
  promo: number;
  /** Credited to the consultant. */
  consultant: number;
  /** Credited to the platform. */
  revenue: number;
  /** Paid by anyone else: never allowed. */
  others: number;
  /** Given back to the user by refunds of the session's charges. */
  refunded: number;
}

/** The parties of a session, to tell who a posting moved. */
export interface SessionParties {
  readonly userId: string;
  readonly consultantId: string;
}

/** Accounts billing moves money between besides the parties. */
export interface SystemAccounts {
  readonly revenue: string;
  readonly promotions: string;
}

/**
 * Watches every wallet of a simulation (one per process) and keeps what the
 * ledger moved per session, from the committed transactions themselves, and
 * every hold placed, so the auditor can compare them with the sessions.
 */
export class LedgerWatch {
  readonly moves = new Map<string, SessionMoves>();
  /** Holds placed for sessions, by id, with their last reported state. */
  readonly holds = new Map<string, Hold>();
  readonly #parties: (sessionId: string) => SessionParties | undefined;
  readonly #system: SystemAccounts;

  constructor(parties: (sessionId: string) => SessionParties | undefined, system: SystemAccounts) {
    this.#parties = parties;
    this.#system = system;
  }

  /** Starts watching one more wallet. */
  watch(wallet: Wallet): void {
    wallet.on('transaction', (transaction) => this.#record(transaction));
    wallet.on('hold', (hold) => {
      if (typeof hold.metadata.sessionId === 'string') this.holds.set(hold.id, hold);
    });
  }

  /** What the ledger moved for a session so far. */
  movesOf(sessionId: string): SessionMoves {
    let moves = this.moves.get(sessionId);
    if (!moves) {
      moves = { user: 0, promo: 0, consultant: 0, revenue: 0, others: 0, refunded: 0 };
      this.moves.set(sessionId, moves);
    }
    return moves;
  }

  #record(transaction: Transaction): void {
    const sessionId = transaction.metadata.sessionId;
    if (typeof sessionId !== 'string') return;
    const parties = this.#parties(sessionId);
    const moves = this.movesOf(sessionId);
    for (const { accountId, amount } of transaction.postings) {
      if (transaction.kind === 'refund') {
        if (accountId === parties?.userId) moves.refunded += amount;
      } else if (amount < 0) {
        if (accountId === parties?.userId) moves.user -= amount;
        else if (accountId === this.#system.promotions) moves.promo -= amount;
        else moves.others -= amount;
      } else if (accountId === parties?.consultantId) moves.consultant += amount;
      else if (accountId === this.#system.revenue) moves.revenue += amount;
      else moves.others += amount;
    }
  }
}
