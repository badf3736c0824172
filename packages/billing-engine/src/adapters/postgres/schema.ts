import { type Migration, migrate, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { billingTables } from './tables.js';
import { updateSessionsFunctionSql } from './update-sessions.js';

function migrations(schema: string): Migration[] {
  const t = billingTables(schema);
  return [
    {
      version: 1,
      statements: [
        // Money and instants are bigint; the record's fields map one to one onto columns.
        `CREATE TABLE ${t.sessions} (
           id text PRIMARY KEY, user_id text NOT NULL, consultant_id text NOT NULL, service text NOT NULL,
           source text NOT NULL, status text NOT NULL, end_reason text,
           rate_per_minute bigint NOT NULL, commission_bps integer NOT NULL, free_seconds bigint NOT NULL,
           requested_at bigint NOT NULL, request_expires_at bigint NOT NULL,
           accepted_at bigint, paused_at bigint, ended_at bigint, served_ms bigint NOT NULL,
           interval_index bigint NOT NULL, interval_started_at bigint NOT NULL, interval_planned_ms bigint NOT NULL,
           closing_index bigint NOT NULL, closing_from_ms bigint NOT NULL, closing_to_ms bigint NOT NULL,
           closing_planned_ms bigint NOT NULL, next_index bigint NOT NULL, intervals bigint NOT NULL,
           user_charged bigint NOT NULL, promo_charged bigint NOT NULL, consultant_share bigint NOT NULL,
           commission bigint NOT NULL, low_balance boolean NOT NULL, version bigint NOT NULL,
           lease_owner text, lease_until bigint NOT NULL, checkpoint_at bigint NOT NULL)`,
        // One open session per user, enforced by the database itself.
        `CREATE UNIQUE INDEX jc_billing_sessions_open_user ON ${t.sessions} (user_id) WHERE status <> 'ended'`,
        `CREATE INDEX jc_billing_sessions_open_consultant ON ${t.sessions} (consultant_id) WHERE status <> 'ended'`,
        `CREATE INDEX jc_billing_sessions_lease ON ${t.sessions} (lease_until, id) WHERE status <> 'ended'`,
        `CREATE INDEX jc_billing_sessions_accepted_user ON ${t.sessions} (user_id) WHERE accepted_at IS NOT NULL`,
        `CREATE TABLE ${t.waitlist} (
           seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, user_id text NOT NULL UNIQUE,
           consultant_id text NOT NULL, service text NOT NULL, joined_at bigint NOT NULL)`,
        `CREATE INDEX jc_billing_waitlist_consultant ON ${t.waitlist} (consultant_id, seq)`,
      ],
    },
    {
      version: 2,
      statements: [
        // Presence is part of a session: each side's absence window, and why it is paused.
        `ALTER TABLE ${t.sessions} ADD COLUMN pause_reason text, ADD COLUMN user_away_since bigint,
           ADD COLUMN user_back_at bigint, ADD COLUMN consultant_away_since bigint, ADD COLUMN consultant_back_at bigint`,
      ],
    },
    {
      version: 3,
      // Reports read the sessions accepted in a window.
      statements: [
        `CREATE INDEX jc_billing_sessions_accepted_at ON ${t.sessions} (accepted_at) WHERE accepted_at IS NOT NULL`,
      ],
    },
    {
      version: 4,
      // A consultation can switch service mid-session: where the current rate began, the rate before it, and an offer.
      statements: [
        `ALTER TABLE ${t.sessions} ADD COLUMN rate_from_seconds bigint NOT NULL DEFAULT 0,
           ADD COLUMN rate_from_index bigint NOT NULL DEFAULT 0,
           ADD COLUMN previous_rate_per_minute bigint NOT NULL DEFAULT 0,
           ADD COLUMN previous_rate_from_seconds bigint NOT NULL DEFAULT 0, ADD COLUMN offered_service text`,
      ],
    },
    {
      version: 5,
      // A tick rewrites its session with a new lease and checkpoint and no other indexed value. Without an index
      // on the lease, that write stays on its page (a HOT update) and touches none of the indexes, and free space
      // left on each page makes room for it. The takeover scan finds open sessions through the other partial
      // indexes of open rows: its `lease_until <= now OR lease_owner = me` never let it seek the lease index.
      statements: [
        `DROP INDEX IF EXISTS ${quoteIdent(schema)}.jc_billing_sessions_lease`,
        `ALTER TABLE ${t.sessions} SET (fillfactor = 70)`,
      ],
    },
    // A tick's batched session write, planned once per connection instead of on every call.
    { version: 6, statements: [updateSessionsFunctionSql(t)] },
  ];
}

/**
 * Creates or upgrades the billing-engine tables in `schema` (default `public`).
 * Idempotent, and safe when several processes start at once.
 *
 * @example
 * ```ts
 * await migrateBillingStore(fromPg(new pg.Pool({ connectionString })));
 * ```
 */
export async function migrateBillingStore(db: SqlExecutor, options: { schema?: string } = {}): Promise<void> {
  const schema = options.schema ?? 'public';
  await migrate(db, { schema, component: 'billing-engine', migrations: migrations(schema) });
}
