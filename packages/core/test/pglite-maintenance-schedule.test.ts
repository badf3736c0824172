import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJyotishError } from '../src/errors.js';
import { ManualClock } from '../src/manual-clock.js';
import { fromPGlite } from '../src/pglite.js';
import type { PGliteMaintenanceReport } from '../src/pglite-maintenance.js';
import { schedulePGliteMaintenance } from '../src/pglite-maintenance-schedule.js';
import type { SqlExecutor } from '../src/sql.js';

/** The first statement of every pass. */
const PASS_START = 'SELECT pg_stat_force_next_flush()';

/**
 * `db`, with each pass's first statement seen and, while `gate` is set, held
 * until it resolves: a pass the test can keep running as long as it likes.
 */
function watched(db: SqlExecutor) {
  const state = { passes: 0, gate: null as Promise<void> | null, failNext: null as Error | null };
  const executor: SqlExecutor = {
    ...db,
    query: async (text, params, options) => {
      if (text === PASS_START) {
        state.passes += 1;
        if (state.failNext) {
          const error = state.failNext;
          state.failNext = null;
          throw error;
        }
        if (state.gate) await state.gate;
      }
      return db.query(text, params, options) as never;
    },
  };
  return { executor, state };
}

/** Lets a pass that has settled finish its bookkeeping (callbacks, next timer). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('schedulePGliteMaintenance', () => {
  const pglite = new PGlite();
  const db = fromPGlite(pglite);
  beforeAll(async () => {
    await db.query('CREATE TABLE ledger (id int PRIMARY KEY, amount bigint NOT NULL)');
    await db.query('INSERT INTO ledger SELECT g, 100 FROM generate_series(1, 2000) AS g');
  });
  afterAll(() => pglite.close());

  it('runs a pass each interval on the clock, reports it, and never starts one beside another', async () => {
    const clock = new ManualClock();
    const { executor, state } = watched(db);
    const reports: Array<[PGliteMaintenanceReport, number]> = [];
    let release = () => {};
    state.gate = new Promise((resolve) => {
      release = resolve;
    });
    const stop = schedulePGliteMaintenance(executor, {
      everyMs: 10 * 60_000,
      clock,
      onPass: (report, ms) => reports.push([report, ms]),
      onError: (error) => {
        throw error;
      },
    });
    await clock.advance(9 * 60_000);
    expect(state.passes).toBe(0);
    await clock.advance(60_000);
    expect(state.passes).toBe(1);
    // The pass is held: however much time goes by, no second one starts beside it.
    await clock.advance(60 * 60_000);
    expect(state.passes).toBe(1);
    state.gate = null;
    release();
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]?.[0].vacuumed).toEqual(['public.ledger']);
    expect(reports[0]?.[0].analyzed).toEqual(['public.ledger']);
    // The next pass is timed from the end of the last: 61 minutes went by, none is due yet.
    await settle();
    await clock.advance(10 * 60_000 - 1);
    expect(state.passes).toBe(1);
    await clock.advance(1);
    expect(state.passes).toBe(2);
    await stop();
    expect(reports).toHaveLength(2);
    expect(reports[1]?.[0].vacuumed).toEqual([]); // nothing changed since the first pass
  });

  it('stop waits for the pass in flight, and no pass starts after it', async () => {
    const clock = new ManualClock();
    const { executor, state } = watched(db);
    let release = () => {};
    state.gate = new Promise((resolve) => {
      release = resolve;
    });
    let finished = 0;
    const stop = schedulePGliteMaintenance(executor, { clock, onPass: () => finished++, onError: () => {} });
    await clock.advance(60_000);
    expect(state.passes).toBe(1);
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).toBe(false); // the database must not close under the pass
    release();
    await stopping;
    expect(finished).toBe(1);
    await clock.advance(24 * 60 * 60_000);
    expect(state.passes).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('tells onError of a failed pass and runs the next one on schedule', async () => {
    const clock = new ManualClock();
    const { executor, state } = watched(db);
    const failure = new Error('disk full');
    state.failNext = failure;
    const errors: unknown[] = [];
    const reports: PGliteMaintenanceReport[] = [];
    const stop = schedulePGliteMaintenance(executor, {
      clock,
      onPass: (report) => reports.push(report),
      onError: (error) => errors.push(error),
    });
    await clock.advance(60_000);
    await settle();
    expect(errors).toEqual([failure]);
    expect(reports).toEqual([]);
    await clock.advance(60_000);
    await expect.poll(() => reports.length).toBe(1);
    await stop();
    expect(errors).toHaveLength(1);
    expect(state.passes).toBe(2);
  });

  it.each([
    ['everyMs', { everyMs: 999 }],
    ['everyMs', { everyMs: 1_500.5 }],
    ['everyMs', { everyMs: 86_400_001 }],
    ['statisticsTarget', { statisticsTarget: 0 }],
    ['freezeAfterXids', { freezeAfterXids: -1 }],
  ])('refuses %s out of range at once, scheduling nothing', (option, bad) => {
    const clock = new ManualClock();
    let thrown: unknown;
    try {
      schedulePGliteMaintenance(db, { clock, onError: () => {}, ...bad });
    } catch (error) {
      thrown = error;
    }
    expect(isJyotishError(thrown) && thrown.code).toBe('INVALID_MAINTENANCE_OPTION');
    expect(isJyotishError(thrown) && thrown.details).toMatchObject({ option });
    expect(clock.pendingTimers).toBe(0);
  });
});
