/**
 * `pnpm bench pglite`: what prepared statements save on embedded PGlite.
 *
 * One PGlite database holds two wallet schemas with the same accounts: one driven through
 * `fromPGlite` as the adapters use it (every statement `{ prepare: true }`, so each text is parsed
 * once), the other through the same executor with `prepare` stripped (parsed and planned on every
 * call, as before). Each runs N wallet reads (`getAccount`), N transfers and N split charges (the
 * billing interval's write), after a warm-up, the two modes alternating per workload so both see
 * the same machine load. Reports microseconds per operation. Each measured slice also stops at a
 * time budget, so the bench stays bounded on a loaded machine: `counts` says how many ran.
 *
 * Figures from a loaded machine are indicative only: the load average is printed beside them.
 * Human-readable lines first; the last line of stdout is one JSON object.
 * Knobs (env): BENCH_PGLITE_N (2000), BENCH_PGLITE_WARMUP (200), BENCH_PGLITE_SECONDS (30, the
 * measuring budget shared by all workloads and modes).
 */
import { loadavg } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { fromPGlite, type SqlExecutor } from '@jyotishconnect/core';
import { createWallet, type Wallet } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import { envNumber } from './lib/common.js';

const N = envNumber('BENCH_PGLITE_N', 2_000);
const WARMUP = envNumber('BENCH_PGLITE_WARMUP', 200);
// 3 workloads × 2 halves × 2 modes share the budget.
const SLICE_MS = (envNumber('BENCH_PGLITE_SECONDS', 30) * 1000) / 12;
const USERS = 20;
const CONSULTANTS = 10;
const FUNDING = 1_000_000_000;

type Workload = 'read' | 'transfer' | 'split';
type Mode = 'query' | 'prepared';

/** The same executor with `prepare` dropped: every statement is parsed and planned again. */
function withoutPrepare(db: SqlExecutor): SqlExecutor {
  return {
    query: (text, params) => db.query(text, params),
    transaction: (work) => db.transaction((tx) => work(withoutPrepare(tx))),
  };
}

async function openWallet(db: SqlExecutor, schema: string): Promise<Wallet> {
  await migrateWalletStore(db, { schema });
  const wallet = createWallet({ store: createPostgresWalletStore({ db, schema }) });
  await wallet.openSystemAccounts();
  for (let i = 0; i < USERS; i++) {
    await wallet.openAccount({ id: `user:${i}`, type: 'user' });
    await wallet.topUp({ id: `fund:${i}`, to: `user:${i}`, amount: FUNDING });
  }
  for (let i = 0; i < CONSULTANTS; i++) await wallet.openAccount({ id: `consultant:${i}`, type: 'consultant' });
  return wallet;
}

function operation(wallet: Wallet, workload: Workload, n: number): Promise<unknown> {
  const user = `user:${n % USERS}`;
  if (workload === 'read') return wallet.getAccount(user);
  if (workload === 'transfer') {
    return wallet.transfer({ id: `t:${n}`, from: user, to: `user:${(n + 1 + (n % 7)) % USERS}`, amount: 1 });
  }
  return wallet.splitCharge({
    id: `s:${n}`,
    from: user,
    to: `consultant:${n % CONSULTANTS}`,
    amount: 100,
    commissionBps: 2_000,
  });
}

interface Slice {
  /** Operations run. */
  count: number;
  /** Milliseconds they took. */
  ms: number;
}

/** Runs up to `count` operations numbered from `first`, one awaited at a time, stopping at the slice's budget. */
async function timeOperations(wallet: Wallet, workload: Workload, first: number, count: number): Promise<Slice> {
  const start = performance.now();
  let done = 0;
  while (done < count && performance.now() - start < SLICE_MS) await operation(wallet, workload, first + done++);
  return { count: done, ms: performance.now() - start };
}

async function main() {
  const started = performance.now();
  const lite = new PGlite();
  try {
    const prepared = fromPGlite(lite);
    const wallets: Record<Mode, Wallet> = {
      query: await openWallet(withoutPrepare(prepared), 'bench_query'),
      prepared: await openWallet(prepared, 'bench_prepared'),
    };
    console.log(`PGlite: in-memory database, 1 caller, N=${N} per workload and mode (load average ${loadAverage()})`);
    const empty = (): Record<Workload, Slice> => ({
      read: { count: 0, ms: 0 },
      transfer: { count: 0, ms: 0 },
      split: { count: 0, ms: 0 },
    });
    const totals: Record<Mode, Record<Workload, Slice>> = { query: empty(), prepared: empty() };
    const usPerOp = (slice: Slice) => (slice.ms * 1000) / Math.max(1, slice.count);
    for (const workload of ['read', 'transfer', 'split'] as const) {
      for (const mode of ['query', 'prepared'] as const) await timeOperations(wallets[mode], workload, 0, WARMUP);
      // Half of N in each mode, then the other half, so a change in machine load hits both alike.
      for (const half of [0, 1]) {
        for (const mode of ['query', 'prepared'] as const) {
          const total = totals[mode][workload];
          const slice = await timeOperations(wallets[mode], workload, WARMUP + half * N, N / 2);
          total.count += slice.count;
          total.ms += slice.ms;
        }
      }
      const query = usPerOp(totals.query[workload]);
      const kept = usPerOp(totals.prepared[workload]);
      console.log(
        `  ${workload}: ${query.toFixed(0)} µs without prepare (${totals.query[workload].count} runs), ` +
          `${kept.toFixed(0)} µs prepared (${totals.prepared[workload].count} runs): ${(query / kept).toFixed(2)}x`,
      );
    }
    for (const [mode, wallet] of Object.entries(wallets)) {
      const report = await wallet.verify();
      if (!report.ok) throw new Error(`${mode}: books do not balance: ${report.problems.slice(0, 5).join('; ')}`);
    }
    const perOp = (mode: Mode) =>
      Object.fromEntries(
        Object.entries(totals[mode]).map(([workload, slice]) => [workload, Math.round(usPerOp(slice))]),
      );
    const counts = (mode: Mode) =>
      Object.fromEntries(Object.entries(totals[mode]).map(([workload, slice]) => [workload, slice.count]));
    console.log(
      JSON.stringify({
        bench: 'pglite',
        n: N,
        pgliteQueryUs: perOp('query'),
        pglitePreparedUs: perOp('prepared'),
        counts: { query: counts('query'), prepared: counts('prepared') },
        seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
        loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
      }),
    );
  } finally {
    await lite.close();
  }
}

function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}

await main();
