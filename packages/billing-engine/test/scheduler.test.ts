import { ManualClock } from '@jyotishconnect/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Scheduled, TickScheduler } from '../src/scheduler.js';

interface Item extends Scheduled {
  name: string;
}

function item(name: string): Item {
  return { name, slot: -1 };
}

function setup(options: { concurrency?: number; batchSize?: number; run?: (item: Item) => Promise<void> } = {}) {
  const clock = new ManualClock(0);
  const fired: Array<[string, number]> = [];
  const scheduler = new TickScheduler<Item>({
    clock,
    concurrency: options.concurrency ?? 16,
    batchSize: options.batchSize ?? 64,
    run: options.run ?? (async (it) => void fired.push([it.name, clock.now()])),
    onError: (error) => {
      throw error;
    },
  });
  return { clock, scheduler, fired };
}

describe('TickScheduler', () => {
  it('fires items in due order on one pending clock timer', async () => {
    const { clock, scheduler, fired } = setup();
    for (const [name, at] of [
      ['c', 300],
      ['a', 100],
      ['b', 200],
      ['a2', 100],
    ] as const) {
      scheduler.schedule(item(name), at);
      expect(clock.pendingTimers).toBe(1);
    }
    await clock.advance(1_000);
    expect(fired.map(([name]) => name).slice(2)).toEqual(['b', 'c']);
    expect(fired.slice(0, 2).map(([, at]) => at)).toEqual([100, 100]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('moves and cancels scheduled items', async () => {
    const { clock, scheduler, fired } = setup();
    const a = item('a');
    const b = item('b');
    scheduler.schedule(a, 100);
    scheduler.schedule(b, 200);
    scheduler.schedule(a, 300);
    scheduler.cancel(b);
    scheduler.cancel(b);
    await clock.advance(1_000);
    expect(fired).toEqual([['a', 300]]);
  });

  it('ticks due together are taken in batches and all processed', async () => {
    const { clock, scheduler, fired } = setup({ batchSize: 10 });
    for (let i = 0; i < 95; i++) scheduler.schedule(item(`i${i}`), 50);
    await clock.advance(50);
    await scheduler.idle();
    expect(fired).toHaveLength(95);
  });

  it('a slow item holds one slot; the others keep being processed', async () => {
    let release = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const done: string[] = [];
    const { clock, scheduler } = setup({
      concurrency: 2,
      run: async (it) => {
        if (it.name === 'slow') await slow;
        done.push(it.name);
      },
    });
    scheduler.schedule(item('slow'), 10);
    for (let i = 0; i < 20; i++) scheduler.schedule(item(`fast${i}`), 10 + i);
    await clock.advance(100);
    expect(done).toHaveLength(20);
    expect(scheduler.running).toBe(1);
    release();
    await scheduler.idle();
    expect(done.at(-1)).toBe('slow');
  });

  it('never runs more items at once than its concurrency', async () => {
    let running = 0;
    let peak = 0;
    const { clock, scheduler } = setup({
      concurrency: 3,
      run: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
      },
    });
    for (let i = 0; i < 30; i++) scheduler.schedule(item(`i${i}`), 5);
    await clock.advance(5);
    await scheduler.idle();
    expect(peak).toBe(3);
  });

  it('any sequence of schedules, moves and cancels fires each live item once, in time order', async () => {
    const op = fc.record({
      item: fc.integer({ min: 0, max: 30 }),
      at: fc.integer({ min: 0, max: 500 }),
      cancel: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 120 }), async (ops) => {
        const { clock, scheduler, fired } = setup({ concurrency: 1 });
        const items = Array.from({ length: 31 }, (_, i) => item(`i${i}`));
        const model = new Map<string, number>();
        for (const { item: index, at, cancel } of ops) {
          const target = items[index] as Item;
          if (cancel) {
            scheduler.cancel(target);
            model.delete(target.name);
          } else {
            scheduler.schedule(target, at);
            model.set(target.name, at);
          }
        }
        await clock.advance(1_000);
        await scheduler.idle();
        expect(fired.map(([, at]) => at)).toEqual([...fired.map(([, at]) => at)].sort((a, b) => a - b));
        expect(new Map(fired)).toEqual(model);
        expect(fired).toHaveLength(model.size);
      }),
      { numRuns: 100 },
    );
  });
});
