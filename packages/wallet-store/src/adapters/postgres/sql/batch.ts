import type { BatchWrite } from '../../../store.js';
import type { WalletTables } from '../tables.js';
import { commitParams } from './commit.js';

/**
 * One batched write (a `BatchWrite` as {@link batchWriteJson} encodes it)
 * through the same functions and statements its one-by-one call uses, so a
 * batch and one-by-one calls cannot drift apart; a later billing tick can
 * call it for "capture interval k, hold k+1" in one transaction. Returns:
 * - commit, capture: `{currency}` for a new transaction, or `{transaction}`,
 *   the stored row with its request, for a used id (a capture's new row too);
 * - placeHold: `{created: true}`, or `{hold}`: the stored row, or null when an
 *   already expired placement found no hold of its id;
 * - releaseHold: `{release}` as `jc_wallet_release` returns it;
 * - voidHold: `{release}` when the hold exists, else `{voided: true}`.
 */
export function applyFunctionSql(t: WalletTables): string {
  return `
CREATE OR REPLACE FUNCTION ${t.apply}(w jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  p jsonb := w -> 'params';
  currency text;
  released jsonb;
BEGIN
  CASE w ->> 'type'
  WHEN 'commit' THEN
    currency := ${t.commit}(p ->> 0, ARRAY(SELECT jsonb_array_elements_text(p -> 1)),
      ARRAY(SELECT jsonb_array_elements_text(p -> 2)::bigint), p ->> 3, (p ->> 4)::jsonb, (p ->> 5)::jsonb, p ->> 6,
      p ->> 7, (p ->> 8)::bigint, (p ->> 9)::jsonb, (p ->> 10)::bigint, (p ->> 11)::integer, (p ->> 12)::bigint,
      p ->> 13, '{}'::text[], '{}'::bigint[], '{}'::bigint[]);
  WHEN 'capture' THEN
    currency := ${t.capture}(p ->> 'id', p ->> 'holdId', p ->> 'to', p ->> 'platform', (p ->> 'bps')::integer,
      (p ->> 'commission')::bigint, (p ->> 'amount')::bigint, p -> 'metadata', (p ->> 'createdAt')::bigint,
      p -> 'request', (p ->> 'slot')::integer, (p ->> 'maxBalance')::bigint);
    RETURN jsonb_build_object('transaction', (SELECT to_jsonb(x) FROM ${t.transactions} x WHERE x.id = p ->> 'id'),
      'created', currency IS NOT NULL);
  WHEN 'placeHold' THEN
    IF (p ->> 'expiresAt')::bigint > (p ->> 'createdAt')::bigint AND ${t.placeHold}(p ->> 'id', p ->> 'accountId',
        (p ->> 'amount')::bigint, (p ->> 'expiresAt')::bigint, p -> 'metadata', (p ->> 'createdAt')::bigint,
        p -> 'request') THEN
      RETURN jsonb_build_object('created', true);
    END IF;
    RETURN jsonb_build_object('hold', (SELECT to_jsonb(h) FROM ${t.holds} h WHERE h.id = p ->> 'id'));
  WHEN 'releaseHold' THEN
    RETURN jsonb_build_object('release', ${t.release}(p ->> 'holdId', (p ->> 'now')::bigint));
  WHEN 'voidHold' THEN
    LOOP
      released := ${t.release}(p ->> 'id', (p ->> 'createdAt')::bigint);
      IF released IS NOT NULL THEN
        RETURN jsonb_build_object('release', released);
      END IF;
      INSERT INTO ${t.holds} (id, account_id, amount, status, captured_amount, capture_transaction_id, expires_at,
        metadata, created_at, request)
      VALUES (p ->> 'id', p ->> 'accountId', 0, 'released', 0, NULL, (p ->> 'createdAt')::bigint, '{}'::jsonb,
        (p ->> 'createdAt')::bigint, p -> 'request')
      ON CONFLICT (id) DO NOTHING;
      IF FOUND THEN
        RETURN jsonb_build_object('voided', true);
      END IF;
    END LOOP;
  END CASE;
  IF currency IS NOT NULL THEN
    RETURN jsonb_build_object('currency', currency);
  END IF;
  RETURN jsonb_build_object('transaction', (SELECT to_jsonb(x) FROM ${t.transactions} x WHERE x.id = p ->> 0));
END $fn$`;
}

/** The call of `jc_wallet_commit_many` (commit-many.ts): one row whose `outcomes` is a JSON array, one per write. */
export function commitManySql(t: WalletTables): string {
  return `SELECT ${t.commitMany}($1::jsonb, $2::text[], $3::text[]) AS outcomes`;
}

/** The accounts a batch names and the holds it captures or releases: what `jc_wallet_commit_many` locks first. */
export function batchLocks(writes: readonly BatchWrite[]): { accounts: string[]; holdIds: string[] } {
  const accounts = new Set<string>();
  const holdIds = new Set<string>();
  for (const write of writes) {
    if (write.type === 'commit')
      for (const posting of write.entry.transaction.postings) accounts.add(posting.accountId);
    else if (write.type === 'capture') {
      accounts.add(write.capture.to).add(write.capture.platform);
      holdIds.add(write.capture.holdId);
    } else if (write.type === 'releaseHold') holdIds.add(write.holdId);
    else {
      accounts.add(write.hold.accountId);
      holdIds.add(write.hold.id);
    }
  }
  return { accounts: [...accounts], holdIds: [...holdIds] };
}

/** One write as {@link applyFunctionSql} reads it. */
export function batchWriteJson(write: BatchWrite): { type: string; params: unknown } {
  switch (write.type) {
    case 'commit':
      // JSON values, not JSON text inside the batch's JSON: encoded once, and stored by the batch without
      // parsing them again; `jc_wallet_apply` reads either form (`->>`, then a cast to jsonb).
      return { type: 'commit', params: commitParams(write.entry, (value) => value) };
    case 'capture': {
      const { capture } = write;
      const commission = capture.commission;
      return {
        type: 'capture',
        params: {
          id: capture.id,
          holdId: capture.holdId,
          to: capture.to,
          platform: capture.platform,
          bps: commission && 'commissionBps' in commission ? commission.commissionBps : null,
          commission: commission && 'commission' in commission ? commission.commission : null,
          amount: capture.amount,
          metadata: capture.metadata,
          createdAt: write.createdAt,
          request: capture.request,
          slot: write.slot,
          maxBalance: write.maxBalance,
        },
      };
    }
    case 'placeHold':
      return { type: 'placeHold', params: { ...write.hold, request: write.request } };
    case 'releaseHold':
      return { type: 'releaseHold', params: { holdId: write.holdId, now: write.now } };
    case 'voidHold':
      return {
        type: 'voidHold',
        params: {
          id: write.hold.id,
          accountId: write.hold.accountId,
          createdAt: write.hold.createdAt,
          request: write.request,
        },
      };
  }
}
