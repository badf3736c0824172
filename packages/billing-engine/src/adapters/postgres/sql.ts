import { SESSION_COLUMNS } from './rows.js';
import { billingTables } from './tables.js';

const OPEN = `status <> 'ended'`;

/** Every statement of the adapter, for the tables in `schema`: fixed texts, each prepared once per connection. */
export function billingStatements(schema: string) {
  const t = billingTables(schema);
  const columns = SESSION_COLUMNS.join(', ');
  const placeholders = SESSION_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
  const assignments = SESSION_COLUMNS.slice(1)
    .map((column, i) => `${column} = $${i + 2}`)
    .join(', ');
  const versionParam = `$${SESSION_COLUMNS.length + 1}`;
  return {
    // Serializes the capacity check of one consultant across connections and processes.
    lockConsultant: `SELECT pg_advisory_xact_lock(hashtextextended('jc_billing:' || $1, 0))`,
    insertChecks: `SELECT
        EXISTS (SELECT 1 FROM ${t.sessions} WHERE id = $1) AS duplicate,
        EXISTS (SELECT 1 FROM ${t.sessions} WHERE user_id = $2 AND ${OPEN}) AS user_busy,
        (SELECT count(*) FROM ${t.sessions} WHERE consultant_id = $3 AND ${OPEN}) AS consultant_open`,
    insert: `INSERT INTO ${t.sessions} (${columns}) VALUES (${placeholders})`,
    get: `SELECT ${columns} FROM ${t.sessions} WHERE id = $1`,
    update: `UPDATE ${t.sessions} SET ${assignments} WHERE id = $1 AND version = ${versionParam} RETURNING 1 AS ok`,
    // Many compare-and-sets in one call: each row of $1 replaces its session only from its expected version.
    updateMany: `SELECT id FROM ${t.updateSessions}($1::jsonb, $2::text[]) AS id`,
    openByUser: `SELECT ${columns} FROM ${t.sessions} WHERE user_id = $1 AND ${OPEN}`,
    openByConsultant: `SELECT ${columns} FROM ${t.sessions} WHERE consultant_id = $1 AND ${OPEN} ORDER BY requested_at, id`,
    claimable: `SELECT ${columns} FROM ${t.sessions}
      WHERE ${OPEN} AND (lease_until <= $1 OR lease_owner = $2) ORDER BY lease_until, id LIMIT $3`,
    // Open rows only: the planner walks a partial index of open sessions, never the ended ones.
    countByStatus: `SELECT status, count(*) AS sessions FROM ${t.sessions} WHERE ${OPEN} GROUP BY status`,
    accepted: `SELECT EXISTS (SELECT 1 FROM ${t.sessions} WHERE user_id = $1 AND accepted_at IS NOT NULL) AS accepted`,
    acceptedWith: `SELECT EXISTS (SELECT 1 FROM ${t.sessions}
      WHERE user_id = $1 AND consultant_id = $2 AND accepted_at IS NOT NULL) AS accepted`,
    enqueue: `INSERT INTO ${t.waitlist} (id, user_id, consultant_id, service, joined_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (user_id) DO NOTHING RETURNING id`,
    dequeue: `DELETE FROM ${t.waitlist} WHERE id = $1 RETURNING id`,
    queue: `SELECT id, user_id, consultant_id, service, joined_at FROM ${t.waitlist} WHERE consultant_id = $1 ORDER BY seq`,
    // Mirrors `reportOf` (report.ts): whole seconds per session, days in the time zone $4, keys in code-unit order.
    report: `SELECT * FROM (SELECT CASE WHEN $3 = 'consultant' THEN consultant_id
        ELSE to_char(to_timestamp(accepted_at / 1000.0) AT TIME ZONE $4, 'YYYY-MM-DD') END AS key,
        count(*) AS sessions, sum(served_ms / 1000) AS seconds, sum(user_charged) AS user_charged,
        sum(promo_charged) AS promo_charged, sum(consultant_share) AS consultant_share, sum(commission) AS commission
      FROM ${t.sessions}
      WHERE accepted_at >= $1 AND accepted_at < $2 AND ($5::text IS NULL OR consultant_id = $5)
      GROUP BY 1) AS report ORDER BY key COLLATE "C"`,
    entryOf: `SELECT id, user_id, consultant_id, service, joined_at FROM ${t.waitlist} WHERE user_id = $1`,
  };
}
