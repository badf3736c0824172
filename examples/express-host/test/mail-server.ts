import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { vi } from 'vitest';

/** A real SMTP server on 127.0.0.1 that keeps what it receives, parsed. */
export interface TestMailServer {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every message accepted so far, in arrival order. */
  readonly received: ParsedMail[];
  /** Waits until a received message matches, and returns it. */
  waitFor(match: (mail: ParsedMail) => boolean): Promise<ParsedMail>;
  /** Messages sent to `address`. */
  to(address: string): ParsedMail[];
  close(): Promise<void>;
}

/** Options of {@link startMailServer}. */
export interface MailServerOptions {
  /** Answers the first N recipients `451` (try again later), as a busy server does. */
  readonly busyFirst?: number;
  /** Answers every recipient `550` (a permanent refusal). */
  readonly refuseAll?: boolean;
  /** Accepts only these credentials (over plaintext: a relay on this machine). */
  readonly auth?: { readonly user: string; readonly pass: string };
}

/** Whether a parsed message was sent to `address`. */
export function isTo(mail: ParsedMail, address: string): boolean {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.some((group) => group.value.some((entry) => entry.address?.toLowerCase() === address.toLowerCase()));
}

/** An error carrying an SMTP reply code, as smtp-server answers it. */
function reply(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * Starts an in-process SMTP server (the `smtp-server` package) without
 * STARTTLS, and parses each message with `mailparser`.
 */
export async function startMailServer(options: MailServerOptions = {}): Promise<TestMailServer> {
  const received: ParsedMail[] = [];
  let busy = options.busyFirst ?? 0;
  const server = new SMTPServer({
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, callback) => {
      const ok = auth.username === options.auth?.user && auth.password === options.auth?.pass;
      callback(ok ? null : reply(535, 'authentication failed'), ok ? { user: auth.username } : undefined);
    },
    onRcptTo: (_address, _session, callback) => {
      if (options.refuseAll) return callback(reply(550, 'no such mailbox'));
      if (busy > 0) {
        busy -= 1;
        return callback(reply(451, 'busy, try again later'));
      }
      callback();
    },
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor: async (match) =>
      await vi.waitFor(
        () => {
          const found = received.find(match);
          if (!found) throw new Error(`no matching email among ${received.length} received`);
          return found;
        },
        { timeout: 30_000, interval: 20 },
      ),
    to: (address) => received.filter((mail) => isTo(mail, address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TCP server that accepts connections and never says a word: an SMTP server that has stalled. */
export interface StalledServer {
  readonly url: string;
  /** Connections opened to it so far. */
  readonly connections: () => number;
  close(): Promise<void>;
}

/** Starts a {@link StalledServer} on 127.0.0.1. */
export async function startStalledServer(): Promise<StalledServer> {
  const sockets = new Set<Socket>();
  let opened = 0;
  const server = createServer((socket) => {
    opened += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    connections: () => opened,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
