import { beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNTS } from '../../accounts.js';
import type { StatementEntry, StatementGroup } from '../../types.js';
import type { Wallet } from '../../wallet.js';
import { type Rejects, type WalletContractOptions, type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user, consultant } = WORLD_ACCOUNTS;
const INTERVAL_MS = 15_000;

/** Bills `intervals` intervals of a consultation at `ratePerMinute`, 15 s apart, as the billing engine writes them. */
async function bill(world: WalletWorld, sessionId: string, intervals: number, ratePerMinute = 100): Promise<number> {
  const due = (seconds: number) => Math.floor((ratePerMinute * seconds) / 60);
  let total = 0;
  for (let k = 1; k <= intervals; k++) {
    await world.clock.advance(INTERVAL_MS);
    const amount = due(k * 15) - due((k - 1) * 15);
    const metadata = { sessionId, interval: k };
    await world.wallet.splitCharge({
      id: `${sessionId}:${k}`,
      from: user,
      to: consultant,
      amount,
      commissionBps: 2_000,
      metadata,
    });
    total += amount;
  }
  return total;
}

/** Every entry of an account's ordinary statement, newest first. */
async function allEntries(wallet: Wallet, accountId: string): Promise<StatementEntry[]> {
  const entries: StatementEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await wallet.statement(accountId, { limit: 500, ...(cursor ? { cursor } : {}) });
    entries.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

/** The grouped statement computed the naive way from the ordinary one: the reference each adapter must match. */
function naiveGroups(entries: readonly StatementEntry[], field = 'sessionId'): StatementGroup[] {
  const rows: StatementGroup[] = [];
  for (const entry of entries) {
    const value = entry.metadata[field];
    const key = entry.kind !== 'topup' && entry.kind !== 'refund' && typeof value === 'string' ? value : null;
    if (key !== null && rows.some((row) => row.key === key)) continue;
    const members =
      key === null
        ? [entry]
        : entries.filter((e) => e.metadata[field] === key && e.kind !== 'topup' && e.kind !== 'refund');
    rows.push({
      key,
      total: members.reduce((sum, e) => sum + e.amount, 0),
      count: members.length,
      kinds: [...new Set(members.map((e) => e.kind))].sort(),
      firstAt: Math.min(...members.map((e) => e.createdAt)),
      lastAt: Math.max(...members.map((e) => e.createdAt)),
      transactionId: entry.transactionId,
      metadata: entry.metadata,
      balanceAfter: entry.balanceAfter,
    });
  }
  return rows;
}

/** Every row of a grouped statement, page by page. */
async function allRows(wallet: Wallet, accountId: string, limit: number, between?: () => Promise<void>) {
  const rows: StatementGroup[] = [];
  let cursor: string | undefined;
  do {
    const page = await wallet.groupedStatement(accountId, { limit, ...(cursor ? { cursor } : {}) });
    rows.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
    if (cursor) await between?.();
  } while (cursor);
  return rows;
}

/** The contract cases of grouped statements (one row per consultation). */
export function groupedStatementCases(
  getWorld: () => WalletWorld,
  rejects: Rejects,
  _options: WalletContractOptions = {},
): void {
  describe('grouped statements', () => {
    let world: WalletWorld;
    beforeEach(() => {
      world = getWorld();
    });

    it('a 30-minute consultation billed every 15 s is one row whose total is the sum of its 120 entries', async () => {
      const start = world.clock.now();
      const total = await bill(world, 'session:long', 120, 77);
      const page = await world.wallet.groupedStatement(user);
      expect(page.rows).toHaveLength(2);
      const [row, topUp] = page.rows;
      const entries = (await allEntries(world.wallet, user)).filter((e) => e.metadata.sessionId === 'session:long');
      expect(entries).toHaveLength(120);
      expect(row).toEqual({
        key: 'session:long',
        total: -total,
        count: 120,
        kinds: ['split'],
        firstAt: start + INTERVAL_MS,
        lastAt: start + 120 * INTERVAL_MS,
        transactionId: 'session:long:120',
        metadata: { sessionId: 'session:long', interval: 120 },
        balanceAfter: 10_000 - total,
      });
      expect(row?.total).toBe(entries.reduce((sum, e) => sum + e.amount, 0));
      expect(topUp).toMatchObject({ key: null, total: 10_000, count: 1, kinds: ['topup'] });
      expect(page.nextCursor).toBeNull();
    });

    it('top-ups and refunds stay rows of their own, and entries without the field too', async () => {
      await bill(world, 'session:a', 3);
      await world.wallet.topUp({ id: 'recharge', to: user, amount: 500, metadata: { sessionId: 'session:a' } });
      await bill(world, 'session:b', 2);
      await world.wallet.refund({
        id: 'refund:a:1',
        transactionId: 'session:a:1',
        metadata: { sessionId: 'session:a' },
      });
      await world.wallet.transfer({ id: 'gift', from: user, to: WORLD_ACCOUNTS.otherUser, amount: 5 });
      const rows = (await world.wallet.groupedStatement(user)).rows;
      expect(rows.map((row) => [row.key ?? row.transactionId, row.count, row.kinds])).toEqual([
        ['gift', 1, ['transfer']],
        ['refund:a:1', 1, ['refund']],
        ['session:b', 2, ['split']],
        ['recharge', 1, ['topup']],
        ['session:a', 3, ['split']],
        ['seed:topup', 1, ['topup']],
      ]);
      expect(rows).toEqual(naiveGroups(await allEntries(world.wallet, user)));
    });

    it('pages visit every row once, with the totals of the first page, while a consultation keeps billing', async () => {
      for (let s = 0; s < 9; s++) {
        await bill(world, `session:${s}`, 1 + (s % 4));
        if (s % 3 === 0) await world.wallet.topUp({ id: `topup:${s}`, to: user, amount: 100 });
      }
      const expected = naiveGroups(await allEntries(world.wallet, user));
      let k = 1;
      const rows = await allRows(world.wallet, user, 4, async () => {
        // A consultation on a later page bills again, and a new one starts, between page reads.
        await world.wallet.splitCharge({
          id: `session:1:late${k}`,
          from: user,
          to: consultant,
          amount: 3,
          commissionBps: 2_000,
          metadata: { sessionId: 'session:1' },
        });
        await bill(world, `session:new${k++}`, 1);
      });
      expect(rows).toEqual(expected);
      expect(await allRows(world.wallet, user, 500)).toEqual(naiveGroups(await allEntries(world.wallet, user)));
    });

    it('groups by a metadata field the caller names', async () => {
      for (let i = 0; i < 4; i++) {
        await world.wallet.transfer({
          id: `o${i}`,
          from: user,
          to: consultant,
          amount: 10 + i,
          metadata: { orderId: `order:${i % 2}` },
        });
      }
      const rows = (await world.wallet.groupedStatement(user, { groupBy: 'orderId' })).rows;
      expect(rows.map((row) => [row.key, row.total, row.count])).toEqual([
        ['order:1', -24, 2],
        ['order:0', -22, 2],
        [null, 10_000, 1],
      ]);
    });

    it('a time window counts only the entries inside it, from inclusive and to exclusive', async () => {
      const start = world.clock.now();
      await bill(world, 'session:w', 8);
      const from = start + 3 * INTERVAL_MS;
      const to = start + 6 * INTERVAL_MS;
      const rows = (await world.wallet.groupedStatement(user, { from, to })).rows;
      const inside = (await allEntries(world.wallet, user)).filter((e) => e.createdAt >= from && e.createdAt < to);
      expect(rows).toEqual(naiveGroups(inside));
      expect(rows[0]).toMatchObject({ count: 3, firstAt: from, lastAt: to - INTERVAL_MS });
    });

    it('a system account is grouped too, without a running balance', async () => {
      await bill(world, 'session:r', 5);
      const [row] = (await world.wallet.groupedStatement(SYSTEM_ACCOUNTS.revenue)).rows;
      expect(row).toMatchObject({ key: 'session:r', count: 5, balanceAfter: null });
      expect(row?.total).toBe((await world.wallet.getAccount(SYSTEM_ACCOUNTS.revenue))?.balance);
    });

    it('bad options are INVALID_INPUT and an unknown account ACCOUNT_NOT_FOUND', async () => {
      await rejects(() => world.wallet.groupedStatement(user, { groupBy: 'a.b' }), 'INVALID_INPUT');
      await rejects(() => world.wallet.groupedStatement(user, { groupBy: '$where' }), 'INVALID_INPUT');
      await rejects(() => world.wallet.groupedStatement(user, { cursor: '12' }), 'INVALID_INPUT');
      await rejects(() => world.wallet.groupedStatement(user, { limit: 0 }), 'INVALID_INPUT');
      await rejects(() => world.wallet.groupedStatement('user:ghost'), 'ACCOUNT_NOT_FOUND');
    });
  });
}
