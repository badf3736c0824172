import { grossOf } from '../../../money.js';
import type { LedgerEntry } from '../../../store.js';
import type { WalletTables } from '../tables.js';

/**
 * The ledger write as one PL/pgSQL function, called in one statement: one
 * round trip, and a raised guard aborts the statement, so nothing is written.
 *
 * It was a single statement of data-modifying CTEs before. That plan ran every
 * branch (holds, refunds) for every transfer, and its generic plan joined the
 * posting legs to accounts and balances by sequential scan. Each statement
 * here is a primary-key lookup or update, planned once per connection, and
 * only the steps an entry needs run.
 *
 * Order of work:
 * 1. Look up each leg's account; a failure is remembered, not raised, until
 *    step 2 shows the id is new (a replay only reads).
 * 2. Insert the transaction; on an id conflict, return NULL.
 * 3. Close the open holds of the legs' accounts that expired by the write's
 *    instant (expiry on touch), locked in id order as every sweep locks them.
 * 4. Capture the hold, if any, only while it is open and unexpired.
 * 5. For a refund, lock the originals in id order (overlapping refunds queue
 *    instead of deadlocking), then bump each refunded total that still equals
 *    the one the refund was computed from.
 * 6. Apply each leg to its balance row, in (account, shard) order, so two
 *    opposite transfers queue instead of deadlocking; the reservations
 *    dropped by steps 3 and 4 go first on their rows. The floor and ceiling
 *    guards are in the UPDATE, so they read the row's latest committed
 *    version, and legs on one row add up.
 * 7. Insert one posting per leg with the balance after it.
 *
 * Guards raise through `jc_wallet_reject`, as the other writes do, in the
 * memory adapter's order: account, currency, hold, refund, then funds or
 * ceiling (the first failing leg by position).
 */
export function commitFunctionSql(t: WalletTables): string {
  return `
CREATE OR REPLACE FUNCTION ${t.commit}(
  in_id text, in_accounts text[], in_amounts bigint[], in_kind text, in_postings jsonb, in_metadata jsonb,
  in_hold_id text, in_refund_of text, in_created_at bigint, in_request jsonb, in_gross bigint, in_slot integer,
  in_max_balance bigint, in_capture text, in_refund_ids text[], in_refund_amounts bigint[],
  in_refund_expected bigint[]
) RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
  legs constant integer := cardinality(in_accounts);
  leg_shard integer[] := array_fill(0, ARRAY[legs]);
  leg_reports_balance boolean[] := array_fill(false, ARRAY[legs]);
  leg_balance_after bigint[] := array_fill(NULL::bigint, ARRAY[legs]);
  tx_currency text;
  failure text;
  failure_detail text := '';
  account record;
  swept_account text[];
  swept_amount bigint[];
  row_account text[];
  row_shard integer[];
  row_amount bigint[];
  row_released bigint[];
  update_order integer[];
  k integer;
  hold_account text;
  hold_amount bigint := 0;
  new_amount bigint;
  failed_leg integer;
BEGIN
  FOR i IN 1..legs LOOP
    SELECT a.shards, a.frozen, a.currency INTO account FROM ${t.accounts} a WHERE a.id = in_accounts[i];
    IF NOT FOUND THEN
      failure := 'ACCOUNT_NOT_FOUND'; failure_detail := in_accounts[i]; EXIT;
    ELSIF account.frozen THEN
      failure := 'ACCOUNT_FROZEN'; failure_detail := in_accounts[i]; EXIT;
    ELSIF account.currency <> COALESCE(tx_currency, account.currency) THEN
      failure := 'CURRENCY_MISMATCH'; EXIT;
    END IF;
    tx_currency := account.currency;
    leg_shard[i] := in_slot % account.shards;
    leg_reports_balance[i] := account.shards = 1;
  END LOOP;

  INSERT INTO ${t.transactions}
    (id, kind, currency, postings, metadata, hold_id, refund_of, created_at, request, gross)
  VALUES (in_id, in_kind, COALESCE(tx_currency, ''), in_postings, in_metadata, in_hold_id, in_refund_of,
    in_created_at, in_request, in_gross)
  ON CONFLICT (id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF failure IS NOT NULL THEN
    PERFORM ${t.reject}(failure, failure_detail);
  END IF;

  -- Most writes find no expired hold: one index probe decides, and only then the sweep runs.
  IF EXISTS (SELECT FROM ${t.holds} h
      WHERE h.account_id = ANY(in_accounts) AND h.status = 'open' AND h.expires_at <= in_created_at) THEN
    WITH due AS (
      SELECT h.id FROM ${t.holds} h
      WHERE h.account_id = ANY(in_accounts) AND h.status = 'open' AND h.expires_at <= in_created_at
      ORDER BY h.id FOR UPDATE
    ),
    expired AS (
      UPDATE ${t.holds} h SET status = 'expired' FROM due WHERE h.id = due.id RETURNING h.account_id, h.amount
    )
    SELECT array_agg(e.account_id), array_agg(e.total) INTO swept_account, swept_amount
    FROM (SELECT account_id, sum(amount)::bigint AS total FROM expired GROUP BY account_id) e;
  END IF;

  IF in_capture IS NOT NULL THEN
    UPDATE ${t.holds} h SET status = 'captured', capture_transaction_id = in_id,
      captured_amount = COALESCE(-in_amounts[array_position(in_accounts, h.account_id)], 0)
    WHERE h.id = in_capture AND h.status = 'open' AND h.expires_at > in_created_at
    RETURNING h.account_id, h.amount INTO hold_account, hold_amount;
    IF NOT FOUND THEN
      PERFORM ${t.reject}('HOLD_NOT_OPEN', in_capture);
    END IF;
  END IF;

  IF cardinality(in_refund_ids) > 0 THEN
    PERFORM 1 FROM ${t.transactions} o WHERE o.id = ANY(in_refund_ids) ORDER BY o.id FOR UPDATE;
    FOR i IN 1..cardinality(in_refund_ids) LOOP
      UPDATE ${t.transactions} o SET refunded = o.refunded + in_refund_amounts[i]
      WHERE o.id = in_refund_ids[i] AND o.refunded = in_refund_expected[i];
      IF NOT FOUND THEN
        PERFORM ${t.reject}('CONCURRENT_MODIFICATION', in_refund_ids[i]);
      END IF;
    END LOOP;
  END IF;

  -- The balance rows to update: one entry per leg, then the captured hold's
  -- and the expired holds' reservations dropped from shard 0, which go first
  -- on their row so the legs can spend what they freed.
  row_account := in_accounts || hold_account || swept_account;
  row_shard := leg_shard || 0 || array_fill(0, ARRAY[COALESCE(cardinality(swept_account), 0)]);
  row_amount := in_amounts || 0::bigint || array_fill(0::bigint, ARRAY[COALESCE(cardinality(swept_account), 0)]);
  row_released := array_fill(0::bigint, ARRAY[legs]) || hold_amount || swept_amount;
  SELECT array_agg(i ORDER BY row_account[i], row_shard[i], row_released[i] DESC, i) INTO update_order
  FROM generate_subscripts(row_account, 1) AS i WHERE row_account[i] IS NOT NULL;
  FOREACH k IN ARRAY update_order LOOP
    UPDATE ${t.balances} b SET amount = b.amount + row_amount[k], held = b.held - row_released[k]
    WHERE b.account_id = row_account[k] AND b.shard = row_shard[k]
      AND (NOT b.floored OR b.amount + row_amount[k] - (b.held - row_released[k]) >= 0)
      AND (NOT b.floored OR row_amount[k] <= 0 OR b.amount + row_amount[k] <= in_max_balance)
    RETURNING b.amount INTO new_amount;
    IF NOT FOUND THEN
      failed_leg := LEAST(failed_leg, k);
    ELSIF k <= legs THEN
      leg_balance_after[k] := new_amount;
    END IF;
  END LOOP;
  IF failed_leg IS NOT NULL THEN
    PERFORM ${t.reject}(CASE WHEN in_amounts[failed_leg] > 0 THEN 'BALANCE_LIMIT_EXCEEDED' ELSE 'INSUFFICIENT_FUNDS' END,
      in_accounts[failed_leg]);
  END IF;

  INSERT INTO ${t.postings} (transaction_id, account_id, amount, balance_after, created_at)
  SELECT in_id, in_accounts[i], in_amounts[i], CASE WHEN leg_reports_balance[i] THEN leg_balance_after[i] END,
    in_created_at
  FROM generate_subscripts(in_accounts, 1) AS i
  ORDER BY i;
  RETURN tx_currency;
END $fn$`;
}

/** The call of {@link commitFunctionSql}: one row whose `currency` is null for a replayed id. */
export function commitSql(t: WalletTables): string {
  return `SELECT ${t.commit}($1::text, $2::text[], $3::bigint[], $4::text, $5::jsonb, $6::jsonb, $7::text,
  $8::text, $9::bigint, $10::jsonb, $11::bigint, $12::integer, $13::bigint, $14::text, $15::text[], $16::bigint[],
  $17::bigint[]) AS currency`;
}

/**
 * The parameters of {@link commitSql}, in order; `json` encodes the postings,
 * metadata and request (as text for a statement, as values inside a batch's JSON).
 */
export function commitParams(entry: LedgerEntry, json: (value: unknown) => unknown = JSON.stringify): unknown[] {
  const { transaction, captureHold, refunds = [] } = entry;
  return [
    transaction.id,
    transaction.postings.map((posting) => posting.accountId),
    transaction.postings.map((posting) => posting.amount),
    transaction.kind,
    json(transaction.postings),
    json(transaction.metadata),
    transaction.holdId,
    transaction.refundOf,
    transaction.createdAt,
    json(entry.request),
    grossOf(transaction.postings),
    entry.slot,
    entry.maxBalance,
    captureHold?.holdId ?? null,
    refunds.map((part) => part.transactionId),
    refunds.map((part) => part.amount),
    refunds.map((part) => part.expectedRefunded),
  ];
}
