import type { WalletTables } from '../tables.js';

/**
 * A capture as one PL/pgSQL function, for batches (and a billing tick that
 * captures interval k and places the hold for k+1 in one call): it reads the
 * hold as it stands, builds the postings as `capturePostings` (requests.ts)
 * does, and commits them through `jc_wallet_commit`. Returns the currency,
 * or NULL when the id was used before (a replay, compared by the caller).
 *
 * A hold not open and unexpired lets a stored capture of the same id replay;
 * otherwise, and when the capture does not fit the hold (more than it holds,
 * accounts named twice, a commission above the amount), it raises
 * `CAPTURE_REFUSED`: the caller rebuilds the exact error from the hold with
 * `captureEntry`, so the error rules stay in one place.
 */
export function captureFunctionSql(t: WalletTables): string {
  return `
CREATE OR REPLACE FUNCTION ${t.capture}(
  in_id text, in_hold_id text, in_to text, in_platform text, in_bps integer, in_commission bigint, in_amount bigint,
  in_metadata jsonb, in_created_at bigint, in_request jsonb, in_slot integer, in_max_balance bigint
) RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
  hold record;
  amount bigint;
  commission bigint;
  split boolean := in_bps IS NOT NULL OR in_commission IS NOT NULL;
  accounts text[];
  amounts bigint[];
BEGIN
  SELECT h.account_id, h.amount, h.status, h.expires_at INTO hold FROM ${t.holds} h WHERE h.id = in_hold_id;
  IF NOT FOUND OR hold.status <> 'open' OR hold.expires_at <= in_created_at THEN
    IF EXISTS (SELECT FROM ${t.transactions} x WHERE x.id = in_id) THEN
      RETURN NULL;
    END IF;
    PERFORM ${t.reject}('CAPTURE_REFUSED', in_hold_id);
  END IF;
  amount := COALESCE(in_amount, hold.amount);
  commission := CASE WHEN in_bps IS NOT NULL THEN amount * in_bps / 10000 ELSE COALESCE(in_commission, 0) END;
  IF amount > hold.amount OR hold.account_id = in_to OR commission > amount
     OR (split AND in_platform IN (hold.account_id, in_to)) THEN
    PERFORM ${t.reject}('CAPTURE_REFUSED', in_hold_id);
  END IF;
  accounts := ARRAY[hold.account_id];
  amounts := ARRAY[-amount];
  IF amount > commission THEN
    accounts := accounts || in_to;
    amounts := amounts || (amount - commission);
  END IF;
  IF commission > 0 THEN
    accounts := accounts || in_platform;
    amounts := amounts || commission;
  END IF;
  RETURN ${t.commit}(in_id, accounts, amounts, CASE WHEN split THEN 'split' ELSE 'transfer' END,
    (SELECT jsonb_agg(jsonb_build_object('accountId', accounts[i], 'amount', amounts[i]) ORDER BY i)
       FROM generate_subscripts(accounts, 1) AS i),
    in_metadata, in_hold_id, NULL, in_created_at, in_request, amount, in_slot, in_max_balance, in_hold_id,
    '{}'::text[], '{}'::bigint[], '{}'::bigint[]);
END $fn$`;
}

/**
 * Releases a hold open and unexpired at `in_now` and drops its reservation:
 * `{released: true, hold}`; a hold in any other state is `{released: false,
 * hold}` as stored; an unknown id is NULL. A hold inserted by another
 * transaction between the update and the read is released on the next turn.
 */
export function releaseFunctionSql(t: WalletTables): string {
  return `
CREATE OR REPLACE FUNCTION ${t.release}(in_hold_id text, in_now bigint) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  ended ${t.holds}%ROWTYPE;
BEGIN
  LOOP
    UPDATE ${t.holds} h SET status = 'released'
    WHERE h.id = in_hold_id AND h.status = 'open' AND h.expires_at > in_now
    RETURNING h.* INTO ended;
    IF FOUND THEN
      UPDATE ${t.balances} b SET held = b.held - ended.amount WHERE b.account_id = ended.account_id AND b.shard = 0;
      RETURN jsonb_build_object('released', true, 'hold', to_jsonb(ended));
    END IF;
    SELECT h.* INTO ended FROM ${t.holds} h WHERE h.id = in_hold_id;
    IF NOT FOUND THEN
      RETURN NULL;
    ELSIF ended.status <> 'open' OR ended.expires_at <= in_now THEN
      RETURN jsonb_build_object('released', false, 'hold', to_jsonb(ended));
    END IF;
  END LOOP;
END $fn$`;
}
