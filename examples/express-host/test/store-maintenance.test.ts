import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type PGliteMaintenanceReport } from '@jyotishconnect/core';
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

/** Lets a pass that has settled finish its bookkeeping (log, next timer). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('scheduleStoreMaintenance', () => {
  it('runs a pass each interval, never two at once, and none after stop', async () => {
    const clock = new ManualClock();
    const { logger, lines } = capturedLogger();
    let passes = 0;
    let finishPass = () => {};
    const stop = scheduleStoreMaintenance(
      {
        maintain: () => {
          passes += 1;
          return new Promise((resolve) => {
            finishPass = () => resolve(report({ analyzed: ['billing.sessions'] }));
          });
        },
      },
      10,
      clock,
      logger,
    );
    await clock.advance(9 * 60_000);
    expect(passes).toBe(0);
    await clock.advance(60_000);
    expect(passes).toBe(1);
    // The pass is still running: however much time goes by, no second one starts beside it.
    await clock.advance(60 * 60_000);
    expect(passes).toBe(1);
    finishPass();
    await settle();
    expect(lines.filter((line) => line.msg === 'database maintenance')).toHaveLength(1);
    await clock.advance(10 * 60_000);
    expect(passes).toBe(2);

    const stopped = stop();
    let stopDone = false;
    void stopped.then(() => {
      stopDone = true;
    });
    await settle();
    expect(stopDone).toBe(false); // the database must not close under the pass in flight
    finishPass();
    await stopped;
    await clock.advance(60 * 60_000);
    expect(passes).toBe(2);
  });

  it('logs a routine pass at debug, a freeze or a slow pass at info, a failure as an error, and goes on', async () => {
    const clock = new ManualClock();
    const { logger, lines } = capturedLogger();
    const outcomes: Array<() => Promise<PGliteMaintenanceReport>> = [
      async () => report({ vacuumed: ['wallet.holds'], analyzed: ['wallet.holds'] }),
      async () => {
        throw new Error('disk full');
      },
      async () => report({ froze: true }),
      async () => {
        await clock.advance(1_000); // a pass that held the database for a second
        return report();
      },
    ];
    const stop = scheduleStoreMaintenance({ maintain: () => (outcomes.shift() as () => never)() }, 1, clock, logger);
    for (let i = 0; i < 4; i++) {
      await clock.advance(60_000);
      await settle();
    }
    await stop();
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [DEBUG, 'database maintenance'],
      [ERROR, 'database maintenance failed'],
      [INFO, 'database maintenance'],
      [INFO, 'database maintenance'],
    ]);
    expect(lines[0]).toMatchObject({ vacuumed: ['wallet.holds'], analyzed: ['wallet.holds'], froze: false, ms: 0 });
    expect(lines[3]).toMatchObject({ ms: 1_000 });
  });

  it('warns when the template databases need the restart that freezes them', async () => {
    const clock = new ManualClock();
    const { logger, lines } = capturedLogger('info');
    const ages = [TEMPLATE_XID_AGE_WARNING, TEMPLATE_XID_AGE_WARNING + 1];
    const stop = scheduleStoreMaintenance(
      { maintain: async () => report({ otherDatabasesXidAge: ages.shift() as number }) },
      1,
      clock,
      logger,
    );
    await clock.advance(60_000);
    await settle();
    expect(lines.filter((line) => line.level === WARN)).toHaveLength(0);
    await clock.advance(60_000);
    await settle();
    await stop();
    expect(lines.filter((line) => line.level === WARN)).toEqual([
      expect.objectContaining({ otherDatabasesXidAge: TEMPLATE_XID_AGE_WARNING + 1 }),
    ]);
  });

  it('schedules nothing at 0 minutes or for a store without a pass', async () => {
    const clock = new ManualClock();
    const { logger } = capturedLogger();
    let passes = 0;
    const maintain = async () => {
      passes += 1;
      return report();
    };
    const stopOff = scheduleStoreMaintenance({ maintain }, 0, clock, logger);
    const stopNone = scheduleStoreMaintenance({}, 1, clock, logger);
    await clock.advance(24 * 60 * 60_000);
    await Promise.all([stopOff(), stopNone()]);
    expect(passes).toBe(0);
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
