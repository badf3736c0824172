import type { WalletTables } from '../tables.js';

// The set-based statements of `jc_wallet_commit_many` (commit-many.ts), inlined
// into its body: each runs once per batch, or once per run of writes decided
// in memory, never once per write. They read and write its local variables.

// Each SELECT aggregates the rows of a subquery sorted as the arrays must be: one
// sort, where an ORDER BY in each array_agg sorts once per array (PostgreSQL 15);
// all arrays of a statement read the same row stream, so their indexes agree, and
// the legs' order is checked as the writes' ranges are taken from it.

/**
 * Locks and reads the batch's balance rows, then, in one statement each:
 * the accounts with an open hold expired by the batch's latest instant
 * (writes on them close it, so they take the one-by-one path), and the legs
 * of the writes decided in memory, each with its account's lookups and the
 * index of the balance row its slot lands on. A write is decided in memory
 * when it is a plain commit (no hold captured, no refund), its id is new to
 * the ledger and used by no earlier write of the batch, and none of its
 * accounts has an expired hold to close.
 */
export function batchPlanSql(t: WalletTables): string {
  return `
  SELECT COALESCE(array_agg(l.account_id), '{}'), COALESCE(array_agg(l.shard), '{}'),
    COALESCE(array_agg(l.amount), '{}'), COALESCE(array_agg(l.held), '{}'), COALESCE(array_agg(l.floored), '{}')
  INTO row_account, row_shard, row_amount, row_held, row_floored
  FROM (
    SELECT b.account_id, b.shard, b.amount, b.held, b.floored FROM ${t.balances} b
    WHERE b.account_id IN (
      SELECT unnest(in_accounts) UNION SELECT h.account_id FROM ${t.holds} h WHERE h.id = ANY(in_hold_ids))
    ORDER BY b.account_id, b.shard
    FOR UPDATE
  ) l;
  row_dirty := array_fill(false, ARRAY[cardinality(row_account)]);

  SELECT COALESCE(array_agg(DISTINCT h.account_id), '{}') INTO expired_accounts FROM ${t.holds} h
  WHERE h.account_id = ANY(in_accounts) AND h.status = 'open'
    AND h.expires_at <= (SELECT max((e.value -> 'params' ->> 8)::bigint) FROM jsonb_array_elements(in_writes) e
      WHERE e.value ->> 'type' = 'commit');

  SELECT array_agg(CASE WHEN w.kind = 'commit' AND w.uses = 1 AND w.p ->> 13 IS NULL
      AND jsonb_array_length(w.p -> 14) = 0
      AND NOT EXISTS (SELECT FROM ${t.transactions} x WHERE x.id = w.tx)
      AND NOT (ARRAY(SELECT jsonb_array_elements_text(w.p -> 1)) && expired_accounts) THEN w.p END)
  INTO write_params
  FROM (
    SELECT e.n, e.value ->> 'type' AS kind, e.value -> 'params' AS p, t.tx,
      count(*) OVER (PARTITION BY t.tx ORDER BY e.n) AS uses
    FROM jsonb_array_elements(in_writes) WITH ORDINALITY e(value, n)
    CROSS JOIN LATERAL (SELECT CASE e.value ->> 'type' WHEN 'commit' THEN e.value -> 'params' ->> 0
      WHEN 'capture' THEN e.value -> 'params' ->> 'id' END) t(tx)
    ORDER BY e.n
  ) w;

  WITH legs AS MATERIALIZED (
    SELECT d.n::integer AS n, v.i, d.p ->> 0 AS tx, v.account_id, v.amount::bigint AS amount,
      (d.p ->> 8)::bigint AS created, (d.p ->> 11)::integer AS slot, (d.p ->> 12)::bigint AS max_balance
    FROM unnest(write_params) WITH ORDINALITY d(p, n)
    CROSS JOIN LATERAL ROWS FROM (jsonb_array_elements_text(d.p -> 1), jsonb_array_elements_text(d.p -> 2))
      WITH ORDINALITY v(account_id, amount, i)
    WHERE d.p IS NOT NULL
  )
  SELECT array_agg(g.n), array_agg(g.tx), array_agg(g.account_id), array_agg(g.amount), array_agg(g.created),
    array_agg(g.found), array_agg(g.frozen), array_agg(g.currency), array_agg(g.k), array_agg(g.reports),
    array_agg(g.max_balance)
  INTO leg_write, leg_tx, leg_account, leg_amount, leg_created, leg_found, leg_frozen, leg_currency, leg_row,
    leg_reports, leg_max_balance
  FROM (
    SELECT l.n, l.tx, l.account_id, l.amount, l.created, a.id IS NOT NULL AS found, a.frozen, a.currency,
      r.k::integer AS k, a.shards = 1 AS reports, l.max_balance
    FROM legs l
    LEFT JOIN ${t.accounts} a ON a.id = l.account_id
    LEFT JOIN unnest(row_account, row_shard) WITH ORDINALITY r(account_id, shard, k)
      ON r.account_id = l.account_id AND r.shard = l.slot % a.shards
    ORDER BY l.n, l.i
  ) g;

  leg_after := array_fill(NULL::bigint, ARRAY[COALESCE(cardinality(leg_write), 0)]);
  SELECT array_agg(s.leg ORDER BY leg_write[s.leg], leg_row[s.leg], s.leg) INTO check_order
  FROM generate_subscripts(leg_write, 1) AS s(leg);
  write_first := array_fill(NULL::integer, ARRAY[write_count]);
  write_last := array_fill(NULL::integer, ARRAY[write_count]);
  FOR leg IN 1..COALESCE(cardinality(leg_write), 0) LOOP
    IF leg_write[leg] < leg_write[leg - 1] THEN
      RAISE EXCEPTION 'the legs of a batch were read out of order';
    END IF;
    write_first[leg_write[leg]] := COALESCE(write_first[leg_write[leg]], leg);
    write_last[leg_write[leg]] := leg;
  END LOOP;
  write_currency := array_fill(NULL::text, ARRAY[write_count]);
  outcomes := array_fill(NULL::jsonb, ARRAY[write_count]);
`;
}

/**
 * Writes the run of writes decided in memory (`pending`): their transactions
 * in one INSERT, their postings in one INSERT in (write, leg) order, as
 * one-by-one commits number them, and one UPDATE per balance row they
 * changed, to its final amount.
 */
export function batchFlushSql(t: WalletTables): string {
  return `
      INSERT INTO ${t.transactions}
        (id, kind, currency, postings, metadata, hold_id, refund_of, created_at, request, gross)
      SELECT x.p ->> 0, x.p ->> 3, write_currency[u.n], x.p -> 4, x.p -> 5, x.p ->> 6, x.p ->> 7,
        (x.p ->> 8)::bigint, x.p -> 9, (x.p ->> 10)::bigint
      FROM unnest(pending) WITH ORDINALITY u(n, o)
      CROSS JOIN LATERAL (SELECT write_params[u.n]) x(p)
      ORDER BY u.o
      ON CONFLICT (id) DO NOTHING;
      GET DIAGNOSTICS inserted = ROW_COUNT;
      IF inserted < cardinality(pending) THEN
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
          MESSAGE = 'a transaction id of the batch was written by a concurrent call';
      END IF;
      INSERT INTO ${t.postings} (transaction_id, account_id, amount, balance_after, created_at)
      SELECT g.tx, g.account_id, g.amount, CASE WHEN g.reports THEN g.posted END, g.created
      FROM unnest(leg_write, leg_tx, leg_account, leg_amount, leg_reports, leg_after, leg_created)
        WITH ORDINALITY g(n, tx, account_id, amount, reports, posted, created, leg)
      WHERE g.n = ANY(pending)
      ORDER BY g.leg;
      UPDATE ${t.balances} b SET amount = s.amount
      FROM unnest(row_account, row_shard, row_amount, row_dirty) s(account_id, shard, amount, dirty)
      WHERE s.dirty AND b.account_id = s.account_id AND b.shard = s.shard;
      row_dirty := array_fill(false, ARRAY[cardinality(row_account)]);
      pending := '{}';
`;
}
