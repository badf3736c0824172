import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/manual-clock.js';

describe('ManualClock', () => {
  it('fires timers in due order and only when time reaches them', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@20'), 20);
    clock.setTimeout(() => fired.push('a@10'), 10);
    clock.setTimeout(() => fired.push('c@30'), 30);
    await clock.advance(19);
    expect(fired).toEqual(['a@10']);
    await clock.advance(11);
    expect(fired).toEqual(['a@10', 'b@20', 'c@30']);
    expect(clock.now()).toBe(30);
  });

  it('shows each timer the time it was due at, and fires timers scheduled by timers', async () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    const tick = () => {
      seen.push(clock.now());
      if (seen.length < 4) clock.setTimeout(tick, 15);
    };
    clock.setTimeout(tick, 15);
    await clock.advance(100);
    expect(seen).toEqual([15, 30, 45, 60]);
  });

  it('a cleared timer never fires', async () => {
    const clock = new ManualClock(0);
    let fired = false;
    const handle = clock.setTimeout(() => {
      fired = true;
    }, 5);
    clock.clearTimeout(handle);
    await clock.advance(10);
    expect(fired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('lets promise chains started by a timer settle before the next timer fires', async () => {
    const clock = new ManualClock(0);
    const order: string[] = [];
    clock.setTimeout(async () => {
      await Promise.resolve();
      await Promise.resolve();
      order.push('first finished');
    }, 1);
    clock.setTimeout(() => order.push('second started'), 2);
    await clock.advance(5);
    expect(order).toEqual(['first finished', 'second started']);
  });
});
