import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { hashPassword } from '../src/auth.js';
import { PROFILE_DEFAULTS } from '../src/host-store/rules.js';
import { invoiceKey } from '../src/invoicing/documents.js';
import { startTestHost } from './helpers.js';
import { connectWs } from './processes.js';

/** Consultations ended at once; larger through `INVOICE_CONCURRENT_ENDS`. */
const ENDS = Number(process.env.INVOICE_CONCURRENT_ENDS ?? 50);

/**
 * `ENDS` users each in a chat with a consultant of their own, all ended at the
 * same moment over REST, on a production host on `env`'s store: every
 * consultation's invoice is issued by the host's end listener, and together
 * they take the numbers 1 to `ENDS` of the year, each once.
 */
async function concurrentEnds(env: Record<string, string>): Promise<void> {
  const t = await startTestHost('production', { env: { ...env, TICK_SECONDS: '5' } });
  const sockets: Array<{ close(): void }> = [];
  try {
    const { services } = t.host;
    // Accounts straight into the stores, sharing one password hash: a hundred scrypt runs would be most of the test.
    const passwordHash = await hashPassword('a-long-password-for-tests');
    const account = async (role: 'user' | 'consultant', i: number) => {
      const id = `${role}:${i}`;
      const record = {
        id,
        name: `${role} ${i}`,
        email: `${role}${i}@example.com`,
        role,
        passwordHash,
        frozen: false,
        createdAt: t.clock.now(),
      };
      await services.host.accounts.insert(record);
      await services.wallet.openAccount({ id, type: role });
      sockets.push(await connectWs(t.url, await services.tokens.sign({ id, role })));
      return { id, token: await services.tokens.sign({ id, role }) };
    };
    const pairs = await Promise.all(
      Array.from({ length: ENDS }, async (_, i) => {
        const user = await account('user', i);
        const consultant = await account('consultant', i);
        await services.host.directory.upsert({
          consultantId: consultant.id,
          bio: '',
          specialities: [],
          languages: [],
          rates: { chat: 1_000 },
          online: true,
          ...PROFILE_DEFAULTS,
        });
        await services.wallet.topUp({ id: `test-topup:${user.id}`, to: user.id, amount: 10_000 });
        return { consultant, userToken: user.token, consultantToken: consultant.token };
      }),
    );
    const sessions = await Promise.all(
      pairs.map(async ({ consultant, userToken, consultantToken }) => {
        const requested = await t.call('POST', '/api/consultations', {
          token: userToken,
          body: { consultantId: consultant.id, service: 'chat' },
        });
        expect(requested.status).toBe(201);
        const accepted = await t.call('POST', `/api/consultations/${requested.body.id}/accept`, {
          token: consultantToken,
        });
        expect(accepted.status).toBe(200);
        return { id: requested.body.id as string, userToken };
      }),
    );
    await t.advance(12_000);
    const ended = await Promise.all(
      sessions.map(({ id, userToken }) => t.call('POST', `/api/consultations/${id}/end`, { token: userToken })),
    );
    expect(ended.map(({ status }) => status)).toEqual(sessions.map(() => 200));
    const invoices = await vi.waitFor(
      async () => {
        const issued = await Promise.all(sessions.map(({ id }) => services.host.taxDocuments.byKey(invoiceKey(id))));
        expect(issued.every((invoice) => invoice !== null)).toBe(true);
        return issued.flatMap((invoice) => (invoice ? [invoice] : []));
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(invoices.map((invoice) => invoice.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: ENDS }, (_, i) => i + 1),
    );
    expect(new Set(invoices.map((invoice) => invoice.number)).size).toBe(ENDS);
    // Each is its own session's, for what its wallet paid.
    for (const [i, invoice] of invoices.entries()) {
      expect(invoice.sessionId).toBe(sessions[i]?.id);
      expect(invoice.contents.total).toBe(ended[i]?.body.summary.userCharged);
    }
  } finally {
    for (const socket of sockets) socket.close();
    await t.close();
  }
}

describeWithPostgres('invoice numbers under concurrent session ends on PostgreSQL', (postgresUrl) => {
  const admin = new pg.Pool({ connectionString: postgresUrl, max: 1 });
  const database = `host_invoices_${process.pid}_${Date.now()}`;
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  });

  it(`${ENDS} consultations ended at once take the invoice numbers 1 to ${ENDS}, no gap, no repeat`, async () => {
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${database}`;
    await concurrentEnds({ STORE: 'postgres', DATABASE_URL: url.toString() });
  }, 240_000);
});

describe('invoice numbers under concurrent session ends on PGlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'host-invoices-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`${ENDS} consultations ended at once take the invoice numbers 1 to ${ENDS}, no gap, no repeat`, async () => {
    await concurrentEnds({ STORE: 'pglite', DATA_DIR: dataDir });
  }, 240_000);
});
