import { statusAtTime } from '../../holds.js';
import { placementRequest } from '../../requests.js';
import type { StoredHold, StoredRequest } from '../../store.js';
import type { Hold, HoldStatus } from '../../types.js';
import { NumberColumn } from './column.js';
import { IdIndex } from './id-index.js';
import { IdText } from './id-text.js';
import type { LedgerAccount } from './ledger.js';
import { MetadataColumn } from './metadata-column.js';

// A billed session places a hold every tick and the store keeps every hold for its life. Kept as
// objects (each with its id string, a second id string for its capture and two boxed timestamps),
// a tick left seven objects behind, and at 300,000 sessions each major collection marked millions
// of them for a third of a second while ticks waited. Here a hold is a row of numbers, its id is
// code units in typed arrays, and its metadata values in a {@link MetadataColumn}: a tick leaves
// no object behind. A hold is rebuilt as an object when read.

// A hold's row: account index (or NO_ACCOUNT), amount, expiresAt, createdAt, state, captured amount.
const ROW_ACCOUNT = 0;
const ROW_AMOUNT = 1;
const ROW_EXPIRES_AT = 2;
const ROW_CREATED_AT = 3;
const ROW_STATE = 4;
const ROW_CAPTURED = 5;
const STRIDE = 6;

/** The account of a void record naming an account the store does not have: its id is kept aside. */
const NO_ACCOUNT = -1;
const STATUSES: readonly HoldStatus[] = ['open', 'captured', 'released', 'expired'];
const STATUS_CODES: Readonly<Record<HoldStatus, number>> = { open: 0, captured: 1, released: 2, expired: 3 };
/** Added to the state of a hold captured by a transaction under the hold's own id (as billing names both). */
const CAPTURED_UNDER_OWN_ID = 8;

/**
 * Every hold by id, in placement order, as rows of numbers; a hold's
 * position never changes. Only what a row cannot say is kept as objects:
 * requests other than the placement request the hold's own fields give
 * ({@link placementRequest}, which every placement is), capture ids other
 * than the hold's own, and accounts the store does not have.
 */
export class HoldTable {
  readonly #accounts: readonly LedgerAccount[];
  readonly #rows = new NumberColumn();
  readonly #ids = new IdText();
  readonly #positions = new IdIndex(this.#ids);
  readonly #metadata = new MetadataColumn();
  readonly #otherRequests = new Map<number, StoredRequest>();
  readonly #otherCaptureIds = new Map<number, string>();
  readonly #otherAccounts = new Map<number, string>();

  /** @param accounts the store's accounts by index; the table reads it as it grows. */
  constructor(accounts: readonly LedgerAccount[]) {
    this.#accounts = accounts;
  }

  /** Position of the hold `id`, or `undefined`. */
  positionOf(id: string): number | undefined {
    return this.#positions.positionOf(id);
  }

  /** The hold `id` with the request that created it, or `null`. */
  stored(id: string): StoredHold | null {
    const position = this.#positions.positionOf(id);
    if (position === undefined) return null;
    const hold = this.holdAt(position, id);
    return { hold, request: this.#otherRequests.get(position) ?? placementRequestOf(hold) };
  }

  /**
   * Stores a new hold (its id not stored yet) on the account at `accountIndex`
   * (`undefined` for one the store does not have) and returns its position.
   */
  insert(hold: Hold, accountIndex: number | undefined, request: StoredRequest): number {
    const position = this.#ids.length;
    this.#ids.push(hold.id);
    this.#positions.add(hold.id, position);
    const capturedUnderOwnId =
      hold.captureTransactionId !== null && this.#noteCaptureId(position, hold.captureTransactionId);
    this.#rows.push(accountIndex ?? NO_ACCOUNT);
    this.#rows.push(hold.amount);
    this.#rows.push(hold.expiresAt);
    this.#rows.push(hold.createdAt);
    this.#rows.push(STATUS_CODES[hold.status] + (capturedUnderOwnId ? CAPTURED_UNDER_OWN_ID : 0));
    this.#rows.push(hold.capturedAmount);
    this.#metadata.push(hold.metadata);
    if (accountIndex === undefined) this.#otherAccounts.set(position, hold.accountId);
    if (!isPlacementRequestOf(request, hold)) this.#otherRequests.set(position, request);
    return position;
  }

  /** Closes the open hold at `position` with `status`; a capture names its transaction and the paise it took. */
  end(position: number, status: HoldStatus, capture?: { readonly id: string; readonly amount: number }): void {
    const row = position * STRIDE;
    let state = STATUS_CODES[status];
    if (capture) {
      this.#rows.set(row + ROW_CAPTURED, capture.amount);
      if (this.#noteCaptureId(position, capture.id)) state += CAPTURED_UNDER_OWN_ID;
    }
    this.#rows.set(row + ROW_STATE, state);
  }

  /** The hold at `position`, rebuilt; `id` when the caller has its id already, which saves decoding it. */
  holdAt(position: number, id = this.#ids.at(position)): Hold {
    const row = position * STRIDE;
    const state = this.#rows.at(row + ROW_STATE);
    return {
      id,
      accountId: this.#accountIdAt(position),
      amount: this.amountAt(position),
      status: this.#statusAt(position),
      capturedAmount: this.#rows.at(row + ROW_CAPTURED),
      captureTransactionId: state >= CAPTURED_UNDER_OWN_ID ? id : (this.#otherCaptureIds.get(position) ?? null),
      expiresAt: this.expiresAtOf(position),
      metadata: this.#metadata.at(position),
      createdAt: this.#rows.at(row + ROW_CREATED_AT),
    };
  }

  /** Index of the hold's account in the store's list (the store has it: only void records name others). */
  accountIndexAt(position: number): number {
    return this.#rows.at(position * STRIDE + ROW_ACCOUNT);
  }

  amountAt(position: number): number {
    return this.#rows.at(position * STRIDE + ROW_AMOUNT);
  }

  expiresAtOf(position: number): number {
    return this.#rows.at(position * STRIDE + ROW_EXPIRES_AT);
  }

  /** The stored status (an open hold past its expiry still reads `open` here: see `effectiveStatus`). */
  #statusAt(position: number): HoldStatus {
    return STATUSES[this.#rows.at(position * STRIDE + ROW_STATE) % CAPTURED_UNDER_OWN_ID] as HoldStatus;
  }

  /** The status at `now`: see `effectiveStatus`. */
  statusAtTime(position: number, now: number): HoldStatus {
    return statusAtTime(this.#statusAt(position), this.expiresAtOf(position), now);
  }

  /** Paise the stored open holds reserve, by account id. */
  openTotals(): Map<string, number> {
    const totals = new Map<string, number>();
    for (let position = 0; position < this.#ids.length; position++) {
      if (this.#statusAt(position) !== 'open') continue;
      const accountId = this.#accountIdAt(position);
      totals.set(accountId, (totals.get(accountId) ?? 0) + this.amountAt(position));
    }
    return totals;
  }

  #accountIdAt(position: number): string {
    const index = this.accountIndexAt(position);
    if (index === NO_ACCOUNT) return this.#otherAccounts.get(position) as string;
    return (this.#accounts[index] as LedgerAccount).id;
  }

  /** Notes the capture id of the hold at `position`; true when it is the hold's own id, which needs no note. */
  #noteCaptureId(position: number, captureId: string): boolean {
    if (this.#ids.matches(position, captureId)) return true;
    this.#otherCaptureIds.set(position, captureId);
    return false;
  }
}

/** The placement request of `hold`, rebuilt from its fields. */
function placementRequestOf(hold: Hold): StoredRequest {
  return placementRequest(hold.accountId, hold.amount, hold.expiresAt, hold.metadata);
}

/** True when `request` is exactly {@link placementRequestOf} `hold`, so it need not be kept. */
function isPlacementRequestOf(request: StoredRequest, hold: Hold): boolean {
  let keys = 0;
  for (const _ in request) keys++;
  return (
    keys === 4 &&
    request.accountId === hold.accountId &&
    request.amount === hold.amount &&
    request.expiresAt === hold.expiresAt &&
    request.metadata === hold.metadata
  );
}
