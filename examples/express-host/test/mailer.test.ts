import { ManualClock } from '@jyotishconnect/core';
import { createTransport } from 'nodemailer';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTransient, Mailer, type OutgoingMail } from '../src/notifications/mailer.js';
import { startMailServer, startStalledServer } from './mail-server.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function anEmail(n = 1): OutgoingMail {
  return {
    kind: 'session-summary',
    to: `asha+${n}@example.com`,
    subject: `Summary ${n}`,
    text: 'text',
    html: '<p>html</p>',
  };
}

/** A mailer on a manual clock, its warnings kept. */
function mailerTo(url: string, options: { maxAttempts?: number; concurrency?: number; maxQueued?: number } = {}) {
  const clock = new ManualClock();
  const logs: { msg: string; level: number }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const mailer = new Mailer({
    transport: createTransport({ url, greetingTimeout: 60_000, connectionTimeout: 60_000, socketTimeout: 60_000 }),
    from: 'JyotishConnect <no-reply@example.com>',
    clock,
    logger,
    concurrency: options.concurrency ?? 2,
    maxAttempts: options.maxAttempts ?? 5,
    retryBaseMs: 1_000,
    ...(options.maxQueued ? { maxQueued: options.maxQueued } : {}),
  });
  closers.push(() => mailer.close());
  const dropped = () => logs.filter((entry) => entry.msg.startsWith('email dropped'));
  return { mailer, clock, dropped };
}

describe('the mailer', () => {
  it('tries again after a doubling wait when the server is busy (451), and delivers', async () => {
    const server = await startMailServer({ busyFirst: 2 });
    closers.push(() => server.close());
    const { mailer, clock } = mailerTo(server.url);
    mailer.send(anEmail());
    await mailer.idle();
    expect(mailer.retriesWaiting).toBe(1);
    await clock.advance(999);
    expect(server.received).toHaveLength(0);
    await clock.advance(1); // the first wait: 1 s
    await vi.waitFor(() => expect(mailer.retriesWaiting).toBe(1)); // busy again
    await mailer.idle();
    await clock.advance(1_999);
    expect(server.received).toHaveLength(0);
    await clock.advance(1); // the second wait: 2 s
    await server.waitFor((mail) => mail.subject === 'Summary 1');
    await mailer.idle();
    expect(mailer.retriesWaiting).toBe(0);
  });

  it('drops an email with a warning after its last try', async () => {
    const server = await startMailServer({ busyFirst: 100 });
    closers.push(() => server.close());
    const { mailer, clock, dropped } = mailerTo(server.url, { maxAttempts: 3 });
    mailer.send(anEmail());
    for (let attempt = 1; attempt < 3; attempt += 1) {
      await vi.waitFor(() => expect(mailer.retriesWaiting).toBe(1));
      await clock.advance(60_000);
    }
    await mailer.idle();
    await vi.waitFor(() => expect(dropped()).toHaveLength(1));
    expect(dropped()[0]?.msg).toBe('email dropped: not sent in 3 tries');
    expect(mailer.retriesWaiting).toBe(0);
    expect(server.received).toHaveLength(0);
  });

  it('never tries again what the server refuses for good (5xx)', async () => {
    const server = await startMailServer({ refuseAll: true });
    closers.push(() => server.close());
    const { mailer, dropped } = mailerTo(server.url);
    mailer.send(anEmail());
    await mailer.idle();
    expect(mailer.retriesWaiting).toBe(0);
    expect(dropped().map((entry) => entry.msg)).toEqual(['email dropped: the SMTP server refused it']);
  });

  it('sends at most `concurrency` at once and drops what overflows the queue, without waiting for a stalled server', async () => {
    const stalled = await startStalledServer();
    closers.push(() => stalled.close());
    const { mailer, dropped } = mailerTo(stalled.url, { concurrency: 1, maxQueued: 2 });
    for (let n = 1; n <= 4; n += 1) mailer.send(anEmail(n)); // returns at once though nothing can be sent
    await vi.waitFor(() => expect(stalled.connections()).toBe(1));
    expect(dropped().map((entry) => entry.msg)).toEqual(['email dropped: the send queue is full']);
    mailer.close();
    await mailer.idle();
  });

  it('counts 4xx replies and network failures as transient, 5xx and the rest as permanent', () => {
    expect(isTransient({ responseCode: 421 })).toBe(true);
    expect(isTransient({ responseCode: 451, code: 'EENVELOPE' })).toBe(true);
    expect(isTransient({ code: 'ECONNECTION' })).toBe(true);
    expect(isTransient({ code: 'ETIMEDOUT' })).toBe(true);
    expect(isTransient({ responseCode: 550, code: 'EENVELOPE' })).toBe(false);
    expect(isTransient({ responseCode: 535, code: 'EAUTH' })).toBe(false);
    expect(isTransient({ code: 'ETLS' })).toBe(false);
    expect(isTransient(new Error('boom'))).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});
