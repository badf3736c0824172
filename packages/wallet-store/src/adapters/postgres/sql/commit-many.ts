import type { WalletTables } from '../tables.js';
import { batchFlushSql, batchPlanSql } from './batch-plan.js';

/**
 * A batch in one call, each write with the result its one-by-one call
 * would give, at a fraction of the cost per write.
 *
 * First, every balance row the batch may touch is locked in (account,
 * shard) order and read into arrays: the accounts named by its writes
 * (`in_accounts`) and those of the holds it captures or releases
 * (`in_hold_ids`). Batches then queue behind each other as single writes
 * do, and nothing else changes those rows until the batch commits.
 *
 * A plain money movement (a commit with a new id, used once in the batch,
 * on accounts with no expired open hold to close) is then decided in
 * memory: its accounts' lookups (`batchPlanSql`, one statement for the whole
 * batch), then its legs in (row, leg) order against the running balance of
 * each row, with the floor and ceiling guards of `jc_wallet_commit`. A leg
 * that fails undoes the write's other legs, and the error names the first
 * failing leg, as the one-by-one call's does. No subtransaction is needed:
 * a write that would fail writes nothing. Runs of such writes are written
 * together (`batchFlushSql`): one multi-row INSERT of transactions, one of
 * postings, one UPDATE per balance row with its final amount, so all
 * credits to one consultant or system shard in a run are one row update.
 *
 * Any other write (a replay or conflict of a used id, a capture, a hold
 * placed, released or voided, a movement that must close expired holds)
 * runs after the run before it is written, through `jc_wallet_apply` in
 * its own subtransaction (a BEGIN … EXCEPTION block), as one by one;
 * the balance rows are then read again. A raised guard becomes `{error,
 * detail, state}` (a capture's adds its hold row, from which the caller
 * rebuilds the exact error); any other error aborts the whole call.
 *
 * A transaction id first seen as new but inserted meanwhile by a concurrent
 * write fails the whole call with `serialization_failure`, which the caller
 * retries: the id is then seen as used and the write replays.
 *
 * Its statements keep one generic plan per connection: a custom plan for
 * each call's arrays would cost more to make than the statements cost to run.
 */
export function commitManyFunctionSql(t: WalletTables): string {
  return `
CREATE OR REPLACE FUNCTION ${t.commitMany}(in_writes jsonb, in_accounts text[], in_hold_ids text[])
RETURNS jsonb LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $fn$
DECLARE
  write_count constant integer := jsonb_array_length(in_writes);
  -- The locked balance rows in (account, shard) order, as the batch has changed them so far.
  row_account text[];
  row_shard integer[];
  row_amount bigint[];
  row_held bigint[];
  row_floored boolean[];
  row_dirty boolean[];
  -- Per write: its parameters and the range of its legs when it is decided in memory (else NULL), its currency.
  write_params jsonb[];
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
  expired_accounts text[];
  pending integer[] := '{}';
  outcomes jsonb[];
  tx_currency text;
  failure text;
  failure_detail text;
  failure_state text;
  failed_leg integer;
  li integer;
  ri integer;
  inserted integer;
BEGIN
${batchPlanSql(t)}
  FOR wi IN 1..write_count + 1 LOOP
    IF cardinality(pending) > 0 AND (wi > write_count OR write_first[wi] IS NULL) THEN
${batchFlushSql(t)}
    END IF;
    EXIT WHEN wi > write_count;

    IF write_first[wi] IS NOT NULL THEN
      failure := NULL;
      tx_currency := NULL;
      FOR leg IN write_first[wi]..write_last[wi] LOOP
        IF NOT leg_found[leg] THEN
          failure := 'ACCOUNT_NOT_FOUND'; failure_detail := leg_account[leg]; EXIT;
        ELSIF leg_frozen[leg] THEN
          failure := 'ACCOUNT_FROZEN'; failure_detail := leg_account[leg]; EXIT;
        ELSIF leg_currency[leg] <> COALESCE(tx_currency, leg_currency[leg]) THEN
          failure := 'CURRENCY_MISMATCH'; failure_detail := ''; EXIT;
        END IF;
        tx_currency := leg_currency[leg];
      END LOOP;
      IF failure IS NULL THEN
        failed_leg := NULL;
        FOR step IN write_first[wi]..write_last[wi] LOOP
          li := check_order[step];
          ri := leg_row[li];
          IF NOT row_floored[ri] OR (row_amount[ri] + leg_amount[li] - row_held[ri] >= 0
              AND (leg_amount[li] <= 0 OR row_amount[ri] + leg_amount[li] <= leg_max_balance[li])) THEN
            row_amount[ri] := row_amount[ri] + leg_amount[li];
            leg_after[li] := row_amount[ri];
          ELSE
            failed_leg := LEAST(failed_leg, li);
          END IF;
        END LOOP;
        IF failed_leg IS NULL THEN
          FOR leg IN write_first[wi]..write_last[wi] LOOP
            row_dirty[leg_row[leg]] := true;
          END LOOP;
          pending[cardinality(pending) + 1] := wi;
          write_currency[wi] := tx_currency;
          outcomes[wi] := jsonb_build_object('currency', tx_currency);
          CONTINUE;
        END IF;
        -- The write fails: its legs that passed their guard are taken back.
        FOR leg IN write_first[wi]..write_last[wi] LOOP
          IF leg_after[leg] IS NOT NULL THEN
            row_amount[leg_row[leg]] := row_amount[leg_row[leg]] - leg_amount[leg];
            leg_after[leg] := NULL;
          END IF;
        END LOOP;
        failure := CASE WHEN leg_amount[failed_leg] > 0 THEN 'BALANCE_LIMIT_EXCEEDED' ELSE 'INSUFFICIENT_FUNDS' END;
        failure_detail := leg_account[failed_leg];
      END IF;
      outcomes[wi] := jsonb_build_object('error', failure, 'detail', failure_detail, 'state', 'P0001');
      CONTINUE;
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
    SELECT COALESCE(array_agg(l.amount), '{}'), COALESCE(array_agg(l.held), '{}') INTO row_amount, row_held
    FROM (
      SELECT b.amount, b.held FROM unnest(row_account, row_shard) WITH ORDINALITY s(account_id, shard, k)
      JOIN ${t.balances} b ON b.account_id = s.account_id AND b.shard = s.shard
      ORDER BY s.k
    ) l;
  END LOOP;
  RETURN to_jsonb(outcomes);
END $fn$`;
}
