import { SESSION_COLUMNS, SESSION_UPDATE_COLUMNS } from './rows.js';
import type { BillingTables } from './tables.js';

/**
 * The batched compare-and-set of sessions as a function (billing migration 6, replaced by later
 * ones should the columns change): each row of `batch` replaces its session only from its expected
 * version; returns the ids written. A plain statement was parsed and planned on every call, which
 * on PGlite cost more than the update itself (0.83–0.99 ms a call of five sessions against 0.40–0.41
 * ms through this function). PL/pgSQL keeps the plan per connection, forced generic, and without
 * sequential scans it stays a lookup by key however the table grew since statistics were last taken.
 * `ids` repeats the batch's ids as an array, for that lookup.
 */
export function updateSessionsFunctionSql(t: BillingTables): string {
  const assignments = SESSION_COLUMNS.slice(1)
    .map((column) => `${column} = r.${column}`)
    .join(', ');
  return `CREATE OR REPLACE FUNCTION ${t.updateSessions}(batch jsonb, ids text[]) RETURNS SETOF text
    LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $fn$
    BEGIN
      RETURN QUERY UPDATE ${t.sessions} AS s SET ${assignments}
        FROM jsonb_to_recordset(batch) AS r(${SESSION_UPDATE_COLUMNS})
        WHERE s.id = ANY(ids) AND s.id = r.id AND s.version = r.expected_version RETURNING s.id;
    END $fn$`;
}
