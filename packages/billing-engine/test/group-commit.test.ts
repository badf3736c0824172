import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { BillingConfigInput } from '@jyotishconnect/billing-engine';
import { createPostgresBillingStore, migrateBillingStore } from '@jyotishconnect/billing-engine/postgres';
import { createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { fromPGlite, ManualClock, type SqlExecutor } from '@jyotishconnect/core';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const GROUP_COMMIT = { maxBatch: 256, maxDelayMs: 0, maxInFlight: 2 };
const RATE = 1_000; // paise per minute: 250 per 15-second interval
const CONSULTANT = 'consultant:guru';

/** Wraps an executor to count every statement it runs, inside transactions too. */
function countingExecutor(inner: SqlExecutor): SqlExecutor & { statements: number } {
  const counting = {
    statements: 0,
    query: ((text, params, options) => {
      counting.statements++;
      return inner.query(text, params, options);
    }) as SqlExecutor['query'],
    transaction: <T>(work: (tx: SqlExecutor) => Promise<T>) =>
      inner.transaction((tx) =>
        work({
          query: ((text, params, options) => {
            counting.statements++;
            return tx.query(text, params, options);
          }) as SqlExecutor['query'],
          transaction: tx.transaction.bind(tx),
        }),
      ),
  };
  return counting;
}

/** A test engine over PGlite tables in a fresh schema, its statements counted. */
async function pgliteBilling(
  db: SqlExecutor,
  groupCommit: typeof GROUP_COMMIT | false,
  maxSessions: number,
  extra: BillingConfigInput = {},
) {
  const schema = `group_${randomUUID().replaceAll('-', '')}`;
  await migrateWalletStore(db, { schema });
  await migrateBillingStore(db, { schema });
  const counted = countingExecutor(db);
  const clock = new ManualClock();
  const wallet = createWallet({ store: createPostgresWalletStore({ db: counted, schema }), clock });
  const store = createPostgresBillingStore({ db: counted, schema });
  const config = { ...extra, groupCommit, maxSessionsPerConsultant: maxSessions };
  return { billing: await createTestBilling({ clock, wallet, store, config }), counted };
}

/** Opens `count` funded users, each in an accepted chat with the consultant, all started at the same instant. */
async function startSessions(billing: TestBilling, count: number, paise = 100_000): Promise<string[]> {
  await billing.addConsultant(CONSULTANT, { chat: RATE });
  const users = Array.from({ length: count }, (_, i) => `user:${i}`);
  for (const user of users) await billing.addUser(user, paise);
  return await Promise.all(
    users.map(async (userId) => {
      const requested = await billing.engine.request({ userId, consultantId: CONSULTANT, service: 'chat' });
      await billing.engine.accept(requested.id, CONSULTANT);
      return requested.id;
    }),
  );
}

describe('group commit on PGlite', () => {
  const pglite = new PGlite();
  const db = fromPGlite(pglite);
  beforeAll(() => pglite.waitReady);
  afterAll(() => pglite.close());
  const SESSIONS = 200;

  /** Statements the store ran while every session ticked once, and what the consultant earned. */
  async function oneTickRound(groupCommit: typeof GROUP_COMMIT | false) {
    const { billing, counted } = await pgliteBilling(db, groupCommit, SESSIONS);
    const ids = await startSessions(billing, SESSIONS);
    counted.statements = 0;
    await billing.advance(15_000);
    const statements = counted.statements;
    const sessions = await Promise.all(ids.map((id) => billing.engine.getSession(id)));
    const accounts = await billing.wallet.getAccounts(sessions.map((session) => session?.userId ?? ''));
    await billing.engine.close();
    return { statements, sessions, accounts };
  }

  it(`${SESSIONS} sessions ticking together reach the database in a few batched statements, not one per call`, async () => {
    const batched = await oneTickRound(GROUP_COMMIT);
    // Each session was charged its first interval and holds its second.
    for (const session of batched.sessions) {
      expect(session).toMatchObject({ status: 'active', summary: { secondsBilled: 15, userCharged: 250 } });
    }
    expect(batched.accounts.every((account) => account?.balance === 100_000 - 250 && account.held === 250)).toBe(true);
    expect(batched.statements).toBeLessThan(SESSIONS / 10);
    // The same round one call at a time: several statements per session.
    const single = await oneTickRound(false);
    expect(single.statements).toBeGreaterThanOrEqual(SESSIONS * 3);
    console.log(
      `a round of ${SESSIONS} ticks on PGlite: ${batched.statements} statements batched, ${single.statements} one by one`,
    );
    expect(single.sessions.map((each) => each?.summary)).toEqual(batched.sessions.map((each) => each?.summary));
  }, 300_000);
});

describe.each([
  [
    'memory stores',
    async () => ({
      billing: await createTestBilling({
        config: { groupCommit: GROUP_COMMIT, maxSessionsPerConsultant: 8, minimumBalanceSeconds: 0 },
      }),
      close: async () => {},
    }),
  ],
  [
    'PGlite',
    async () => {
      const pglite = new PGlite();
      const { billing } = await pgliteBilling(fromPGlite(pglite), GROUP_COMMIT, 8, { minimumBalanceSeconds: 0 });
      return { billing, close: () => pglite.close() };
    },
  ],
])('group commit on %s', (_name, makeWorld) => {
  it('a payer who cannot pay and a frozen payer in one batch end alone; the rest of the batch is charged', async () => {
    const { billing, close } = await makeWorld();
    try {
      const ids = await startSessions(billing, 6);
      const [poorSession, frozenSession] = ids;
      // user:0 spends all but the first interval's hold elsewhere; user:1's wallet is frozen mid-interval.
      await billing.wallet.transfer({ id: 'spent-elsewhere', from: 'user:0', to: CONSULTANT, amount: 100_000 - 250 });
      await billing.wallet.freeze('user:1');
      const commitMany = vi.spyOn(billing.wallet, 'commitMany');
      await billing.advance(15_000);

      // The captures of every session went to the wallet together.
      expect(Math.max(...commitMany.mock.calls.map(([operations]) => operations.length))).toBeGreaterThanOrEqual(6);
      expect(await billing.engine.getSession(poorSession ?? '')).toMatchObject({
        status: 'ended',
        endReason: 'insufficient_funds',
        summary: { userCharged: 250 },
      });
      expect(await billing.engine.getSession(frozenSession ?? '')).toMatchObject({
        status: 'ended',
        endReason: 'account_frozen',
        summary: { userCharged: 0 },
      });
      for (const id of ids.slice(2)) {
        expect(await billing.engine.getSession(id)).toMatchObject({ status: 'active', summary: { userCharged: 250 } });
      }
      const [poor, frozen, ...paying] = await billing.wallet.getAccounts([
        'user:0',
        'user:1',
        'user:2',
        'user:3',
        'user:4',
        'user:5',
      ]);
      expect(poor).toMatchObject({ balance: 0, held: 0 });
      // Written off: charged nothing, and its hold did not outlive the session.
      expect(frozen).toMatchObject({ balance: 100_000, held: 0 });
      for (const account of paying) expect(account).toMatchObject({ balance: 100_000 - 250, held: 250 });
      expect(await billing.wallet.verify()).toMatchObject({ ok: true, total: 0 });
    } finally {
      await billing.engine.close();
      await close();
    }
  }, 120_000);
});
