import type { WalletTables } from '../tables.js';
import { batchLegsSql, batchPlaceSql, batchRefuseSql, batchReleaseSql } from './batch-decide.js';
import { batchFlushSql } from './batch-flush.js';
import { batchLapsedSql, batchPlanSql, batchRereadSql } from './batch-plan.js';

/**
 * A batch in one call, each write with the result its one-by-one call
 * would give, at a fraction of the cost per write.
 *
 * First, every balance row the batch may touch is locked in (account,
 * shard) order and read into arrays: those of the accounts named by its
 * writes (`in_accounts`) and of the holds it captures or releases
 * (`in_hold_ids`), of a sharded account only the shards its writes land on
 * (`batchPlanSql`). Batches then queue behind each other as single writes
 * do where they share a row, and nothing else changes those rows until the
 * batch commits.
 *
 * A write on an account closes the account's open holds that expired by
 * its instant (expiry on touch), and an engine behind its ticks sends
 * batches full of such writes: charges after the holds lapsed, and the next
 * holds. On an account of one balance row, the holds expired by the batch's
 * first instant are locked up front and their reservation kept aside
 * (`row_lapsed`): the guards count it as freed, the first write on the row
 * that succeeds frees it, and the run's flush closes those holds, as the
 * write would have one by one. A write that fails frees nothing, as its
 * rolled-back call would not.
 *
 * The writes whose outcome can be decided exactly from those rows and one
 * look at the ledger (`batchSelectSql`) are then decided in memory, in
 * order, against the running balance and reservation of each row: a plain
 * money movement with a new id, a capture with a new id of a hold stored
 * open and untouched earlier in the batch, or refused because that hold is
 * missing, not open or too small for it (`batchRefuseSql`), a placement of
 * a new hold id, a release or void of a stored hold untouched earlier in
 * the batch, open and unexpired or no longer open (`batchReleaseSql`).
 * Movements, captures and placements, which close expired holds, are
 * decided so only on accounts with none expired after the batch's first
 * instant, and on a sharded account with none expired at all. Each gets
 * the guards of its one-by-one function in the same order (`batchLegsSql`,
 * `batchPlaceSql`); a write that would fail writes nothing, so no
 * subtransaction is needed. Runs of such writes are written together
 * (`batchFlushSql`): one multi-row INSERT per table, one UPDATE each of the
 * captured, released and lapsed holds, one UPDATE per balance row with its
 * final amount and reservation, so all credits to one consultant or system
 * shard in a run are one row update.
 *
 * Any other write (a replay or conflict of a used id, a hold touched twice
 * in the batch, a release or void of a hold missing or expired but still
 * open, a write on an account with holds expired as above) runs after the
 * run before it is written, through `jc_wallet_apply` in its own
 * subtransaction (a BEGIN … EXCEPTION block), as one by one; the balance
 * rows and lapsed reservations are then read again. A raised guard becomes
 * `{error, detail, state}` (a capture's adds its hold row, from which the
 * caller rebuilds the exact error); any other error aborts the whole call.
 *
 * An id first seen as new, or a hold first seen as open, but written
 * meanwhile by a concurrent call fails the whole call with
 * `serialization_failure`, which the caller retries: the write is then
 * decided one by one.
 *
 * Its statements keep one generic plan per connection: a custom plan for
 * each call's arrays would cost more to make than the statements cost to run.
 * Every table access in it is a lookup by key, so sequential scans are off:
 * a plan made while a table was small (a new database, statistics not yet
 * refreshed) would otherwise scan the whole table on every call for as long
 * as the connection keeps the plan, whatever the table has grown to.
 */
export function commitManyFunctionSql(t: WalletTables): string {
  return `
CREATE OR REPLACE FUNCTION ${t.commitMany}(in_writes jsonb, in_accounts text[], in_hold_ids text[])
RETURNS jsonb LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $fn$
DECLARE
  write_count constant integer := jsonb_array_length(in_writes);
  -- The shard slots of the batch's commits and captures, and the accounts of its holds.
  write_slots integer[];
  hold_accounts text[];
  -- The locked balance rows in (account, shard) order, as the batch has changed them so far.
  row_account text[];
  row_shard integer[];
  row_amount bigint[];
  row_held bigint[];
  row_floored boolean[];
  row_dirty boolean[];
  -- Whether the row is its account's only one; per row of a lapsed account (below), the reservation of its
  -- holds expired by the batch's first instant, still open in storage (else NULL); whether the run closed them.
  row_single boolean[];
  row_lapsed bigint[];
  row_swept boolean[];
  -- Per write, when it is decided in memory (else NULL): how (commit, capture, place), its commit's parameters,
  -- the range of its legs, the row and amount of the reservation it drops or adds, a placement's refusal, its currency.
  write_mode text[];
  write_params jsonb[];
  write_hold_row integer[];
  write_hold_amount bigint[];
  write_refusal text[];
  write_first integer[];
  write_last integer[];
  write_currency text[];
  -- The legs of the writes decided in memory, in (write, leg) order.
  leg_write integer[];
  leg_tx text[];
  leg_account text[];
  leg_amount bigint[];
  leg_created bigint[];
  leg_found boolean[];
  leg_frozen boolean[];
  leg_currency text[];
  leg_row integer[];
  leg_reports boolean[];
  leg_after bigint[];
  leg_max_balance bigint[];
  -- The same legs in the order the guards run: (write, row, leg).
  check_order integer[];
  -- Accounts whose open holds expired by the batch's last instant: those of a sharded account or expired
  -- after its first instant (writes on them take the one-by-one path), and the rest, lapsed by the first.
  expired_accounts text[];
  lapsed_accounts text[];
  -- The batch's first and last instants: holds expired by the first are closed up front.
  first_instant bigint;
  last_instant bigint;
  -- Per write answered with a hold as stored (a capture refused, a hold not released): that hold, else NULL.
  write_stored_hold jsonb[];
  -- The writes of the run decided in memory, not yet written: commits and captures, captures, placements,
  -- releases.
  pending integer[] := '{}';
  pending_captures integer[] := '{}';
  pending_holds integer[] := '{}';
  pending_releases integer[] := '{}';
  released_writes integer[];
  released_holds jsonb[];
  written_count integer;
  wi_done integer;
  outcomes jsonb[];
  tx_currency text;
  failure text;
  failure_detail text;
  failure_state text;
  failed_leg integer;
  li integer;
  ri integer;
BEGIN
${batchPlanSql(t)}
  FOR wi IN 1..write_count + 1 LOOP
    IF cardinality(pending) + cardinality(pending_holds) + cardinality(pending_releases) > 0
        AND (wi > write_count OR write_mode[wi] IS NULL) THEN
${batchFlushSql(t)}
    END IF;
    EXIT WHEN wi > write_count;

    IF write_mode[wi] = 'place' THEN
${batchPlaceSql()}
    ELSIF write_mode[wi] = 'refuse' THEN
${batchRefuseSql(t)}
    ELSIF write_mode[wi] IN ('release', 'unreleased') THEN
${batchReleaseSql()}
    ELSIF write_first[wi] IS NOT NULL THEN
${batchLegsSql()}
    END IF;

    BEGIN
      outcomes[wi] := ${t.apply}(in_writes -> (wi - 1));
    EXCEPTION WHEN raise_exception OR check_violation THEN
      GET STACKED DIAGNOSTICS failure = MESSAGE_TEXT, failure_detail = PG_EXCEPTION_DETAIL,
        failure_state = RETURNED_SQLSTATE;
      outcomes[wi] := jsonb_build_object('error', failure, 'detail', failure_detail, 'state', failure_state,
        'hold', CASE WHEN in_writes -> (wi - 1) ->> 'type' = 'capture' THEN
          (SELECT to_jsonb(h) FROM ${t.holds} h WHERE h.id = in_writes -> (wi - 1) -> 'params' ->> 'holdId') END);
    END;
${batchRereadSql(t)}
    IF cardinality(lapsed_accounts) > 0 THEN
${batchLapsedSql(t)}
    END IF;
  END LOOP;
  RETURN to_jsonb(outcomes);
END $fn$`;
}
