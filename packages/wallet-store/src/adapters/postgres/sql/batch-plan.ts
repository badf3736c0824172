import type { WalletTables } from '../tables.js';
import { batchSelectSql } from './batch-select.js';

// The set-based statements of `jc_wallet_commit_many` (commit-many.ts), inlined
// into its body: each runs once per batch, or once per run of writes decided
// in memory, never once per write. They read and write its local variables.

// Each SELECT aggregates the rows of a subquery sorted as the arrays must be: one
// sort, where an ORDER BY in each array_agg sorts once per array (PostgreSQL 15);
// all arrays of a statement read the same row stream, so their indexes agree, and
// the legs' order is checked as the writes' ranges are taken from it.

/**
 * Locks and reads the balance rows the batch's writes land on: every row of
 * an unsharded account; of a sharded one, the shard of each slot its
 * commits and captures carry (the domain gives a batch one slot) and shard
 * 0 where a hold of it is placed, voided or captured. A sharded account's
 * other rows stay free, so concurrent batches crediting the platform lock
 * different rows rather than queueing for the same eight. Then, in one
 * statement each: the accounts locked with an open hold expired by the
 * batch's last instant, split into those whose writes take the one-by-one
 * path (`expired_accounts`: a sharded account, or a hold expired after the
 * batch's first instant) and the lapsed ones, whose holds expired by the
 * first instant are locked and their reservation kept aside per row
 * (`batchLapsedSql`); the writes decided in memory (`batchSelectSql`), and
 * the legs of its commits and captures, each with its account's lookups and
 * the index of the balance row its slot lands on. Each leg's account is a
 * `LATERAL … LIMIT 1` probe: as a plain join, the generic plan merged the
 * legs with a walk of the whole accounts index, a cost that grew with every
 * account ever opened. The expired holds are likewise one aggregate per
 * locked row over its account's open holds, with no condition on the
 * expiry for the planner to index: as a join, the generic plan (made while
 * the table was small, and taking an array for ten elements) walked every
 * open hold expired by the last instant and compared each with every row,
 * 550,000 comparisons and most of the time of a batch of 500 lapsed ticks,
 * so a batch cost more a write the bigger it grew, just as an engine behind
 * its ticks sends the biggest.
 */
export function batchPlanSql(t: WalletTables): string {
  return `
  SELECT COALESCE(array_agg(DISTINCT COALESCE(e.value -> 'params' ->> 'slot', e.value -> 'params' ->> 11)::integer)
      FILTER (WHERE e.value ->> 'type' IN ('commit', 'capture')), '{}'),
    COALESCE(array_agg(DISTINCT e.value -> 'params' ->> 'accountId')
      FILTER (WHERE e.value ->> 'type' IN ('placeHold', 'voidHold')), '{}')
  INTO write_slots, hold_accounts FROM jsonb_array_elements(in_writes) e;
  hold_accounts := hold_accounts || ARRAY(SELECT h.account_id FROM ${t.holds} h WHERE h.id = ANY(in_hold_ids));
  SELECT COALESCE(array_agg(l.account_id), '{}'), COALESCE(array_agg(l.shard), '{}'),
    COALESCE(array_agg(l.amount), '{}'), COALESCE(array_agg(l.held), '{}'), COALESCE(array_agg(l.floored), '{}'),
    COALESCE(array_agg(l.shards = 1), '{}')
  INTO row_account, row_shard, row_amount, row_held, row_floored, row_single
  FROM (
    SELECT b.account_id, b.shard, b.amount, b.held, b.floored, a.shards FROM ${t.balances} b
    JOIN ${t.accounts} a ON a.id = b.account_id
    WHERE b.account_id IN (SELECT unnest(in_accounts) UNION SELECT unnest(hold_accounts))
      AND (a.shards = 1 OR (b.shard = 0 AND b.account_id = ANY(hold_accounts))
        OR b.shard IN (SELECT s % a.shards FROM unnest(write_slots) s))
    ORDER BY b.account_id, b.shard
    FOR UPDATE OF b
  ) l;
  row_dirty := array_fill(false, ARRAY[cardinality(row_account)]);
  row_swept := array_fill(false, ARRAY[cardinality(row_account)]);

  SELECT min(i.at), max(i.at) INTO first_instant, last_instant
  FROM jsonb_array_elements(in_writes) e
  CROSS JOIN LATERAL (SELECT COALESCE(e.value -> 'params' ->> 8, e.value -> 'params' ->> 'createdAt',
    e.value -> 'params' ->> 'now')::bigint) i(at);
  SELECT COALESCE(array_agg(DISTINCT s.account_id) FILTER (WHERE x.after_first OR (x.by_first AND NOT s.single)), '{}'),
    COALESCE(array_agg(DISTINCT s.account_id) FILTER (WHERE x.by_first AND s.single), '{}')
  INTO expired_accounts, lapsed_accounts
  FROM unnest(row_account, row_single) s(account_id, single)
  CROSS JOIN LATERAL (SELECT bool_or(h.expires_at > first_instant AND h.expires_at <= last_instant) AS after_first,
      bool_or(h.expires_at <= first_instant) AS by_first
    FROM ${t.holds} h WHERE h.account_id = s.account_id AND h.status = 'open') x;
  row_lapsed := array_fill(NULL::bigint, ARRAY[cardinality(row_account)]);
  IF cardinality(lapsed_accounts) > 0 THEN
    lapsed_accounts := ARRAY(SELECT unnest(lapsed_accounts) EXCEPT SELECT unnest(expired_accounts));
    PERFORM FROM ${t.holds} h
    WHERE h.account_id = ANY(lapsed_accounts) AND h.status = 'open' AND h.expires_at <= first_instant
    ORDER BY h.id
    FOR UPDATE;
${batchLapsedSql(t)}
  END IF;
${batchSelectSql(t)}
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
    LEFT JOIN LATERAL (
      SELECT a.id, a.frozen, a.currency, a.shards FROM ${t.accounts} a WHERE a.id = l.account_id LIMIT 1
    ) a ON true
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

/** Reads the locked balance rows again, after a write that changed them outside the batch's arrays. */
export function batchRereadSql(t: WalletTables): string {
  return `
    SELECT COALESCE(array_agg(l.amount), '{}'), COALESCE(array_agg(l.held), '{}') INTO row_amount, row_held
    FROM (
      SELECT b.amount, b.held FROM unnest(row_account, row_shard) WITH ORDINALITY s(account_id, shard, k)
      JOIN ${t.balances} b ON b.account_id = s.account_id AND b.shard = s.shard
      ORDER BY s.k
    ) l;
`;
}

/**
 * Sets `row_lapsed`: per locked row of a lapsed account, the reservation of
 * its open holds expired by the batch's first instant (locked, and not yet
 * closed in storage), else NULL.
 */
export function batchLapsedSql(t: WalletTables): string {
  return `
    SELECT array_agg(x.amount ORDER BY s.k) INTO row_lapsed
    FROM unnest(row_account) WITH ORDINALITY s(account_id, k)
    LEFT JOIN LATERAL (SELECT sum(h.amount)::bigint AS amount FROM ${t.holds} h
      WHERE s.account_id = ANY(lapsed_accounts) AND h.account_id = s.account_id AND h.status = 'open'
        AND h.expires_at <= first_instant) x ON true;
`;
}
