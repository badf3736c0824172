import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueAt, intervalCharge, secondsCovered, splitIntervalCharge, userDueAt } from '../src/proration.js';

// Totals stay safe integers (below 2^53) for rates up to Rs 1 crore a minute over ten days.
const rate = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 1_000_000_000 }));
const seconds = fc.integer({ min: 0, max: 10 * 24 * 3600 });
/** Cut points of a session: sorted served-second totals at which intervals end. */
const cuts = fc.array(seconds, { maxLength: 60 }).map((points) => [0, ...points.sort((a, b) => a - b)]);

describe('dueAt', () => {
  it('is floor(rate * seconds / 60), exact when rate * seconds exceeds 2^53', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 100_000 }), (r, s) => {
        expect(dueAt(r, s)).toBe(Number((BigInt(r) * BigInt(s)) / 60n));
      }),
    );
  });

  it('thirty minutes at Rs 25 a minute is 75,000 paise', () => {
    expect(dueAt(2_500, 1_800)).toBe(75_000);
  });
});

describe('intervalCharge', () => {
  it('the charges of any cut of a session add up to due(total)', () => {
    fc.assert(
      fc.property(rate, cuts, (r, points) => {
        let total = 0;
        for (let i = 1; i < points.length; i++) {
          const charge = intervalCharge(r, points[i - 1] as number, points[i] as number);
          expect(charge).toBeGreaterThanOrEqual(0);
          total += charge;
        }
        expect(total).toBe(dueAt(r, points.at(-1) as number));
      }),
    );
  });

  it('never charges a rounded-up interval: 15 s at 1 paisa a minute is usually 0', () => {
    const charges = Array.from({ length: 8 }, (_, k) => intervalCharge(1, 15 * k, 15 * (k + 1)));
    expect(charges).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
  });
});

describe('splitIntervalCharge', () => {
  it('user and promotions parts add up to the interval charge and, over a session, split due(total) exactly', () => {
    fc.assert(
      fc.property(rate, fc.integer({ min: 0, max: 3_600 }), cuts, (r, free, points) => {
        let user = 0;
        let promo = 0;
        for (let i = 1; i < points.length; i++) {
          const from = points[i - 1] as number;
          const to = points[i] as number;
          const part = splitIntervalCharge(r, free, from, to);
          expect(part.user).toBeGreaterThanOrEqual(0);
          expect(part.promo).toBeGreaterThanOrEqual(0);
          expect(part.user + part.promo).toBe(intervalCharge(r, from, to));
          user += part.user;
          promo += part.promo;
        }
        const end = points.at(-1) as number;
        expect(promo).toBe(dueAt(r, Math.min(end, free)));
        expect(user).toBe(userDueAt(r, free, end));
        expect(user + promo).toBe(dueAt(r, end));
      }),
    );
  });
});

describe('secondsCovered', () => {
  it('finds the most seconds a balance pays for, and one more second would cost too much', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 600 }),
        seconds,
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 3_600 }),
        (r, free, from, available, max) => {
          const covered = secondsCovered(r, free, from, available, max);
          const cost = (s: number) => userDueAt(r, free, from + s) - userDueAt(r, free, from);
          expect(covered).toBeLessThanOrEqual(max);
          expect(cost(covered)).toBeLessThanOrEqual(available);
          if (covered < max) expect(cost(covered + 1)).toBeGreaterThan(available);
        },
      ),
    );
  });
});
