import { hasZeroFloor } from '../accounts.js';
import { grossOf, refundPostings, splitAmount } from '../money.js';
import type { AccountType, Posting } from '../types.js';

/** One operation of a randomized workload, as the property test generates it. */
export type WalletOp =
  | { op: 'topUp'; id: string; to: string; amount: number }
  | { op: 'transfer'; id: string; from: string; to: string; amount: number }
  | { op: 'split'; id: string; from: string; to: string; amount: number; commissionBps: number }
  | { op: 'placeHold'; id: string; accountId: string; amount: number; ttlMs: number }
  | { op: 'capture'; id: string; holdId: string; to: string; amount: number | null; commissionBps: number | null }
  | { op: 'release'; holdId: string }
  | { op: 'refund'; id: string; transactionId: string; amount: number | null }
  | { op: 'refundMany'; id: string; transactionIds: string[]; amount: number | null }
  | { op: 'freeze'; accountId: string; frozen: boolean }
  | { op: 'expire' }
  | { op: 'advance'; ms: number };

/** What the model predicts for one operation: success, or the error code. */
export type Outcome = { ok: true } | { ok: false; code: string };

/** An account as the model tracks it. */
export interface ModelAccount {
  type: AccountType;
  balance: number;
  frozen: boolean;
}

interface ModelHold {
  accountId: string;
  amount: number;
  expiresAt: number;
  status: 'open' | 'captured' | 'released' | 'expired';
  signature: string;
}

interface ModelTransaction {
  signature: string;
  kind: string;
  postings: Posting[];
  refunded: number;
}

const FUNDING = 'system:funding';
const REVENUE = 'system:revenue';

/**
 * A deliberately naive reference implementation of the wallet rules, used to
 * predict the outcome of every operation in the randomized contract test.
 * Expiry is a function of time alone: a hold past its `expiresAt` reserves
 * nothing and resolves no more, whenever storage gets round to closing it.
 */
export class WalletModel {
  readonly accounts = new Map<string, ModelAccount>();
  readonly holds = new Map<string, ModelHold>();
  readonly transactions = new Map<string, ModelTransaction>();
  now: number;

  constructor(now: number) {
    this.now = now;
  }

  /** Applies an operation to the model and returns the predicted outcome. */
  apply(op: WalletOp): Outcome {
    switch (op.op) {
      case 'topUp':
        return this.#commit(
          op.id,
          JSON.stringify(op),
          'topup',
          [FUNDING, op.to],
          [
            { accountId: FUNDING, amount: -op.amount },
            { accountId: op.to, amount: op.amount },
          ],
        );
      case 'transfer':
        return this.#commit(
          op.id,
          JSON.stringify(op),
          'transfer',
          [op.from, op.to],
          [
            { accountId: op.from, amount: -op.amount },
            { accountId: op.to, amount: op.amount },
          ],
        );
      case 'split':
        return this.#commit(
          op.id,
          JSON.stringify(op),
          'split',
          [op.from, op.to, REVENUE],
          split(op.from, op.to, op.amount, op.commissionBps),
        );
      case 'placeHold':
        return this.#placeHold(op);
      case 'capture':
        return this.#capture(op);
      case 'release': {
        const hold = this.holds.get(op.holdId);
        if (!hold) return fail('HOLD_NOT_FOUND');
        // Releasing a released hold is its replay; a captured or expired one stays as it is.
        if (hold.status === 'released') return { ok: true };
        if (!this.#isOpen(hold)) return fail('HOLD_NOT_OPEN');
        hold.status = 'released';
        return { ok: true };
      }
      case 'refund':
        return this.#refund(op.id, JSON.stringify(op), [op.transactionId], op.amount);
      case 'refundMany':
        if (op.transactionIds.length === 0 || new Set(op.transactionIds).size !== op.transactionIds.length) {
          return fail('INVALID_INPUT');
        }
        return this.#refund(op.id, JSON.stringify(op), op.transactionIds, op.amount);
      case 'freeze': {
        const account = this.accounts.get(op.accountId);
        if (!account) return fail('ACCOUNT_NOT_FOUND');
        account.frozen = op.frozen;
        return { ok: true };
      }
      case 'expire':
        // Only storage changes: reads already left expired holds out.
        return { ok: true };
      case 'advance':
        this.now += op.ms;
        return { ok: true };
    }
  }

  /** Balance of an account as the model sees it. */
  balance(accountId: string): number {
    return this.accounts.get(accountId)?.balance ?? 0;
  }

  /** Sum of the account's holds open and unexpired now. */
  held(accountId: string): number {
    let held = 0;
    for (const hold of this.holds.values()) if (this.#isOpen(hold) && hold.accountId === accountId) held += hold.amount;
    return held;
  }

  #isOpen(hold: ModelHold): boolean {
    return hold.status === 'open' && hold.expiresAt > this.now;
  }

  #commit(
    id: string,
    signature: string,
    kind: string,
    distinct: string[],
    postings: Posting[],
    capture?: ModelHold,
    refunds: readonly { original: ModelTransaction; amount: number }[] = [],
  ): Outcome {
    if (new Set(distinct).size !== distinct.length) return fail('SAME_ACCOUNT');
    const previous = this.transactions.get(id);
    if (previous) return previous.signature === signature ? { ok: true } : fail('IDEMPOTENCY_CONFLICT');
    const blocked = this.#blocked(postings, capture);
    if (blocked) return blocked;
    for (const posting of postings) (this.accounts.get(posting.accountId) as ModelAccount).balance += posting.amount;
    if (capture) capture.status = 'captured';
    this.transactions.set(id, { signature, kind, postings, refunded: 0 });
    for (const { original, amount } of refunds) original.refunded += amount;
    return { ok: true };
  }

  #blocked(postings: Posting[], capture?: ModelHold): Outcome | null {
    for (const posting of postings) {
      const account = this.accounts.get(posting.accountId);
      if (!account) return fail('ACCOUNT_NOT_FOUND');
      if (account.frozen) return fail('ACCOUNT_FROZEN');
    }
    if (capture && !this.#isOpen(capture)) return fail('HOLD_NOT_OPEN');
    for (const posting of postings) {
      const account = this.accounts.get(posting.accountId) as ModelAccount;
      const released = capture?.accountId === posting.accountId ? capture.amount : 0;
      const available = account.balance + posting.amount - this.held(posting.accountId) + released;
      if (hasZeroFloor(account.type) && available < 0) return fail('INSUFFICIENT_FUNDS');
    }
    return null;
  }

  #placeHold(op: Extract<WalletOp, { op: 'placeHold' }>): Outcome {
    const signature = JSON.stringify([op.accountId, op.amount, this.now + op.ttlMs]);
    const previous = this.holds.get(op.id);
    if (previous) return previous.signature === signature ? { ok: true } : fail('IDEMPOTENCY_CONFLICT');
    const account = this.accounts.get(op.accountId);
    if (!account) return fail('ACCOUNT_NOT_FOUND');
    if (account.frozen) return fail('ACCOUNT_FROZEN');
    if (hasZeroFloor(account.type) && account.balance - this.held(op.accountId) - op.amount < 0) {
      return fail('INSUFFICIENT_FUNDS');
    }
    this.holds.set(op.id, {
      accountId: op.accountId,
      amount: op.amount,
      expiresAt: this.now + op.ttlMs,
      status: 'open',
      signature,
    });
    return { ok: true };
  }

  #capture(op: Extract<WalletOp, { op: 'capture' }>): Outcome {
    const signature = JSON.stringify(op);
    const hold = this.holds.get(op.holdId);
    if (!hold || !this.#isOpen(hold)) {
      // The capture's id decides first: a replay, or a conflict with whatever used the id.
      const previous = this.transactions.get(op.id);
      if (previous) return previous.signature === signature ? { ok: true } : fail('IDEMPOTENCY_CONFLICT');
      return fail(hold ? 'HOLD_NOT_OPEN' : 'HOLD_NOT_FOUND');
    }
    const amount = op.amount ?? hold.amount;
    if (amount > hold.amount) return fail('CAPTURE_EXCEEDS_HOLD');
    if (op.commissionBps === null) {
      const postings = [
        { accountId: hold.accountId, amount: -amount },
        { accountId: op.to, amount },
      ];
      return this.#commit(op.id, signature, 'transfer', [hold.accountId, op.to], postings, hold);
    }
    const postings = split(hold.accountId, op.to, amount, op.commissionBps);
    return this.#commit(op.id, signature, 'split', [hold.accountId, op.to, REVENUE], postings, hold);
  }

  /** A single refund is the one-original case: newest (last) first, each up to its remainder, merged per account. */
  #refund(id: string, signature: string, transactionIds: readonly string[], amount: number | null): Outcome {
    const previous = this.transactions.get(id);
    if (previous) return previous.signature === signature ? { ok: true } : fail('IDEMPOTENCY_CONFLICT');
    const originals: ModelTransaction[] = [];
    for (const transactionId of transactionIds) {
      const original = this.transactions.get(transactionId);
      if (!original) return fail('TRANSACTION_NOT_FOUND');
      if (original.kind === 'refund') return fail('NOT_REFUNDABLE');
      originals.push(original);
    }
    const left = (original: ModelTransaction) => grossOf(original.postings) - original.refunded;
    const refundable = originals.reduce((sum, original) => sum + left(original), 0);
    let remaining = amount ?? refundable;
    if (remaining <= 0 || remaining > refundable) return fail('REFUND_EXCEEDS_ORIGINAL');
    const parts: { original: ModelTransaction; amount: number }[] = [];
    const totals = new Map<string, number>();
    for (const original of [...originals].reverse()) {
      const part = Math.min(remaining, left(original));
      if (part <= 0) continue;
      parts.push({ original, amount: part });
      for (const posting of refundPostings(original.postings, original.refunded, part)) {
        totals.set(posting.accountId, (totals.get(posting.accountId) ?? 0) + posting.amount);
      }
      remaining -= part;
    }
    const postings = [...totals].flatMap(([accountId, sum]) => (sum === 0 ? [] : [{ accountId, amount: sum }]));
    return this.#commit(id, signature, 'refund', [], postings, undefined, parts);
  }
}

function split(from: string, to: string, amount: number, commissionBps: number): Posting[] {
  const { payeeShare, commission } = splitAmount(amount, commissionBps);
  const postings: Posting[] = [{ accountId: from, amount: -amount }];
  if (payeeShare > 0) postings.push({ accountId: to, amount: payeeShare });
  if (commission > 0) postings.push({ accountId: REVENUE, amount: commission });
  return postings;
}

function fail(code: string): Outcome {
  return { ok: false, code };
}
