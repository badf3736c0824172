import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type ConsultationClient, createConsultationClient } from '@jyotishconnect/ws-transport/client';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url);
const tokens = { ASHA_TOKEN: 'asha-test-token', GURU_TOKEN: 'guru-test-token' };
const APP_ORIGIN = 'https://app.example.com';

/** Runs the package's `start` script as written, on a random port, and resolves with the URL it printed. */
async function startExample(): Promise<{ child: ChildProcess; url: string }> {
  const { scripts } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = scripts.start.split(' ');
  expect(command).toBe('node');
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...tokens, PORT: '0', BILLING_INTERVAL_SECONDS: '1', ALLOWED_ORIGINS: APP_ORIGIN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (listening?.[1]) resolve(listening[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`the example exited with ${code}: ${output}`)));
  });
  return { child, url };
}

/** A consultation client over Socket.io (its default reconnection on), recording the events it receives. */
async function connect(url: string, token: string) {
  const socketIo = io(`${url}/consultations`, { autoConnect: false, forceNew: true });
  const client: ConsultationClient = createConsultationClient({ socketIo, token });
  const events: Array<{ name: string; data: unknown }> = [];
  client.on('event', (name, data) => events.push({ name, data }));
  await client.connect();
  const named = (name: string) => events.filter((event) => event.name === name).map((event) => event.data);
  return { client, named };
}

describe('the Express + Socket.io example', () => {
  let example: Awaited<ReturnType<typeof startExample>>;
  beforeAll(async () => {
    example = await startExample();
  });
  afterAll(async () => {
    const exited = new Promise((resolve) => example.child.once('exit', resolve));
    example.child.kill('SIGTERM');
    await exited;
  });

  it('serves its own routes beside the consultations', async () => {
    const response = await fetch(`${example.url}/health`);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('refuses a handshake without a valid token', async () => {
    const socket = io(`${example.url}/consultations`, { forceNew: true, reconnection: false, auth: { token: 'x' } });
    const error = await new Promise<{ data?: { status?: number } }>((resolve) => socket.on('connect_error', resolve));
    expect(error.data?.status).toBe(401);
    socket.disconnect();
  });

  it('a page of a site in ALLOWED_ORIGINS connects; a page of another site is refused with 403', async () => {
    const attempt = async (origin: string) => {
      const socket = io(`${example.url}/consultations`, {
        forceNew: true,
        reconnection: false,
        transports: ['websocket'],
        auth: { token: tokens.ASHA_TOKEN },
        extraHeaders: { origin },
      });
      const outcome = await new Promise<'connected' | number | undefined>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error) => resolve((error as { data?: { status?: number } }).data?.status));
      });
      socket.disconnect();
      return outcome;
    };
    expect(await attempt(APP_ORIGIN)).toBe('connected');
    expect(await attempt('https://evil.example')).toBe(403);
  });

  it('a consultation runs over Socket.io: request, accept, a message and billing ticks', async () => {
    const asha = await connect(example.url, tokens.ASHA_TOKEN);
    const guru = await connect(example.url, tokens.GURU_TOKEN);
    const session = await asha.client.request<{ id: string }>({
      type: 'consultation.request',
      consultantId: 'guru',
      serviceType: 'chat',
    });
    await expect.poll(() => guru.named('consultation.requested').length).toBe(1);
    await guru.client.request({ type: 'consultation.accept', sessionId: session.id });

    const conversation = await asha.client.request<{ id: string }>({ type: 'conversation.open', consultantId: 'guru' });
    await asha.client.join(conversation.id);
    await guru.client.join(conversation.id);
    await asha.client.request({
      type: 'chat.send',
      conversationId: conversation.id,
      clientMessageId: 'asha-1',
      text: 'Namaste',
    });
    const texts = () => guru.named('message.created').map((message) => (message as { text?: string }).text);
    await expect.poll(texts).toContain('Namaste');

    // One-second intervals at ₹6 a minute: each tick charges Asha 10 paise.
    await expect.poll(() => asha.named('consultation.tick').length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(asha.named('consultation.tick')[0]).toMatchObject({ userCharged: 10, seconds: 1 });
    await asha.client.request({ type: 'consultation.end', sessionId: session.id });
    await expect.poll(() => guru.named('consultation.ended').length).toBe(1);
    asha.client.close();
    guru.client.close();
  });
});
