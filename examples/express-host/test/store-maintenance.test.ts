import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type PGliteMaintenanceReport, type PGliteMaintenanceSchedule } from '@jyotishconnect/core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleStoreMaintenance, TEMPLATE_XID_AGE_WARNING } from '../src/store-maintenance.js';
import { type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';

interface LogLine {
  level: number;
  msg: string;
  analyzed?: string[];
  vacuumed?: string[];
  froze?: boolean;
  xidAge?: number;
  ms?: number;
  err?: { message: string };
}
const DEBUG = 20;
const INFO = 30;
const WARN = 40;
const ERROR = 50;

function capturedLogger(level = 'debug') {
  const lines: LogLine[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

const report = (overrides: Partial<PGliteMaintenanceReport> = {}): PGliteMaintenanceReport => ({
  vacuumed: [],
  analyzed: [],
  froze: false,
  xidAge: 1_000,
  otherDatabasesXidAge: 1_000,
  ...overrides,
});

/** A store whose passes the test runs by hand: it keeps the schedule the host asked for. */
function storeWithPasses() {
  const asked: PGliteMaintenanceSchedule[] = [];
  let stops = 0;
  const stores = {
    scheduleMaintenance: (schedule: PGliteMaintenanceSchedule) => {
      asked.push(schedule);
      return async () => {
        stops += 1;
      };
    },
  };
  return { stores, asked, stops: () => stops };
}

describe('scheduleStoreMaintenance', () => {
  it('asks the store for a pass every configured minutes on the host clock, and stops it', async () => {
    const clock = new ManualClock();
    const { logger } = capturedLogger();
    const { stores, asked, stops } = storeWithPasses();
    const stop = scheduleStoreMaintenance(stores, 10, clock, logger);
    expect(asked).toEqual([expect.objectContaining({ everyMs: 10 * 60_000, clock })]);
    await stop();
    expect(stops()).toBe(1);
  });

  it('logs a routine pass at debug, a freeze or a slow pass at info, a failure as an error', () => {
    const { logger, lines } = capturedLogger();
    const { stores, asked } = storeWithPasses();
    scheduleStoreMaintenance(stores, 1, new ManualClock(), logger);
    const schedule = asked[0] as PGliteMaintenanceSchedule;
    schedule.onPass?.(report({ vacuumed: ['wallet.holds'], analyzed: ['wallet.holds'] }), 40);
    schedule.onError(new Error('disk full'));
    schedule.onPass?.(report({ froze: true }), 300);
    schedule.onPass?.(report(), 1_000);
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [DEBUG, 'database maintenance'],
      [ERROR, 'database maintenance failed'],
      [INFO, 'database maintenance'],
      [INFO, 'database maintenance'],
    ]);
    expect(lines[0]).toMatchObject({ vacuumed: ['wallet.holds'], analyzed: ['wallet.holds'], froze: false, ms: 40 });
    expect(lines[1]).toMatchObject({ err: { message: 'disk full' } });
    expect(lines[3]).toMatchObject({ ms: 1_000 });
  });

  it('warns when the template databases need the restart that freezes them', () => {
    const { logger, lines } = capturedLogger('info');
    const { stores, asked } = storeWithPasses();
    scheduleStoreMaintenance(stores, 1, new ManualClock(), logger);
    const schedule = asked[0] as PGliteMaintenanceSchedule;
    schedule.onPass?.(report({ otherDatabasesXidAge: TEMPLATE_XID_AGE_WARNING }), 10);
    expect(lines.filter((line) => line.level === WARN)).toHaveLength(0);
    schedule.onPass?.(report({ otherDatabasesXidAge: TEMPLATE_XID_AGE_WARNING + 1 }), 10);
    expect(lines.filter((line) => line.level === WARN)).toEqual([
      expect.objectContaining({ otherDatabasesXidAge: TEMPLATE_XID_AGE_WARNING + 1 }),
    ]);
  });

  it('schedules nothing at 0 minutes or for a store without passes', async () => {
    const { logger } = capturedLogger();
    const { stores, asked } = storeWithPasses();
    const stopOff = scheduleStoreMaintenance(stores, 0, new ManualClock(), logger);
    const stopNone = scheduleStoreMaintenance({}, 1, new ManualClock(), logger);
    await Promise.all([stopOff(), stopNone()]);
    expect(asked).toEqual([]);
  });
});

describe.each(MODES)('in %s mode, the host maintains its embedded database while billing runs', (mode) => {
  let t: TestHost;
  let cast: Cast;
  let dataDir: string;
  const { logger, lines } = capturedLogger();
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jc-maintenance-'));
    t = await startTestHost(mode, {
      env: { STORE: 'pglite', DATA_DIR: dataDir, PGLITE_MAINTENANCE_MINUTES: '1' },
      logger,
    });
    cast = await castOf(t);
  });
  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('vacuums and analyzes the tables billing writes, between ticks, and bills exactly', async () => {
    const passCount = () => lines.filter((line) => line.msg.startsWith('database maintenance')).length;
    const { body: requested } = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    await t.call('POST', `/api/consultations/${requested.id}/accept`, { token: cast.guru.token });
    // Three minutes of ticks at 1 s, a pass each minute among them, on the same database connection.
    for (let minute = 1; minute <= 3; minute++) {
      await t.advance(60_000);
      await expect.poll(passCount).toBe(minute);
    }
    const ended = await t.call('POST', `/api/consultations/${requested.id}/end`, { token: cast.asha.token });
    expect(ended.body.summary).toMatchObject({ secondsBilled: 180, userCharged: 3_000 });
    const passes = lines.filter((line) => line.msg.startsWith('database maintenance'));
    expect(passes.every((pass) => pass.froze === false && (pass.xidAge ?? 0) > 0)).toBe(true);
    expect(passes.flatMap((pass) => pass.analyzed ?? [])).toContain('billing.jc_billing_sessions');
    expect(lines.filter((line) => line.level >= WARN)).toEqual([]);
    expect((await t.call('GET', '/api/wallet', { token: cast.asha.token })).body.balance).toBe(50_000 - 3_000);
  });
});
