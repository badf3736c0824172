import type { WalletTables } from '../tables.js';

// The statements of `jc_wallet_commit_many` (commit-many.ts) that write a run
// of writes decided in memory, inlined into its body: each runs once per run,
// never once per write. They read and write its local variables.

/**
 * Writes the run of writes decided in memory: the transactions of its
 * commits and captures (`pending`) in one INSERT, their postings in one
 * INSERT in (write, leg) order, as one-by-one commits number them, the
 * captured holds in one UPDATE, the placed holds (`pending_holds`) in one
 * INSERT, the released holds (`pending_releases`) in one UPDATE, which
 * answers them, the lapsed holds of the rows the run freed (`row_swept`) in
 * one UPDATE, and one UPDATE per balance row the run changed, to its final
 * amount and reservation.
 *
 * A transaction or hold id seen as new, or a hold seen as open, when the run
 * was decided but written meanwhile by a concurrent call fails the whole call
 * with `serialization_failure`, which the caller retries: the write is then
 * decided one by one. A new capture's answer is only what its caller cannot
 * know, the currency, kind and postings written with it: the caller sent the
 * rest, so reading the stored row back to send it whole was wasted work.
 */
export function batchFlushSql(t: WalletTables): string {
  return `
      IF cardinality(pending) > 0 THEN
        WITH written AS (
          INSERT INTO ${t.transactions}
            (id, kind, currency, postings, metadata, hold_id, refund_of, created_at, request, gross)
          SELECT x.p ->> 0, x.p ->> 3, write_currency[u.n], x.p -> 4, x.p -> 5, x.p ->> 6, x.p ->> 7,
            (x.p ->> 8)::bigint, x.p -> 9, (x.p ->> 10)::bigint
          FROM unnest(pending) WITH ORDINALITY u(n, o)
          CROSS JOIN LATERAL (SELECT write_params[u.n]) x(p)
          ORDER BY u.o
          ON CONFLICT (id) DO NOTHING
          RETURNING 1
        )
        SELECT count(*) INTO written_count FROM written;
        IF written_count < cardinality(pending) THEN
          RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
            MESSAGE = 'a transaction id of the batch was written by a concurrent call';
        END IF;
        INSERT INTO ${t.postings} (transaction_id, account_id, amount, balance_after, created_at)
        SELECT g.tx, g.account_id, g.amount, CASE WHEN g.reports THEN g.posted END, g.created
        FROM unnest(leg_write, leg_tx, leg_account, leg_amount, leg_reports, leg_after, leg_created)
          WITH ORDINALITY g(n, tx, account_id, amount, reports, posted, created, leg)
        WHERE g.n = ANY(pending)
        ORDER BY g.leg;
        IF cardinality(pending_captures) > 0 THEN
          UPDATE ${t.holds} h SET status = 'captured', capture_transaction_id = c.p ->> 0,
            captured_amount = (c.p ->> 10)::bigint
          FROM (SELECT write_params[n] FROM unnest(pending_captures) n) c(p)
          WHERE h.id = c.p ->> 6 AND h.status = 'open' AND h.expires_at > (c.p ->> 8)::bigint;
          GET DIAGNOSTICS written_count = ROW_COUNT;
          IF written_count < cardinality(pending_captures) THEN
            RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
              MESSAGE = 'a hold the batch captures was changed by a concurrent call';
          END IF;
          FOREACH wi_done IN ARRAY pending_captures LOOP
            outcomes[wi_done] := jsonb_build_object('currency', write_currency[wi_done], 'kind',
              write_params[wi_done] ->> 3, 'postings', write_params[wi_done] -> 4);
          END LOOP;
        END IF;
      END IF;
      IF cardinality(pending_holds) > 0 THEN
        INSERT INTO ${t.holds} (id, account_id, amount, status, captured_amount, capture_transaction_id, expires_at,
          metadata, created_at, request)
        SELECT x.p ->> 'id', x.p ->> 'accountId', (x.p ->> 'amount')::bigint, 'open', 0, NULL,
          (x.p ->> 'expiresAt')::bigint, x.p -> 'metadata', (x.p ->> 'createdAt')::bigint, x.p -> 'request'
        FROM unnest(pending_holds) WITH ORDINALITY u(n, o)
        CROSS JOIN LATERAL (SELECT in_writes -> (u.n - 1) -> 'params') x(p)
        ORDER BY u.o
        ON CONFLICT (id) DO NOTHING;
        GET DIAGNOSTICS written_count = ROW_COUNT;
        IF written_count < cardinality(pending_holds) THEN
          RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
            MESSAGE = 'a hold id of the batch was written by a concurrent call';
        END IF;
      END IF;
      IF cardinality(pending_releases) > 0 THEN
        WITH ended AS (
          UPDATE ${t.holds} h SET status = 'released'
          FROM (SELECT u.n, in_writes -> (u.n - 1) -> 'params' AS p FROM unnest(pending_releases) u(n)) r
          WHERE h.id = COALESCE(r.p ->> 'holdId', r.p ->> 'id') AND h.status = 'open'
            AND h.expires_at > COALESCE(r.p ->> 'now', r.p ->> 'createdAt')::bigint
          RETURNING r.n, to_jsonb(h) AS hold
        )
        SELECT COALESCE(array_agg(e.n), '{}'), COALESCE(array_agg(e.hold), '{}') INTO released_writes, released_holds
        FROM ended e;
        IF cardinality(released_writes) < cardinality(pending_releases) THEN
          RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
            MESSAGE = 'a hold the batch releases was changed by a concurrent call';
        END IF;
        FOR li IN 1..cardinality(released_writes) LOOP
          outcomes[released_writes[li]] := jsonb_build_object('release',
            jsonb_build_object('released', true, 'hold', released_holds[li]));
        END LOOP;
        pending_releases := '{}';
      END IF;
      IF true = ANY(row_swept) THEN
        UPDATE ${t.holds} h SET status = 'expired'
        WHERE h.account_id = ANY(ARRAY(SELECT s.account_id FROM unnest(row_account, row_swept) s(account_id, swept)
            WHERE s.swept))
          AND h.status = 'open' AND h.expires_at <= first_instant;
        row_swept := array_fill(false, ARRAY[cardinality(row_account)]);
      END IF;
      UPDATE ${t.balances} b SET amount = s.amount, held = s.held
      FROM unnest(row_account, row_shard, row_amount, row_held, row_dirty) s(account_id, shard, amount, held, dirty)
      WHERE s.dirty AND b.account_id = s.account_id AND b.shard = s.shard;
      row_dirty := array_fill(false, ARRAY[cardinality(row_account)]);
      pending := '{}';
      pending_captures := '{}';
      pending_holds := '{}';
`;
}
