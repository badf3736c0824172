import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { castOf, MODES, startTestHost, type TestHost } from './helpers.js';
import { connectWs } from './processes.js';

describe.each(MODES)('in %s mode, billing on a database groups the calls of ticks running together', (mode) => {
  const hosts: TestHost[] = [];
  const folders: string[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>): Promise<TestHost> {
    const t = await startTestHost(mode, { env });
    hosts.push(t);
    return t;
  }

  it('group commit, with the ticks in flight its batches need, is on for PGlite and off for memory', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'jc-group-'));
    folders.push(folder);
    const durable = await start({ STORE: 'pglite', DATA_DIR: folder });
    expect(durable.host.services.billing.config.groupCommit).toEqual({
      maxBatch: 1_000,
      maxDelayMs: 0,
      maxInFlight: 2,
    });
    expect(durable.host.services.billing.config.maxConcurrentTicks).toBe(4_096);
    const memory = await start({ STORE: 'memory' });
    expect(memory.host.services.billing.config.groupCommit).toBe(false);
    expect(memory.host.services.billing.config.maxConcurrentTicks).toBe(256);
  });

  it('a consultation on PGlite is charged every second it is served and nothing more', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'jc-group-'));
    folders.push(folder);
    const t = await start({ STORE: 'pglite', DATA_DIR: folder });
    const cast = await castOf(t, { connected: false });
    const asha = await connectWs(t.url, cast.asha.token);
    const guru = await connectWs(t.url, cast.guru.token);
    const before = (await t.call('GET', '/api/wallet', { token: cast.asha.token })).body;
    const requested = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    expect(requested.status).toBe(201);
    const id = requested.body.id as string;
    expect((await t.call('POST', `/api/consultations/${id}/accept`, { token: cast.guru.token })).status).toBe(200);
    await t.advance(20_000);
    const ended = await t.call('POST', `/api/consultations/${id}/end`, { token: cast.asha.token });
    expect(ended.body).toMatchObject({ status: 'ended', summary: { secondsBilled: 20 } });
    const charged = ended.body.summary.userCharged as number;
    expect(charged).toBeGreaterThan(0);
    const after = (await t.call('GET', '/api/wallet', { token: cast.asha.token })).body;
    expect(after).toMatchObject({ balance: before.balance - charged, available: before.balance - charged });
    asha.close();
    guru.close();
  });
});
