import type { WalletTables } from '../tables.js';

// The in-memory decision of one write of `jc_wallet_commit_many`
// (commit-many.ts), inlined into its loop over the writes (`wi`): it reads and
// changes the running balance rows and queues the write for the run's flush,
// or sets its error outcome; then the loop continues with the next write.

/** The reservation of running row `ri`, with what lapsed on it counted as freed. */
const liveHeldSql = 'row_held[ri] - COALESCE(row_lapsed[ri], 0)';

/** Frees what lapsed on running row `ri`, for a write on it that succeeded: the flush closes those holds. */
const freeLapsedSql = `row_held[ri] := ${liveHeldSql};
        row_swept[ri] := row_swept[ri] OR row_lapsed[ri] IS NOT NULL;
        row_lapsed[ri] := NULL;`;

/**
 * A hold placement, as `jc_wallet_place_hold` decides it for a new id:
 * `ACCOUNT_NOT_FOUND` or `ACCOUNT_FROZEN`, then the floor guard of shard 0
 * with the hold added to the row's running reservation, less what lapsed
 * (`INSUFFICIENT_FUNDS`). Placed, it frees what lapsed on the row.
 */
export function batchPlaceSql(): string {
  return `
      ri := write_hold_row[wi];
      IF write_refusal[wi] IS NOT NULL THEN
        outcomes[wi] := jsonb_build_object('error', write_refusal[wi],
          'detail', in_writes -> (wi - 1) -> 'params' ->> 'accountId', 'state', 'P0001');
      ELSIF row_floored[ri] AND row_amount[ri] - (${liveHeldSql}) - write_hold_amount[wi] < 0
      THEN
        outcomes[wi] := jsonb_build_object('error', 'INSUFFICIENT_FUNDS', 'detail', row_account[ri], 'state', 'P0001');
      ELSE
        ${freeLapsedSql}
        row_held[ri] := row_held[ri] + write_hold_amount[wi];
        row_dirty[ri] := true;
        pending_holds[cardinality(pending_holds) + 1] := wi;
        outcomes[wi] := jsonb_build_object('created', true);
      END IF;
      CONTINUE;
`;
}

/**
 * A capture its hold cannot take, as `jc_wallet_capture` refuses it: missing,
 * not open or expired at the capture's instant, or too small for it. The
 * answer carries the hold as stored, from which the caller builds the exact
 * error, as it does for a refusal raised one by one. Refused, a capture's id
 * would still replay a transaction stored under it: one stored by a
 * concurrent call since the batch looked fails the call with
 * `serialization_failure`, which the caller retries, and the capture is then
 * decided one by one.
 */
export function batchRefuseSql(t: WalletTables): string {
  return `
      IF EXISTS (SELECT FROM ${t.transactions} x WHERE x.id = in_writes -> (wi - 1) -> 'params' ->> 'id') THEN
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
          MESSAGE = 'a capture id of the batch was written by a concurrent call';
      END IF;
      outcomes[wi] := jsonb_build_object('error', 'CAPTURE_REFUSED',
        'detail', in_writes -> (wi - 1) -> 'params' ->> 'holdId', 'state', 'P0001', 'hold', write_stored_hold[wi]);
      CONTINUE;
`;
}

/**
 * A release (or void) of a hold, as `jc_wallet_release` decides it: an open
 * hold drops its reservation and is released by the run's flush, which
 * answers it; one no longer open is answered as stored, and nothing changes.
 */
export function batchReleaseSql(): string {
  return `
      IF write_mode[wi] = 'unreleased' THEN
        outcomes[wi] := jsonb_build_object('release', jsonb_build_object('released', false, 'hold', write_stored_hold[wi]));
      ELSE
        ri := write_hold_row[wi];
        row_held[ri] := row_held[ri] - write_hold_amount[wi];
        row_dirty[ri] := true;
        pending_releases[cardinality(pending_releases) + 1] := wi;
      END IF;
      CONTINUE;
`;
}

/**
 * A commit or capture, as `jc_wallet_commit` decides it: its accounts'
 * lookups in leg order, then a capture's hold dropped from its row's
 * reservation (first on that row, as the one-by-one commit orders it), then
 * its legs in (row, leg) order against the running balances with the floor
 * and ceiling guards, with what lapsed on a row counted as freed. A leg
 * that fails undoes the write's other legs and the dropped reservation, and
 * the error names the first failing leg; a write that succeeds frees what
 * lapsed on its rows.
 */
export function batchLegsSql(): string {
  return `
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
        IF write_mode[wi] = 'capture' THEN
          row_held[write_hold_row[wi]] := row_held[write_hold_row[wi]] - write_hold_amount[wi];
        END IF;
        failed_leg := NULL;
        FOR step IN write_first[wi]..write_last[wi] LOOP
          li := check_order[step];
          ri := leg_row[li];
          IF NOT row_floored[ri] OR (row_amount[ri] + leg_amount[li] - (${liveHeldSql}) >= 0
              AND (leg_amount[li] <= 0 OR row_amount[ri] + leg_amount[li] <= leg_max_balance[li])) THEN
            row_amount[ri] := row_amount[ri] + leg_amount[li];
            leg_after[li] := row_amount[ri];
          ELSE
            failed_leg := LEAST(failed_leg, li);
          END IF;
        END LOOP;
        IF failed_leg IS NULL THEN
          FOR leg IN write_first[wi]..write_last[wi] LOOP
            ri := leg_row[leg];
            row_dirty[ri] := true;
            ${freeLapsedSql}
          END LOOP;
          pending[cardinality(pending) + 1] := wi;
          IF write_mode[wi] = 'capture' THEN
            row_dirty[write_hold_row[wi]] := true;
            pending_captures[cardinality(pending_captures) + 1] := wi;
          END IF;
          write_currency[wi] := tx_currency;
          outcomes[wi] := jsonb_build_object('currency', tx_currency);
          CONTINUE;
        END IF;
        -- The write fails: its legs that passed their guard, and the reservation it dropped, are taken back.
        FOR leg IN write_first[wi]..write_last[wi] LOOP
          IF leg_after[leg] IS NOT NULL THEN
            row_amount[leg_row[leg]] := row_amount[leg_row[leg]] - leg_amount[leg];
            leg_after[leg] := NULL;
          END IF;
        END LOOP;
        IF write_mode[wi] = 'capture' THEN
          row_held[write_hold_row[wi]] := row_held[write_hold_row[wi]] + write_hold_amount[wi];
        END IF;
        failure := CASE WHEN leg_amount[failed_leg] > 0 THEN 'BALANCE_LIMIT_EXCEEDED' ELSE 'INSUFFICIENT_FUNDS' END;
        failure_detail := leg_account[failed_leg];
      END IF;
      outcomes[wi] := jsonb_build_object('error', failure, 'detail', failure_detail, 'state', 'P0001');
      CONTINUE;
`;
}
