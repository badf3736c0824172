import { describe, expect, it } from 'vitest';
import { verifyBooks } from '../src/audit.js';

const row = { id: 'user:a', type: 'user' as const, balance: 100, held: 0, postedBalance: 100, openHolds: 0 };
const funding = { ...row, id: 'system:funding', type: 'system' as const, balance: -100, postedBalance: -100 };

describe('verifyBooks', () => {
  it('accepts balanced books', () => {
    expect(verifyBooks([row, funding])).toEqual({ ok: true, total: 0, accounts: 2, problems: [] });
  });

  it('reports a balance that drifted from its postings, a reservation mismatch, a negative wallet and a leak', () => {
    const report = verifyBooks([
      { ...row, balance: 90 },
      { ...row, id: 'user:b', held: 5, openHolds: 0, balance: 0, postedBalance: 0 },
      { ...row, id: 'user:c', balance: -1, postedBalance: -1 },
      funding,
    ]);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      'user:a: balance 90 differs from its postings 100',
      'user:b: held 5 differs from open holds 0',
      'user:b: available balance -5 is negative',
      'user:c: available balance -1 is negative',
      'balances sum to -11, not 0',
    ]);
  });
});
