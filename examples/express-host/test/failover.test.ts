import { dueAt } from '@jyotishconnect/billing-engine';
import { fromPg } from '@jyotishconnect/core';
import { describeWithPostgres, describeWithRedis } from '@jyotishconnect/core/testing/suites';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore } from '@jyotishconnect/wallet-store/postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, MODES, peopleOf, productionEnv } from './helpers.js';
import { connectWs, type HostProcess, spawnHost } from './processes.js';
import { startStripe, type TestProvider } from './providers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describeWithPostgres('two host processes on one PostgreSQL', (postgresUrl) => {
  describeWithRedis('and one Redis', (redisUrl) => {
    describe.each(MODES)('in %s mode', (mode) => {
      const hosts: HostProcess[] = [];
      const admin = new pg.Pool({ connectionString: postgresUrl, max: 1 });
      const database = `host_failover_${mode}_${process.pid}_${Date.now()}`;
      let pool: pg.Pool | null = null;
      let stripe: TestProvider | null = null;

      afterAll(async () => {
        for (const host of hosts) await host.kill('SIGKILL');
        await stripe?.close();
        await pool?.end();
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
        await admin.end();
      });

      it('killing the process that drives billing hands the session over with no interval charged twice', async () => {
        await admin.query(`CREATE DATABASE ${database}`);
        const url = new URL(postgresUrl);
        url.pathname = `/${database}`;
        // Both processes share one set of production secrets and one (fake) Stripe, as a real deployment does.
        // They run on the real clock, so the test signs Stripe's webhooks with it.
        stripe = mode === 'production' ? await startStripe(() => Date.now()) : null;
        const modeEnv: Record<string, string> = stripe ? productionEnv(stripe) : { DEMO: 'true' };
        const env = {
          ...modeEnv,
          DATABASE_URL: url.toString(),
          REDIS_URL: redisUrl,
          TICK_SECONDS: '1',
          LEASE_TTL_MS: '1000',
          TAKEOVER_SCAN_MS: '300',
          DISCONNECT_GRACE_SECONDS: '60',
          PAUSE_GRACE_SECONDS: '60',
          // No admin can sign up through the API to approve the consultants peopleOf registers.
          CONSULTANT_APPROVAL: 'automatic',
        };
        const a = await spawnHost({ ...env, ENGINE_ID: 'host-a' });
        hosts.push(a);
        const b = await spawnHost({ ...env, ENGINE_ID: 'host-b' });
        hosts.push(b);

        const people = await peopleOf(apiClient(a.url, stripe), mode);
        const user = await connectWs(a.url, people.asha.token);
        const guru = await connectWs(b.url, people.guru.token);
        // The consultant's connection on one process reaches the other's presence through Redis: wait for it,
        // as a person would see the badge leave offline before requesting.
        await until('the consultant online on the other process', async () => {
          const answer = await fetch(`${a.url}/api/consultants/${people.guru.id}`, {
            headers: { authorization: `Bearer ${people.asha.token}` },
          });
          return answer.ok && ((await answer.json()) as { status: string }).status !== 'offline';
        });

        const requested = (await user.request('consultation.request', {
          consultantId: people.guru.id,
          serviceType: 'chat',
        })) as { id: string };
        await until('the request event on the other process', async () =>
          guru.events.some((e) => e.event === 'consultation.requested'),
        );
        await guru.request('consultation.accept', { sessionId: requested.id });
        const drivenBy = async (host: HostProcess) =>
          ((await (await fetch(`${host.url}/readyz`)).json()) as { drivenSessions: number }).drivenSessions;
        expect(await drivenBy(b)).toBe(1); // the accepting process drives billing
        await until(
          'ticks reaching the user across processes',
          async () => user.events.filter((e) => e.event === 'consultation.tick').length >= 5,
        );

        await b.kill('SIGKILL');
        await until('process A taking the session over', async () => (await drivenBy(a)) === 1);
        const ticksAtTakeover = user.events.filter((e) => e.event === 'consultation.tick').length;
        await until(
          'ticks from process A',
          async () => user.events.filter((e) => e.event === 'consultation.tick').length >= ticksAtTakeover + 2,
        );

        const ended = (await user.request('consultation.end', { sessionId: requested.id })) as {
          ratePerMinute: number;
          summary: { secondsBilled: number; userCharged: number };
        };
        user.close();
        guru.close();
        expect(ended.summary.secondsBilled).toBeGreaterThan(0);
        expect(ended.summary.userCharged).toBe(dueAt(ended.ratePerMinute, ended.summary.secondsBilled));

        // Read the books directly: each interval id charged at most once, and they add up to due(seconds).
        pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
        const wallet = createWallet({ store: createPostgresWalletStore({ db: fromPg(pool), schema: 'wallet' }) });
        const page = await wallet.statement(people.asha.id, { limit: 500 });
        const charges = page.entries.filter((e) => e.metadata.sessionId === requested.id);
        const ids = charges.map((e) => e.transactionId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(id).toMatch(new RegExp(`^${requested.id}:\\d+$`));
        expect(-charges.reduce((sum, e) => sum + e.amount, 0)).toBe(ended.summary.userCharged);
        // Real processes on the real clock: on a loaded machine every step above takes several times longer.
      }, 240_000);
    });
  });
});
