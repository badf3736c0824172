/**
 * `pnpm bench wallet`: committed wallet transactions per second.
 *
 * - memory: two-posting transfers/s and three-way split charges/s (payer → consultant + `system:revenue`),
 *   one caller awaiting each write, after a warm-up; and two JS ceilings: a bare `Map` balance-update
 *   loop, and the same loop that also indexes each transfer's id, as every idempotent ledger must.
 * - PGlite (embedded, one connection): the same two workloads.
 * - PostgreSQL server (`DATABASE_URL`, else a throwaway cluster from the local binaries): C concurrent
 *   callers on a pool of C connections, transfers between 1,000 funded wallets, then split charges from
 *   them to 100 consultants, all crediting the one shared `system:revenue` account; and, on the same
 *   server with the same C, `pgbench -b simple-update` as the SQL ceiling. Then the same transfers
 *   committed one by one (`pgSinglePerSec`, C callers) against `wallet.commitMany` batches of
 *   BENCH_BATCH transfers from BENCH_BATCH_CLIENTS callers (`pgBatchPerSec`), on a durable server:
 *   the throwaway cluster runs with fsync on unless BENCH_FSYNC=off; a DATABASE_URL server is used
 *   as it is configured. Either way the server's own `fsync` setting is printed and reported.
 *
 * Figures from a loaded machine are indicative only: the load average is printed beside them.
 * Human-readable lines first; the last line of stdout is one JSON object.
 * Knobs (env): BENCH_CLIENTS (16), BENCH_MEMORY_SECONDS (2.5), BENCH_PGLITE_SECONDS (3),
 * BENCH_PG_SECONDS (8), BENCH_PGBENCH_SECONDS (10), BENCH_BATCH (256), BENCH_BATCH_CLIENTS (4),
 * BENCH_FSYNC (on; `off` for a throwaway cluster without fsync), BENCH_MEMORY_ONLY (unset; `1` skips
 * PGlite and PostgreSQL, for profiling the memory store).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { fromPGlite, fromPg, quoteIdent } from '@jyotishconnect/core';
import { createWallet, type Wallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import pg from 'pg';
import { envNumber, inParallel } from './lib/common.js';
import { type BenchPostgres, withBenchPostgres } from './lib/postgres-server.js';

const CLIENTS = envNumber('BENCH_CLIENTS', 16);
const MEMORY_SECONDS = envNumber('BENCH_MEMORY_SECONDS', 2.5);
const PGLITE_SECONDS = envNumber('BENCH_PGLITE_SECONDS', 3);
const PG_SECONDS = envNumber('BENCH_PG_SECONDS', 8);
const PGBENCH_SECONDS = envNumber('BENCH_PGBENCH_SECONDS', 10);
// 256: group commit's default batch. (It was 64 while every write of a batch took a subtransaction: a backend
// caches 64 subtransaction ids. Plain transfers, captures and placements now take none.)
const BATCH = envNumber('BENCH_BATCH', 256);
const BATCH_CLIENTS = envNumber('BENCH_BATCH_CLIENTS', 4);
const MEMORY_ONLY = process.env.BENCH_MEMORY_ONLY === '1';
const USERS = 1_000;
const FUNDING = 1_000_000_000; // paise per user wallet: never the limit during a run
const SPLIT_AMOUNT = 100;
const COMMISSION_BPS = 2_000;

const execFileAsync = promisify(execFile);

interface Book {
  wallet: Wallet;
  users: string[];
  consultants: string[];
}

interface RunResult {
  committed: number;
  failed: number;
  seconds: number;
  perSec: number;
}

/** Opens the system accounts, `USERS` funded user wallets and `consultants` consultant wallets. */
async function openBook(wallet: Wallet, consultants: number, concurrency = 1): Promise<Book> {
  await wallet.openSystemAccounts();
  const users = Array.from({ length: USERS }, (_, i) => `user:${i}`);
  const payees = Array.from({ length: consultants }, (_, i) => `consultant:${i}`);
  await inParallel(users, concurrency, async (id) => {
    await wallet.openAccount({ id, type: 'user' });
    await wallet.topUp({ id: `fund:${id}`, to: id, amount: FUNDING });
  });
  await inParallel(payees, concurrency, async (id) => void (await wallet.openAccount({ id, type: 'consultant' })));
  return { wallet, users, consultants: payees };
}

/** Transfer number `n`: 1 paisa between two distinct user wallets, spread over all of them. */
function transfer(book: Book, n: number): Promise<unknown> {
  const from = n % USERS;
  const to = (from + 1 + ((n * 7_919) % (USERS - 1))) % USERS;
  return book.wallet.transfer({
    id: `t:${n}`,
    from: book.users[from] as string,
    to: book.users[to] as string,
    amount: 1,
  });
}

/**
 * Transfers committed by `wallet.commitMany`, `BATCH` per call, from `BATCH_CLIENTS` callers each
 * awaiting its batch before the next, for `seconds`. A batch locks every wallet it names until it
 * commits, so each caller moves money among its own share of the wallets (as a group commit
 * partitioned by account would): callers then run side by side instead of queueing on each other.
 * Every result must be a success.
 */
async function driveBatches(book: Book, seconds: number): Promise<RunResult> {
  let committed = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const share = Math.floor(USERS / BATCH_CLIENTS);
  const caller = async (c: number) => {
    for (let n = 0; performance.now() < deadline; ) {
      const operations = Array.from({ length: BATCH }, () => {
        const from = n % share;
        const to = (from + 1 + ((n * 7_919) % (share - 1))) % share;
        const id = `b:${c}:${n++}`;
        const users = book.users;
        return {
          op: 'transfer' as const,
          id,
          from: users[c + from * BATCH_CLIENTS] as string,
          to: users[c + to * BATCH_CLIENTS] as string,
          amount: 1,
        };
      });
      const results = await book.wallet.commitMany(operations);
      const refused = results.find((result) => !result.ok);
      if (refused && !refused.ok) throw refused.error;
      committed += results.length;
    }
  };
  await Promise.all(Array.from({ length: BATCH_CLIENTS }, (_, c) => caller(c)));
  const elapsed = (performance.now() - start) / 1000;
  return { committed, failed: 0, seconds: elapsed, perSec: committed / elapsed };
}

/** Split charge number `n`: a user pays a consultant, the platform's commission goes to `system:revenue`. */
function split(book: Book, n: number): Promise<unknown> {
  return book.wallet.splitCharge({
    id: `s:${n}`,
    from: book.users[n % USERS] as string,
    to: book.consultants[n % book.consultants.length] as string,
    amount: SPLIT_AMOUNT,
    commissionBps: COMMISSION_BPS,
  });
}

/**
 * Runs `op(0), op(1), …` from `concurrency` callers, each awaiting its write before the next,
 * for `seconds`; counts committed and failed writes.
 */
async function drive(
  op: (n: number) => Promise<unknown>,
  seconds: number,
  concurrency: number,
  checkEvery = 1,
): Promise<RunResult> {
  let next = 0;
  let committed = 0;
  let failed = 0;
  let firstError: unknown;
  const failures = new Map<string, number>();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const caller = async () => {
    while (performance.now() < deadline) {
      for (let k = 0; k < checkEvery; k++) {
        try {
          await op(next++);
          committed++;
        } catch (error) {
          failed++;
          firstError ??= error;
          const code = String((error as { code?: unknown }).code ?? (error as Error).name);
          failures.set(code, (failures.get(code) ?? 0) + 1);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsed = (performance.now() - start) / 1000;
  if (committed === 0 && firstError) throw firstError;
  if (failed > 0)
    console.log(`    failed writes: ${[...failures].map(([code, count]) => `${code} ×${count}`).join(', ')}`);
  return { committed, failed, seconds: elapsed, perSec: committed / elapsed };
}

/** Several `drive` rounds, each on a fresh book, so the memory store never holds more than one round. */
async function memoryRounds(op: (book: Book, n: number) => Promise<unknown>, seconds: number): Promise<RunResult> {
  const roundSeconds = 0.5;
  const total: RunResult = { committed: 0, failed: 0, seconds: 0, perSec: 0 };
  for (let elapsed = 0; elapsed < seconds; elapsed += roundSeconds) {
    const book = await openBook(createWallet({ store: createMemoryWalletStore() }), 1);
    const round = await drive((n) => op(book, n), roundSeconds, 1, 512);
    await assertBalanced(book.wallet, 'memory');
    total.committed += round.committed;
    total.failed += round.failed;
    total.seconds += round.seconds;
  }
  total.perSec = total.committed / total.seconds;
  return total;
}

/**
 * The JS ceilings: the same transfer pattern as bare `Map` updates with the same funds check and,
 * with `indexIds`, each transfer's id also looked up and recorded in a `Map` (reset every 0.5 s, as
 * the memory rounds start a fresh store): the least an idempotent in-memory ledger has to do.
 */
function bareMap(seconds: number, indexIds = false): RunResult {
  const balances = new Map<string, number>();
  const users = Array.from({ length: USERS }, (_, i) => `user:${i}`);
  for (const id of users) balances.set(id, FUNDING);
  let ids = new Map<string, number>();
  let n = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let nextRound = start + 500;
  for (let now = start; now < deadline; now = performance.now()) {
    if (now >= nextRound) {
      ids = new Map();
      nextRound += 500;
    }
    for (let k = 0; k < 4_096; k++, n++) {
      if (indexIds) {
        const id = `t:${n}`;
        if (ids.has(id)) continue;
        ids.set(id, n);
      }
      const a = n % USERS;
      const from = users[a] as string;
      const to = users[(a + 1 + ((n * 7_919) % (USERS - 1))) % USERS] as string;
      const available = balances.get(from) as number;
      if (available < 1) continue;
      balances.set(from, available - 1);
      balances.set(to, (balances.get(to) as number) + 1);
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  let sum = 0;
  for (const balance of balances.values()) sum += balance;
  if (sum !== FUNDING * USERS) throw new Error(`bare Map lost money: ${sum}`);
  return { committed: n, failed: 0, seconds: elapsed, perSec: n / elapsed };
}

async function assertBalanced(wallet: Wallet, where: string): Promise<void> {
  const report = await wallet.verify();
  if (!report.ok) throw new Error(`${where}: books do not balance: ${report.problems.slice(0, 5).join('; ')}`);
}

async function benchMemory() {
  console.log(`memory: 1 caller, ${USERS} user wallets, fresh store every 0.5 s`);
  await memoryRounds(transfer, 0.5); // warm-up
  const transfers = await memoryRounds(transfer, MEMORY_SECONDS);
  print('memory transfers', transfers);
  await memoryRounds(split, 0.5); // warm-up
  const splits = await memoryRounds(split, MEMORY_SECONDS);
  print('memory split charges', splits);
  bareMap(0.3); // warm-up
  const map = bareMap(Math.min(MEMORY_SECONDS, 1));
  print('bare Map updates', map);
  bareMap(0.3, true); // warm-up
  const indexedMap = bareMap(MEMORY_SECONDS, true);
  print('bare Map updates with an id index', indexedMap);
  console.log(`    memory transfers run at ${percent(transfers.perSec / indexedMap.perSec)} of the id-indexed ceiling`);
  return { transfers, splits, map, indexedMap };
}

async function benchPGlite() {
  console.log(`PGlite: in-memory database, 1 caller`);
  const lite = new PGlite();
  try {
    const db = fromPGlite(lite);
    await migrateWalletStore(db, { schema: 'wallet' });
    const book = await openBook(createWallet({ store: createPostgresWalletStore({ db, schema: 'wallet' }) }), 1);
    const transfers = await drive((n) => transfer(book, n), PGLITE_SECONDS, 1);
    print('PGlite transfers', transfers);
    const splits = await drive((n) => split(book, n), PGLITE_SECONDS, 1);
    print('PGlite split charges', splits);
    await assertBalanced(book.wallet, 'PGlite');
    return { transfers, splits };
  } finally {
    await lite.close();
  }
}

async function benchPostgres({ url, fsync }: BenchPostgres) {
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  console.log(`PostgreSQL ${describe(url)} (fsync ${fsync}): ${CLIENTS} callers on ${CLIENTS} connections`);
  pool.on('error', () => {}); // an idle connection dropped at shutdown is not a bench failure
  const schema = `jc_bench_wallet_${process.pid}`;
  try {
    const db = fromPg(pool);
    await migrateWalletStore(db, { schema });
    const book = await openBook(createWallet({ store: createPostgresWalletStore({ db, schema }) }), 100, CLIENTS);
    const transfers = await drive((n) => transfer(book, n), PG_SECONDS, CLIENTS);
    print('PostgreSQL transfers', transfers);
    const splits = await drive((n) => split(book, n), PG_SECONDS, CLIENTS);
    print('PostgreSQL split charges', splits);
    console.log(
      `    split charges run at ${percent(splits.perSec / transfers.perSec)} of transfers: ` +
        'system:revenue, credited by every split, is not a hot spot when this stays near 100%',
    );
    const batches = await driveBatches(book, PG_SECONDS);
    print(`PostgreSQL transfers in commitMany batches of ${BATCH}, ${BATCH_CLIENTS} callers`, batches);
    console.log(
      `    batched commits run at ${(batches.perSec / transfers.perSec).toFixed(1)}x one-by-one commits ` +
        `(fsync ${fsync}, load average ${loadAverage()})`,
    );
    await assertBalanced(book.wallet, 'PostgreSQL');
    return { transfers, splits, batches, fsync };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => {});
    await pool.end();
  }
}

/** `pgbench -b simple-update` with the same client count, in its own schema of the same server. */
async function benchPgbench(url: string): Promise<number | null> {
  const binary = findPgbench();
  if (!binary) {
    console.log('skipped: pgbench (no PostgreSQL client binaries found; set PG_BIN)');
    return null;
  }
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') {
    console.log(`skipped: pgbench (it only runs against a local server, not ${host})`);
    return null;
  }
  const schema = 'jc_bench_pgbench';
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const env = { ...process.env, PGOPTIONS: `-c search_path=${schema}` };
    await execFileAsync(binary, ['-i', '-s', '10', '-q', url], { env });
    const args = ['-b', 'simple-update', '-c', String(CLIENTS), '-j', '2', '-T', String(PGBENCH_SECONDS), url];
    console.log(`pgbench ${args.slice(0, -1).join(' ')} (scale 10)`);
    const { stdout } = await execFileAsync(binary, args, { env });
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
    if (!tps) throw new Error(`could not read pgbench's TPS from:\n${stdout}`);
    console.log(`  pgbench simple-update: ${format(Number(tps))} TPS`);
    return Number(tps);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => {});
    await admin.end();
  }
}

/** pgbench from `PG_BIN`, Debian's /usr/lib/postgresql/<version>/bin (newest first), or the PATH. */
function findPgbench(): string | undefined {
  const dirs = [process.env.PG_BIN].filter((dir): dir is string => Boolean(dir));
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot).sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((version) => join(debianRoot, version, 'bin')));
  }
  dirs.push(...(process.env.PATH ?? '').split(':'));
  return dirs.map((dir) => join(dir, 'pgbench')).find((path) => existsSync(path));
}

async function main() {
  const started = performance.now();
  const memory = await benchMemory();
  const lite = MEMORY_ONLY ? null : await benchPGlite();

  const server = MEMORY_ONLY
    ? null
    : await withBenchPostgres('postgres', async (found) => ({
        postgres: await benchPostgres(found),
        pgbenchTps: await benchPgbench(found.url),
      }));
  const postgres = server?.postgres ?? null;
  const pgbenchTps = server?.pgbenchTps ?? null;

  const pgVsPgbench = postgres && pgbenchTps ? postgres.transfers.perSec / pgbenchTps : null;
  if (pgVsPgbench !== null) console.log(`PostgreSQL transfers / pgbench TPS: ${percent(pgVsPgbench)} (target ≥ 50%)`);
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(
    JSON.stringify({
      bench: 'wallet',
      transfersPerSec: Math.round(memory.transfers.perSec),
      splitPerSec: Math.round(memory.splits.perSec),
      bareMapPerSec: Math.round(memory.map.perSec),
      bareIndexedMapPerSec: Math.round(memory.indexedMap.perSec),
      memoryVsIndexedMap: Number((memory.transfers.perSec / memory.indexedMap.perSec).toFixed(3)),
      pgTransfersPerSec: postgres ? Math.round(postgres.transfers.perSec) : null,
      pgbenchTps: pgbenchTps === null ? null : Math.round(pgbenchTps),
      pgVsPgbench: pgVsPgbench === null ? null : Number(pgVsPgbench.toFixed(3)),
      pgliteTransfersPerSec: lite ? Math.round(lite.transfers.perSec) : null,
      pgSplitPerSec: postgres ? Math.round(postgres.splits.perSec) : null,
      pgliteSplitPerSec: lite ? Math.round(lite.splits.perSec) : null,
      pgClients: CLIENTS,
      pgSinglePerSec: postgres ? Math.round(postgres.transfers.perSec) : null,
      pgBatchPerSec: postgres ? Math.round(postgres.batches.perSec) : null,
      batchVsSingle: postgres ? Number((postgres.batches.perSec / postgres.transfers.perSec).toFixed(2)) : null,
      pgBatchSize: BATCH,
      pgBatchClients: BATCH_CLIENTS,
      pgFsync: postgres?.fsync ?? null,
      loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
    }),
  );
}

function print(label: string, result: RunResult): void {
  const failed = result.failed ? `, ${format(result.failed)} failed` : '';
  console.log(
    `  ${label}: ${format(result.perSec)}/s (${format(result.committed)} committed in ${result.seconds.toFixed(2)} s${failed}; load average ${loadAverage()})`,
  );
}

function describe(url: string): string {
  const parsed = new URL(url);
  return `at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}

function format(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

await main();
