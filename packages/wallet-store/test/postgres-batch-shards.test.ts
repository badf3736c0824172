import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { fromPGlite, fromPg, ManualClock, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import { type BatchOperation, createWallet, SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every write of one `commitMany` carries one shard slot, so a batch's commissions land on one of the
// platform's revenue rows, and the batch locks only that one of them: concurrent batches on other slots
// credit the platform without queueing for its rows.

const PAYERS = 6;
const CHARGE = 100;
const COMMISSION_BPS = 2_000;
const COMMISSION = (CHARGE * COMMISSION_BPS) / 10_000;

/** Books in a fresh schema: the system accounts, two consultants and, per consultant, funded payers. */
async function books(db: SqlExecutor) {
  const schema = `wallet_${randomUUID().replaceAll('-', '')}`;
  await migrateWalletStore(db, { schema });
  const clock = new ManualClock();
  const walletOn = (executor: SqlExecutor) =>
    createWallet({ store: createPostgresWalletStore({ db: executor, schema }), clock });
  const wallet = walletOn(db);
  await wallet.openSystemAccounts();
  const payersOf = (consultant: string) => Array.from({ length: PAYERS }, (_, p) => `user:${consultant}:${p}`);
  for (const consultant of ['a', 'b']) {
    await wallet.openAccount({ id: `consultant:${consultant}`, type: 'consultant' });
    for (const id of payersOf(consultant)) {
      await wallet.openAccount({ id, type: 'user' });
      await wallet.topUp({ id: `fund:${id}`, to: id, amount: 10_000 });
    }
  }
  /** Every payer of `consultant` pays it once, under ids tagged `tag`. */
  const charges = (consultant: string, tag: string): BatchOperation[] =>
    payersOf(consultant).map((from) => ({
      op: 'splitCharge',
      id: `charge:${tag}:${from}`,
      from,
      to: `consultant:${consultant}`,
      amount: CHARGE,
      commissionBps: COMMISSION_BPS,
    }));
  /** The platform's revenue, shard by shard. */
  const revenueRows = async () => {
    const { rows } = await db.query<{ amount: string }>(
      `SELECT amount::text FROM ${quoteIdent(schema)}.jc_wallet_balances WHERE account_id = $1 ORDER BY shard`,
      [SYSTEM_ACCOUNTS.revenue],
    );
    return rows.map((row) => Number(row.amount));
  };
  return { wallet, walletOn, charges, revenueRows, close: () => db.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`) };
}

/** The shards whose amount differs between two reads, each with what it gained. */
function gains(before: readonly number[], after: readonly number[]): { shard: number; gained: number }[] {
  return after.flatMap((amount, shard) =>
    amount === before[shard] ? [] : [{ shard, gained: amount - (before[shard] ?? 0) }],
  );
}

function slotCases(name: string, connect: () => SqlExecutor): void {
  describe(`commitMany shard slots: ${name}`, () => {
    it("a batch's commissions land on one revenue shard, and the next batch's on another", async () => {
      const { wallet, charges, revenueRows, close } = await books(connect());
      try {
        const before = await revenueRows();
        expect(before.length).toBeGreaterThan(1);
        expect((await wallet.commitMany(charges('a', 'first'))).every((result) => result.ok)).toBe(true);
        const first = gains(before, await revenueRows());
        expect(first).toEqual([{ shard: expect.any(Number), gained: PAYERS * COMMISSION }]);
        const afterFirst = await revenueRows();
        expect((await wallet.commitMany(charges('b', 'second'))).every((result) => result.ok)).toBe(true);
        const second = gains(afterFirst, await revenueRows());
        expect(second).toEqual([{ shard: expect.any(Number), gained: PAYERS * COMMISSION }]);
        expect(second[0]?.shard).not.toBe(first[0]?.shard);
        expect(await wallet.getAccount(SYSTEM_ACCOUNTS.revenue)).toMatchObject({ balance: 2 * PAYERS * COMMISSION });
        expect(await wallet.verify()).toMatchObject({ ok: true, total: 0 });
      } finally {
        await close();
      }
    });
  });
}

describe('postgres (PGlite)', () => {
  const pglite = new PGlite();
  afterAll(() => pglite.close());
  slotCases('PGlite', () => fromPGlite(pglite));
});

describeWithPostgres('postgres (server)', (postgresUrl) => {
  let pool: pg.Pool;
  let impatient: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: postgresUrl, max: 4 });
    // A batch that waits for a row lock fails after 5 s instead of waiting: here, waiting is the failure.
    impatient = new pg.Pool({ connectionString: postgresUrl, max: 1, options: '-c lock_timeout=5000' });
  });
  afterAll(() => Promise.all([pool.end(), impatient.end()]));
  slotCases('server', () => fromPg(pool));

  it('a batch crediting the platform goes through while another one, on another slot, holds its row uncommitted', async () => {
    const { walletOn, charges, revenueRows, close } = await books(fromPg(pool));
    try {
      const other = walletOn(fromPg(impatient));
      // Its first slot taken, the other wallet's next batch is on the slot after the one the first batch takes.
      expect((await other.commitMany(charges('b', 'warm-up'))).every((result) => result.ok)).toBe(true);
      await fromPg(pool).transaction(async (tx) => {
        const held = await walletOn(tx).commitMany(charges('a', 'held'));
        expect(held.every((result) => result.ok)).toBe(true);
        // Still inside the first batch's transaction: its revenue row stays locked until the end of this callback.
        const beside = await other.commitMany(charges('b', 'beside'));
        expect(beside.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(new Array(PAYERS).fill('ok'));
      });
      expect((await revenueRows()).reduce((sum, amount) => sum + amount, 0)).toBe(3 * PAYERS * COMMISSION);
    } finally {
      await close();
    }
  });
});
