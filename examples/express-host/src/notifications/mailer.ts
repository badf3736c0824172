import type { Clock, TimerHandle } from '@jyotishconnect/core';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';

/** One email, ready to send. */
export interface OutgoingMail {
  /** What it is, for the logs (never the address or the content). */
  readonly kind: string;
  /** The recipient's address: one address, never a list. */
  readonly to: string;
  readonly subject: string;
  /** The plain-text part. */
  readonly text: string;
  /** The HTML part. */
  readonly html: string;
  /** Extra headers, such as `List-Unsubscribe`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Files built in memory (never read from disk or a URL). */
  readonly attachments?: readonly { filename: string; content: Buffer; contentType: string }[];
}

/** Options of {@link Mailer}. */
export interface MailerOptions {
  /** A nodemailer transport (SMTP in the host). */
  readonly transport: Transporter;
  /** The sender of every email. */
  readonly from: string;
  /** Backoff between tries waits on this clock. */
  readonly clock: Clock;
  /** Where sends, retries and drops are logged (never an address or a credential). */
  readonly logger: Logger;
  /** Emails in flight at once. */
  readonly concurrency: number;
  /** Tries per email, the first included, before it is dropped. */
  readonly maxAttempts: number;
  /** The wait before the second try; it doubles before each next one. Default 2 s. */
  readonly retryBaseMs?: number;
  /** Emails waiting beyond this are dropped: a dead server must not grow the queue without end. Default 1,000. */
  readonly maxQueued?: number;
}

interface Job {
  readonly mail: OutgoingMail;
  readonly attempt: number;
}

/** SMTP error fields nodemailer sets; `code` names a network or protocol failure, `responseCode` is the server's reply. */
interface SmtpFailure {
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly command?: unknown;
}

/** Failures another try may get past: the network, a timeout, a server that is busy. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'ECONNREFUSED']);

/** Whether another try may succeed: a 4xx reply (RFC 5321's "transient negative") or a network failure; never a 5xx. */
export function isTransient(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as SmtpFailure;
  if (typeof responseCode === 'number') return responseCode >= 400 && responseCode < 500;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

/**
 * What the log may say about a failure: its code, the server's reply code and
 * the command's verb. Not the error itself: an authentication failure's
 * command line or message could carry the credentials.
 */
export function smtpFailureSummary(error: unknown): Record<string, unknown> {
  const { code, responseCode, command } = (error ?? {}) as SmtpFailure;
  return {
    code: typeof code === 'string' ? code : undefined,
    responseCode: typeof responseCode === 'number' ? responseCode : undefined,
    command: typeof command === 'string' ? command.split(' ')[0] : undefined,
  };
}

/**
 * Sends email in the background: {@link Mailer.send} only queues, so a slow
 * or dead SMTP server never holds up its caller (a billing tick). At most
 * `concurrency` emails are in flight; a transient failure is tried again
 * after a doubling wait, up to `maxAttempts` tries, then the email is dropped
 * with a warning. The queue lives in this process: emails not yet sent when
 * it stops are lost, which is why nothing that matters (money) depends on one.
 */
export class Mailer {
  readonly #options: Required<MailerOptions>;
  readonly #queue: Job[] = [];
  readonly #retries = new Set<TimerHandle>();
  #inFlight = 0;
  #closed = false;
  #idleWaiters: (() => void)[] = [];

  constructor(options: MailerOptions) {
    this.#options = { retryBaseMs: 2_000, maxQueued: 1_000, ...options };
  }

  /** Queues `mail`; never throws and never waits. */
  send(mail: OutgoingMail): void {
    if (this.#closed) return;
    this.#enqueue({ mail, attempt: 1 });
  }

  /** Emails waiting for a retry's backoff to pass. */
  get retriesWaiting(): number {
    return this.#retries.size;
  }

  /** Resolves once no email is queued or in flight (emails waiting for a retry are not waited for). */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops: drops what is queued or waiting for a retry and closes the transport's connections. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#retries) this.#options.clock.clearTimeout(timer);
    this.#retries.clear();
    this.#queue.length = 0;
    this.#options.transport.close();
    this.#settle();
  }

  #enqueue(job: Job): void {
    if (this.#queue.length >= this.#options.maxQueued) {
      this.#options.logger.warn({ kind: job.mail.kind }, 'email dropped: the send queue is full');
      return;
    }
    this.#queue.push(job);
    this.#pump();
  }

  #pump(): void {
    while (!this.#closed && this.#inFlight < this.#options.concurrency) {
      const job = this.#queue.shift();
      if (!job) break;
      this.#inFlight += 1;
      void this.#deliver(job).finally(() => {
        this.#inFlight -= 1;
        this.#pump();
        this.#settle();
      });
    }
  }

  async #deliver(job: Job): Promise<void> {
    const { mail, attempt } = job;
    const { transport, from, logger, maxAttempts } = this.#options;
    try {
      await transport.sendMail({
        from,
        // An address object, not a string nodemailer would parse as a list: one account, one recipient.
        to: { name: '', address: mail.to },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { ...mail.headers },
        attachments: mail.attachments?.map((a) => ({ ...a })),
      });
      logger.debug({ kind: mail.kind, attempt }, 'email sent');
    } catch (error) {
      const failure = smtpFailureSummary(error);
      if (this.#closed) return;
      if (isTransient(error) && attempt < maxAttempts) {
        logger.info({ kind: mail.kind, attempt, ...failure }, 'email not sent; trying again later');
        this.#retryLater({ mail, attempt: attempt + 1 });
      } else {
        const why = isTransient(error) ? `not sent in ${attempt} tries` : 'the SMTP server refused it';
        logger.warn({ kind: mail.kind, attempts: attempt, ...failure }, `email dropped: ${why}`);
      }
    }
  }

  #retryLater(job: Job): void {
    const { clock, retryBaseMs } = this.#options;
    const wait = retryBaseMs * 2 ** (job.attempt - 2);
    const timer = clock.setTimeout(() => {
      this.#retries.delete(timer);
      if (!this.#closed) this.#enqueue(job);
    }, wait);
    this.#retries.add(timer);
  }

  #isIdle(): boolean {
    return this.#closed || (this.#queue.length === 0 && this.#inFlight === 0);
  }

  #settle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
