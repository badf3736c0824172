import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, MODES, productionSecrets, startTestHost, type TestHost } from './helpers.js';
import { connectWs } from './processes.js';

type Socket = Awaited<ReturnType<typeof connectWs>>;

describe.each(MODES)('in %s mode, billing follows presence and chat follows consultations', (mode) => {
  const hosts: TestHost[] = [];
  const folders: string[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}, clock?: TestHost['clock']): Promise<TestHost> {
    const t = await startTestHost(mode, { env, ...(clock ? { clock } : {}) });
    hosts.push(t);
    return t;
  }

  /** Asha and Guru connected, and a chat consultation Asha requested and Guru accepted. */
  async function consultation(t: TestHost, cast: Cast): Promise<{ id: string; asha: Socket; guru: Socket }> {
    const asha = await connectWs(t.url, cast.asha.token);
    const guru = await connectWs(t.url, cast.guru.token);
    const requested = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    expect(requested.status).toBe(201);
    await t.call('POST', `/api/consultations/${requested.body.id}/accept`, { token: cast.guru.token });
    return { id: requested.body.id as string, asha, guru };
  }

  const sessionOf = async (t: TestHost, cast: Cast, id: string) =>
    (await t.call('GET', `/api/consultations/${id}`, { token: cast.asha.token })).body.session;

  /** Waits until the transport has noticed `count` connections closing. */
  async function untilConnections(t: TestHost, count: number): Promise<void> {
    await expect.poll(() => t.host.transport.connections).toBe(count);
  }

  it("a consultant's disconnect pauses billing after the grace, and their return resumes it", async () => {
    const t = await start({ DISCONNECT_GRACE_SECONDS: '10' });
    const cast = await castOf(t, { connected: false });
    const { id, asha, guru } = await consultation(t, cast);
    await t.advance(20_000);
    guru.close();
    await untilConnections(t, 1);
    await t.advance(30_000);
    expect(await sessionOf(t, cast, id)).toMatchObject({ status: 'paused', summary: { secondsBilled: 30 } });
    const back = await connectWs(t.url, cast.guru.token);
    await expect.poll(async () => (await sessionOf(t, cast, id)).status).toBe('active');
    await t.advance(5_000);
    expect((await sessionOf(t, cast, id)).summary.secondsBilled).toBe(35);
    back.close();
    asha.close();
  });

  it('a session restored after a restart, with nobody coming back, stops billing after the grace and then ends', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'jc-restart-'));
    folders.push(folder);
    const env = {
      ...(mode === 'production' ? productionSecrets() : {}),
      STORE: 'pglite',
      DATA_DIR: folder,
      ENGINE_ID: 'host-a',
      DISCONNECT_GRACE_SECONDS: '10',
      PAUSE_GRACE_SECONDS: '60',
    };
    const first = await start(env);
    const cast = await castOf(first, { connected: false });
    const { id } = await consultation(first, cast);
    await first.advance(20_000);
    await first.close();
    hosts.splice(hosts.indexOf(first), 1);

    // The same engine id resumes the session at once; nobody reconnects.
    const second = await start(env, first.clock);
    await second.advance(15_000);
    // Everyone was last seen at the restart (20 s): billed up to the 10 s grace, then paused.
    expect(await sessionOf(second, cast, id)).toMatchObject({ status: 'paused', summary: { secondsBilled: 30 } });
    const paused = (await second.call('GET', '/api/wallet', { token: cast.asha.token })).body;
    await second.advance(120_000);
    expect(await sessionOf(second, cast, id)).toMatchObject({
      status: 'ended',
      endReason: 'inactivity',
      summary: { secondsBilled: 30 },
    });
    expect((await second.call('GET', '/api/wallet', { token: cast.asha.token })).body).toEqual(paused);
    expect(paused.available).toBe(paused.balance);
  });

  it('chat outside a consultation is refused; after it, the history stays readable and nobody writes', async () => {
    const t = await start();
    const cast = await castOf(t, { connected: false });
    const asha = await connectWs(t.url, cast.asha.token);
    const meera = await connectWs(t.url, cast.meera.token);
    await expect(asha.request('conversation.open', { consultantId: cast.meera.id })).rejects.toThrow(
      /^CONVERSATION_CLOSED/,
    );
    await expect(meera.request('conversation.open', { userId: cast.asha.id })).rejects.toThrow(/^CONVERSATION_CLOSED/);

    const { id, guru } = await consultation(t, cast);
    const conversation = (await asha.request('conversation.open', { consultantId: cast.guru.id })) as { id: string };
    const send = (socket: Socket, clientMessageId: string, text: string) =>
      socket.request('chat.send', { conversationId: conversation.id, clientMessageId, text });
    await send(asha, 'm1', 'Namaste, call me on 98765 43210');
    await t.call('POST', `/api/consultations/${id}/end`, { token: cast.asha.token });
    await expect(send(guru, 'm2', 'a free answer')).rejects.toThrow(/^CONVERSATION_CLOSED/);
    const history = await t.call('GET', `/api/conversations/${conversation.id}/messages`, { token: cast.guru.token });
    const texts = history.body.messages.filter((m: { kind: string }) => m.kind === 'text');
    // Contact details are hidden by default, so the consultation stays on the platform.
    expect(texts.map((m: { text: string }) => m.text)).toEqual(['Namaste, call me on [hidden]']);
    asha.close();
    meera.close();
  });

  it('freezing a user closes their sockets and ends their live session, charging only what was served', async () => {
    const t = await start();
    const cast = await castOf(t, { connected: false });
    const { id, asha, guru } = await consultation(t, cast);
    await t.advance(30_000);
    const frozen = await t.call('POST', `/api/admin/accounts/${cast.asha.id}/freeze`, {
      token: cast.admin.token,
      body: { frozen: true },
    });
    expect(frozen.status).toBe(200);
    expect(await asha.closed).toBe(4003);
    const session = (await t.call('GET', `/api/consultations/${id}`, { token: cast.guru.token })).body.session;
    expect(session).toMatchObject({ status: 'ended', summary: { secondsBilled: 30 } });
    const wallet = await t.host.services.wallet.getAccount(cast.asha.id);
    expect(wallet).toMatchObject({ frozen: true, held: 0, balance: 50_000 - session.summary.totalCharged });
    await t.advance(60_000);
    expect((await t.host.services.wallet.getAccount(cast.asha.id))?.balance).toBe(
      50_000 - session.summary.totalCharged,
    );
    expect((await t.call('GET', '/api/wallet', { token: cast.asha.token })).status).toBe(403);
    guru.close();
  });
});
