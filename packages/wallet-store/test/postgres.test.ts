import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { fromPGlite, fromPg, isJyotishError, ManualClock, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { openPGliteWorker, type PGliteWorker } from '@jyotishconnect/core/pglite-worker';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import { createWallet, type Wallet } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import { walletStoreContract } from '@jyotishconnect/wallet-store/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Drops a test schema with everything in it. */
async function dropSchema(db: SqlExecutor, schema: string): Promise<void> {
  await db.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
}

/** A store in a fresh schema, so tests share one database without seeing each other's books. */
async function storeInFreshSchema(db: SqlExecutor) {
  const schema = `wallet_${randomUUID().replaceAll('-', '')}`;
  await migrateWalletStore(db, { schema });
  return { store: createPostgresWalletStore({ db, schema }), schema };
}

describe('postgres (PGlite)', () => {
  const pglite = new PGlite();
  const db = fromPGlite(pglite);
  afterAll(() => pglite.close());

  // A few seconds of randomized runs on a quiet machine, well inside the timeout on a loaded one.
  walletStoreContract(
    'postgres (PGlite)',
    async () => {
      const { store, schema } = await storeInFreshSchema(db);
      return { store, close: () => dropSchema(db, schema) };
    },
    { propertyRuns: 25 },
  );

  it('migrating twice changes nothing', async () => {
    await migrateWalletStore(db, { schema: 'twice' });
    await migrateWalletStore(db, { schema: 'twice' });
    const { rows } = await db.query<{ version: number }>(
      `SELECT version FROM twice.jc_migrations WHERE component = 'wallet-store' ORDER BY version`,
    );
    expect(rows.map((row) => row.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    // Migration 4: refund reports find refunds through a partial index, not by reading every transaction.
    const { rows: indexes } = await db.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'twice' AND indexname = 'jc_wallet_transactions_refunds'`,
    );
    expect(indexes[0]?.indexdef).toContain("WHERE (kind = 'refund'::text)");
  });

  it('ANALYZE samples the ledger columns queries filter on and skips its JSON documents (migration 15)', async () => {
    const { store, schema } = await storeInFreshSchema(db);
    const wallet = createWallet({ store });
    await wallet.openSystemAccounts();
    await wallet.openAccount({ id: 'user:a', type: 'user' });
    await wallet.openAccount({ id: 'consultant:b', type: 'consultant' });
    await wallet.topUp({ id: 'fund', to: 'user:a', amount: 10_000, metadata: { note: 'first' } });
    await wallet.placeHold({ id: 'h1', accountId: 'user:a', amount: 500, expiresAt: Date.now() + 60_000 });
    await wallet.captureHold({ id: 'c1', holdId: 'h1', to: 'consultant:b', amount: 500, commissionBps: 1_000 });
    await db.query(`ANALYZE ${quoteIdent(schema)}.jc_wallet_transactions, ${quoteIdent(schema)}.jc_wallet_holds`);
    const { rows } = await db.query<{ column: string }>(
      `SELECT tablename || '.' || attname AS column FROM pg_stats WHERE schemaname = $1 ORDER BY 1`,
      [schema],
    );
    const sampled = rows.map((row) => row.column);
    expect(sampled).toEqual(expect.arrayContaining(['jc_wallet_transactions.id', 'jc_wallet_holds.status']));
    for (const skipped of ['postings', 'metadata', 'request']) {
      expect(sampled).not.toContain(`jc_wallet_transactions.${skipped}`);
    }
    for (const skipped of ['metadata', 'request']) expect(sampled).not.toContain(`jc_wallet_holds.${skipped}`);
    await dropSchema(db, schema);
  });
});

describe('postgres (PGlite on a worker thread)', () => {
  let pglite: PGliteWorker;
  beforeAll(async () => {
    pglite = await openPGliteWorker();
  });
  afterAll(() => pglite?.close());

  // Fewer randomized runs than in-process: each statement also crosses threads, and the same SQL is checked above.
  walletStoreContract(
    'postgres (PGlite on a worker thread)',
    async () => {
      const { store, schema } = await storeInFreshSchema(pglite.executor);
      return { store, close: () => dropSchema(pglite.executor, schema) };
    },
    { propertyRuns: 10 },
  );
});

describeWithPostgres('postgres (server)', (postgresUrl) => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: postgresUrl, max: 10 });
  });
  afterAll(() => pool.end());

  walletStoreContract(
    'postgres (server)',
    async () => {
      const db = fromPg(pool);
      const { store, schema } = await storeInFreshSchema(db);
      return { store, close: () => dropSchema(db, schema) };
    },
    { propertyRuns: 25 },
  );

  /** Books in a fresh schema, a wallet for setup and checks, and `count` wallets each on its own connection. */
  async function racers(count: number) {
    const admin = fromPg(pool);
    const { store, schema } = await storeInFreshSchema(admin);
    const clock = new ManualClock();
    const setup = createWallet({ store, clock });
    await setup.openSystemAccounts();
    const pools = Array.from({ length: count }, () => new pg.Pool({ connectionString: postgresUrl, max: 1 }));
    const wallets = pools.map((each) =>
      createWallet({ store: createPostgresWalletStore({ db: fromPg(each), schema }), clock }),
    );
    const close = async () => {
      await Promise.all(pools.map((each) => each.end()));
      await dropSchema(admin, schema);
    };
    return { setup, wallets, clock, close };
  }

  it('20 connections racing debits on one wallet and opposite transfers never overdraw or deadlock', async () => {
    const { setup, wallets, close } = await racers(20);
    for (const id of ['user:payer', 'user:friend']) await setup.openAccount({ id, type: 'user' });
    await setup.openAccount({ id: 'consultant:guru', type: 'consultant' });
    await setup.topUp({ id: 'fund:payer', to: 'user:payer', amount: 100_000 });
    await setup.topUp({ id: 'fund:friend', to: 'user:friend', amount: 20_000 });
    await setup.topUp({ id: 'fund:guru', to: 'consultant:guru', amount: 20_000 });

    const random = seededRandom(42);
    const payer = { charged: 0, debits: 0, declined: 0 };
    const failures: unknown[] = [];
    const settle = async (call: Promise<unknown>) => {
      try {
        await call;
        return true;
      } catch (error) {
        failures.push(error);
        return false;
      }
    };
    const debit = (id: string) => async (wallet: Wallet) => {
      const amount = 1 + Math.floor(random() * 1_200);
      const call = wallet.splitCharge({ id, amount, from: 'user:payer', to: 'consultant:guru', commissionBps: 1_500 });
      if (await settle(call)) {
        payer.charged += amount;
        payer.debits++;
      } else payer.declined++;
    };
    // Opposite directions on one pair of rows, started side by side: unordered row locks would deadlock.
    const swap = (i: number) => (wallet: Wallet) =>
      settle(
        wallet.transfer({
          id: `swap:${i}`,
          from: i % 2 ? 'user:friend' : 'consultant:guru',
          to: i % 2 ? 'consultant:guru' : 'user:friend',
          amount: 1 + Math.floor(random() * 500),
        }),
      );
    const calls = Array.from({ length: 100 }, (_, i) => [
      debit(`debit:${2 * i}`),
      debit(`debit:${2 * i + 1}`),
      swap(i),
    ]);
    try {
      await Promise.all(calls.flat().map((call, i) => call(wallets[i % wallets.length] as Wallet)));

      expect(failures.filter((error) => !isJyotishError(error, 'INSUFFICIENT_FUNDS'))).toEqual([]);
      expect(payer.declined).toBeGreaterThan(0); // the race did reach the floor
      expect((await setup.getAccount('user:payer'))?.balance).toBe(100_000 - payer.charged);
      const lines = (await setup.statement('user:payer', { limit: 500 })).entries;
      expect(lines).toHaveLength(payer.debits + 1);
      expect(lines.every((line) => line.balanceAfter !== null && line.balanceAfter >= 0)).toBe(true);
      expect(await setup.verify()).toMatchObject({ ok: true, total: 0 });
    } finally {
      await close();
    }
  });

  it('one transaction id sent on 10 connections at once is written once', async () => {
    const { setup, wallets, close } = await racers(10);
    try {
      await setup.openAccount({ id: 'user:a', type: 'user' });
      const results = await Promise.all(wallets.map((w) => w.topUp({ id: 'order:1', to: 'user:a', amount: 700 })));
      for (const tx of results) expect(tx).toEqual(results[0]);
      expect((await setup.getAccount('user:a'))?.balance).toBe(700);
      expect(await setup.verify()).toMatchObject({ ok: true });
    } finally {
      await close();
    }
  });

  it('batches racing on the same ids on 10 connections write each id once', async () => {
    const { setup, wallets, close } = await racers(10);
    try {
      await setup.openAccount({ id: 'user:a', type: 'user' });
      await setup.openAccount({ id: 'user:b', type: 'user' });
      const ids = Array.from({ length: 20 }, (_, n) => `order:${n}`);
      // Every connection sends every id, in one of two orders, crediting one of two wallets: the first
      // batch to commit an id writes it; the others replay it, or conflict when their body differs.
      const outcomes = await Promise.all(
        wallets.map((wallet, w) => {
          const order = w % 2 ? ids : [...ids].reverse();
          return wallet.commitMany(order.map((id) => ({ op: 'topUp', id, to: 'user:a', amount: 700 })));
        }),
      );
      const written = new Map<string, unknown>();
      for (const result of outcomes.flat()) {
        if (!result.ok) throw result.error;
        const { id } = result.value;
        if (!written.has(id)) written.set(id, result.value);
        expect(result.value).toEqual(written.get(id));
      }
      expect(written.size).toBe(20);
      expect((await setup.getAccount('user:a'))?.balance).toBe(20 * 700);
      expect(await setup.verify()).toMatchObject({ ok: true });
    } finally {
      await close();
    }
  });

  it('captures, releases and sweeps racing on one hold resolve it exactly once', async () => {
    const { setup, wallets, clock, close } = await racers(10);
    try {
      await setup.openAccount({ id: 'user:a', type: 'user' });
      await setup.openAccount({ id: 'consultant:b', type: 'consultant' });
      await setup.topUp({ id: 'fund', to: 'user:a', amount: 10_000 });
      for (let round = 0; round < 5; round++) {
        const holdId = `hold:${round}`;
        await setup.placeHold({ id: holdId, accountId: 'user:a', amount: 1_000, expiresAt: clock.now() + 1 });
        // Odd rounds race past the expiry, where sweeps and releases compete and every capture must fail.
        if (round % 2) await clock.advance(1);
        const outcomes = await Promise.allSettled(
          wallets.map((w, i) => {
            if (i % 3 === 0) return w.releaseHold(holdId);
            if (i % 3 === 1) return w.expireHolds();
            return w.captureHold({ id: `capture:${round}:${i}`, holdId, to: 'consultant:b', amount: 600 });
          }),
        );
        const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        expect(errors.every((error) => isJyotishError(error, 'HOLD_NOT_OPEN'))).toBe(true);
        const captures = outcomes.filter((o, i) => i % 3 === 2 && o.status === 'fulfilled').length;
        const hold = await setup.getHold(holdId);
        expect(captures).toBe(hold?.status === 'captured' ? 1 : 0);
      }
      expect(await setup.verify()).toMatchObject({ ok: true });
      expect((await setup.getAccount('user:a'))?.held).toBe(0);
    } finally {
      await close();
    }
  });

  it('partial refunds racing on 10 connections never refund more than the original', async () => {
    const { setup, wallets, close } = await racers(10);
    try {
      await setup.openAccount({ id: 'user:a', type: 'user' });
      await setup.openAccount({ id: 'consultant:b', type: 'consultant' });
      await setup.topUp({ id: 'fund', to: 'user:a', amount: 10_000 });
      const charge = await setup.splitCharge({
        id: 'charge',
        from: 'user:a',
        to: 'consultant:b',
        amount: 3_333,
        commissionBps: 2_000,
      });
      const outcomes = await Promise.allSettled(
        wallets.flatMap((w, i) => [
          w.refund({ id: `refund:${i}:a`, transactionId: charge.id, amount: 500 }),
          w.refund({ id: `refund:${i}:b`, transactionId: charge.id, amount: 77 }),
        ]),
      );
      const refunded = outcomes
        .flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))
        .reduce((sum, tx) => sum + (tx.postings.find((p) => p.accountId === 'user:a')?.amount ?? 0), 0);
      const codes = new Set(
        outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code?: unknown }).code] : [])),
      );
      expect([...codes].every((code) => code === 'REFUND_EXCEEDS_ORIGINAL' || code === 'CONCURRENT_MODIFICATION')).toBe(
        true,
      );
      expect(refunded).toBeLessThanOrEqual(3_333);
      expect((await setup.getAccount('user:a'))?.balance).toBe(10_000 - 3_333 + refunded);
      expect(await setup.verify()).toMatchObject({ ok: true, total: 0 });
    } finally {
      await close();
    }
  });

  it('refundMany calls racing over overlapping charges in opposite orders never deadlock or over-refund', async () => {
    const { setup, wallets, close } = await racers(10);
    try {
      await setup.openAccount({ id: 'user:a', type: 'user' });
      await setup.openAccount({ id: 'consultant:b', type: 'consultant' });
      await setup.topUp({ id: 'fund', to: 'user:a', amount: 10_000 });
      const ids: string[] = [];
      for (let k = 0; k < 6; k++) {
        const id = `session:1:${k}`;
        await setup.splitCharge({ id, from: 'user:a', to: 'consultant:b', amount: 700 + k, commissionBps: 1_500 });
        ids.push(id);
      }
      const outcomes = await Promise.allSettled(
        wallets.flatMap((w, i) => [
          w.refundMany({ id: `refund:${i}:a`, transactionIds: ids, amount: 333 }),
          w.refundMany({ id: `refund:${i}:b`, transactionIds: [...ids].reverse(), amount: 250 }),
          w.refund({ id: `refund:${i}:c`, transactionId: ids[i % ids.length] as string, amount: 90 }),
        ]),
      );
      const codes = new Set(
        outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code?: unknown }).code] : [])),
      );
      expect([...codes].every((code) => code === 'REFUND_EXCEEDS_ORIGINAL' || code === 'CONCURRENT_MODIFICATION')).toBe(
        true,
      );
      const refunded = outcomes
        .flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))
        .reduce((sum, tx) => sum + (tx.postings.find((p) => p.accountId === 'user:a')?.amount ?? 0), 0);
      const charged = 6 * 700 + 15;
      expect(refunded).toBeGreaterThan(0);
      expect(refunded).toBeLessThanOrEqual(charged);
      expect((await setup.getAccount('user:a'))?.balance).toBe(10_000 - charged + refunded);
      // Whatever is left refunds exactly, so no original was ever refunded beyond what it moved.
      if (refunded < charged) await setup.refundMany({ id: 'refund:rest', transactionIds: ids });
      expect((await setup.getAccount('user:a'))?.balance).toBe(10_000);
      expect((await setup.getAccount('consultant:b'))?.balance).toBe(0);
      expect(await setup.verify()).toMatchObject({ ok: true, total: 0 });
    } finally {
      await close();
    }
  });
});

/** A small deterministic PRNG (mulberry32), so a failing race can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
