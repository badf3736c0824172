import type { WalletTables } from '../tables.js';

// The statement of `jc_wallet_commit_many` (commit-many.ts) that chooses which
// writes of a batch are decided in memory, inlined into its body after the
// balance rows are locked and the accounts with expired holds are known. It
// reads and writes the function's local variables.

/**
 * One statement over the batch's writes, in order, setting per write:
 * - `write_mode`: `commit`, `capture`, `refuse` (a capture refused),
 *   `place`, `release` (a release or void of an open hold) or `unreleased`
 *   (of a hold no longer open) when the write is decided in memory, NULL
 *   when it takes the one-by-one path;
 * - `write_params`: for a commit, its parameters; for a capture, the
 *   parameters of the commit `jc_wallet_capture` would make (legs, postings,
 *   kind, gross built exactly as it builds them), so both are written alike;
 * - `write_hold_row`, `write_hold_amount`: the balance row (shard 0 of the
 *   hold's account) and the reservation a capture or release drops or a
 *   placement adds;
 * - `write_refusal`: the guard a placement fails before its funds are read;
 * - `write_stored_hold`: the hold as stored, of a refused capture (NULL if
 *   none) or a hold not released.
 *
 * An account "with an expired hold" below is one in `expired_accounts`,
 * whose expired holds the batch does not close itself (a lapsed account's
 * are counted as freed instead: commit-many.ts).
 *
 * A commit is decided in memory when it is plain (no hold captured, no
 * refund), its id is new to the ledger and used by no earlier write, and
 * none of its accounts has an expired hold to close. A capture, when its id
 * is new and used once, its hold is stored open and unexpired at its
 * instant, touched by no earlier write of the batch, and fits the capture,
 * and none of the accounts named has an expired hold; refused, when its id
 * is new and used once and its hold, touched by no earlier write, is
 * missing, not open or expired at its instant, or does not fit it. A
 * placement, when its id is in no stored hold and no earlier write, it
 * expires after its instant, and its account has no expired hold. A release
 * or void, when its hold is stored, touched by no earlier write, and open
 * and unexpired at its instant (it is released) or no longer open (it stays
 * as it is). Each write's mode is decided once (`decided` is materialized):
 * the planner would otherwise copy its CASE, lookups and all, into every
 * expression that reads it.
 */
export function batchSelectSql(t: WalletTables): string {
  return `
  WITH decided AS MATERIALIZED (
    SELECT w.n, w.p, m.mode, c.params AS capture_params, h.account_id AS hold_account, h.amount AS hold_amount
    FROM (
      SELECT e.n, e.value ->> 'type' AS kind, e.value -> 'params' AS p, k.tx, k.hold_id,
        count(*) OVER (PARTITION BY k.tx ORDER BY e.n) AS uses,
        count(*) OVER (PARTITION BY k.hold_id ORDER BY e.n) AS hold_uses
      FROM jsonb_array_elements(in_writes) WITH ORDINALITY e(value, n)
      CROSS JOIN LATERAL (SELECT
        CASE e.value ->> 'type' WHEN 'commit' THEN e.value -> 'params' ->> 0
          WHEN 'capture' THEN e.value -> 'params' ->> 'id' END,
        CASE WHEN e.value ->> 'type' <> 'commit'
          THEN COALESCE(e.value -> 'params' ->> 'holdId', e.value -> 'params' ->> 'id') END) k(tx, hold_id)
    ) w
    -- The lookups are lateral with LIMIT: one index probe per write, where a join may hash the whole table.
    LEFT JOIN LATERAL (SELECT h.id, h.account_id, h.amount, h.status, h.expires_at FROM ${t.holds} h
      WHERE w.kind IN ('capture', 'releaseHold', 'voidHold') AND h.id = w.hold_id LIMIT 1) h ON true
    -- The capture's amount and commission, then its legs, as jc_wallet_capture computes them: arrays joined in
    -- leg order, built only for a hold found. (Three ordered aggregates over a VALUES list, built for every
    -- write, sorted three times a write: a twentieth of the batch's time.)
    CROSS JOIN LATERAL (SELECT COALESCE((w.p ->> 'amount')::bigint, h.amount) AS amount,
      w.p ->> 'bps' IS NOT NULL OR w.p ->> 'commission' IS NOT NULL AS split) ca
    CROSS JOIN LATERAL (SELECT CASE WHEN w.p ->> 'bps' IS NOT NULL THEN ca.amount * (w.p ->> 'bps')::integer / 10000
      ELSE COALESCE((w.p ->> 'commission')::bigint, 0) END AS commission) cc
    CROSS JOIN LATERAL (SELECT
      ARRAY[h.account_id] || CASE WHEN ca.amount > cc.commission THEN ARRAY[w.p ->> 'to'] ELSE '{}' END
        || CASE WHEN cc.commission > 0 THEN ARRAY[w.p ->> 'platform'] ELSE '{}' END,
      ARRAY[-ca.amount] || CASE WHEN ca.amount > cc.commission THEN ARRAY[ca.amount - cc.commission] ELSE '{}' END
        || CASE WHEN cc.commission > 0 THEN ARRAY[cc.commission] ELSE '{}' END) l(accounts, amounts)
    CROSS JOIN LATERAL (SELECT CASE WHEN w.kind = 'capture' AND h.id IS NOT NULL THEN jsonb_build_array(w.p ->> 'id', to_jsonb(l.accounts),
        to_jsonb(l.amounts), CASE WHEN ca.split THEN 'split' ELSE 'transfer' END,
        to_jsonb(ARRAY(SELECT jsonb_build_object('accountId', l.accounts[i], 'amount', l.amounts[i])
          FROM generate_subscripts(l.accounts, 1) AS i ORDER BY i)),
        w.p -> 'metadata', w.p ->> 'holdId', NULL::text, (w.p ->> 'createdAt')::bigint, w.p -> 'request', ca.amount,
        (w.p ->> 'slot')::integer, (w.p ->> 'maxBalance')::bigint, w.p ->> 'holdId', '[]'::jsonb) END AS params) c
    -- Whether the id is taken.
    LEFT JOIN LATERAL (SELECT true AS taken FROM ${t.transactions} x WHERE x.id = w.tx LIMIT 1) xt ON true
    LEFT JOIN LATERAL (SELECT true AS taken FROM ${t.holds} o
      WHERE w.kind = 'placeHold' AND o.id = w.hold_id LIMIT 1) ht ON true
    CROSS JOIN LATERAL (SELECT CASE
      WHEN w.kind = 'commit' AND w.uses = 1 AND w.p ->> 13 IS NULL AND jsonb_array_length(w.p -> 14) = 0
        AND xt.taken IS NULL
        AND NOT (ARRAY(SELECT jsonb_array_elements_text(w.p -> 1)) && expired_accounts) THEN 'commit'
      WHEN w.kind = 'capture' AND w.uses = 1 AND w.hold_uses = 1
        AND h.status = 'open' AND h.expires_at > (w.p ->> 'createdAt')::bigint
        AND NOT COALESCE(ca.amount > h.amount OR h.account_id = w.p ->> 'to' OR cc.commission > ca.amount
          OR (ca.split AND w.p ->> 'platform' IN (h.account_id, w.p ->> 'to')), false)
        AND xt.taken IS NULL
        AND NOT (ARRAY[h.account_id, w.p ->> 'to', w.p ->> 'platform'] && expired_accounts) THEN 'capture'
      WHEN w.kind = 'capture' AND w.uses = 1 AND w.hold_uses = 1 AND xt.taken IS NULL
        AND NOT (h.status IS NOT DISTINCT FROM 'open' AND h.expires_at > (w.p ->> 'createdAt')::bigint
          AND NOT COALESCE(ca.amount > h.amount OR h.account_id = w.p ->> 'to' OR cc.commission > ca.amount
            OR (ca.split AND w.p ->> 'platform' IN (h.account_id, w.p ->> 'to')), false)) THEN 'refuse'
      WHEN w.kind = 'placeHold' AND w.hold_uses = 1
        AND (w.p ->> 'expiresAt')::bigint > (w.p ->> 'createdAt')::bigint
        AND ht.taken IS NULL
        AND NOT (ARRAY[w.p ->> 'accountId'] && expired_accounts) THEN 'place'
      WHEN w.kind IN ('releaseHold', 'voidHold') AND w.hold_uses = 1 AND h.status = 'open'
        AND h.expires_at > COALESCE(w.p ->> 'now', w.p ->> 'createdAt')::bigint THEN 'release'
      WHEN w.kind IN ('releaseHold', 'voidHold') AND w.hold_uses = 1 AND h.status <> 'open' THEN 'unreleased'
      END) m(mode)
  )
  SELECT array_agg(s.mode), array_agg(s.params), array_agg(s.hold_row), array_agg(s.reserved), array_agg(s.refusal),
    array_agg(s.stored_hold)
  INTO write_mode, write_params, write_hold_row, write_hold_amount, write_refusal, write_stored_hold
  FROM (
    SELECT d.n, d.mode, CASE d.mode WHEN 'commit' THEN d.p WHEN 'capture' THEN d.capture_params END AS params,
      CASE WHEN d.mode IN ('refuse', 'unreleased') THEN (SELECT to_jsonb(x) FROM ${t.holds} x
        WHERE x.id = COALESCE(d.p ->> 'holdId', d.p ->> 'id')) END AS stored_hold,
      r.k::integer AS hold_row,
      CASE WHEN d.mode IN ('capture', 'release') THEN d.hold_amount WHEN d.mode = 'place' THEN (d.p ->> 'amount')::bigint
        END AS reserved,
      CASE WHEN d.mode = 'place' AND a.id IS NULL THEN 'ACCOUNT_NOT_FOUND'
        WHEN d.mode = 'place' AND a.frozen THEN 'ACCOUNT_FROZEN' END AS refusal
    FROM decided d
    LEFT JOIN LATERAL (SELECT a.id, a.frozen FROM ${t.accounts} a
      WHERE d.mode = 'place' AND a.id = d.p ->> 'accountId' LIMIT 1) a ON true
    LEFT JOIN unnest(row_account, row_shard) WITH ORDINALITY r(account_id, shard, k)
      ON r.shard = 0 AND r.account_id = CASE WHEN d.mode IN ('capture', 'release') THEN d.hold_account
        WHEN d.mode = 'place' THEN d.p ->> 'accountId' END
    ORDER BY d.n
  ) s;
`;
}
