import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { OUTSIDE_DEMO } from './payment-config.js';

/** The sender demo mode uses when `MAIL_FROM` is unset. */
export const DEMO_MAIL_FROM = 'JyotishConnect <no-reply@localhost>';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const int = (min: number) => z.coerce.number().int().min(min);

/** `a@b.c` or `Name <a@b.c>`, on one line (a header value: no CR/LF can smuggle another header in). */
const mailbox = z
  .string()
  .regex(
    /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
    'must be an address such as no-reply@example.com or "JyotishConnect <no-reply@example.com>"',
  );

/** The email settings in the environment; all optional: without `SMTP_URL` no email is sent. */
export const mailEnvShape = {
  /** The SMTP server, `smtp://user:password@host:587` (STARTTLS) or `smtps://…:465` (TLS from the start). Secret: never logged. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** Production only: allow `smtp://` without TLS, for a relay on this machine or a private network. */
  SMTP_ALLOW_PLAINTEXT: flag.optional(),
  /** The sender of every email; required outside demo mode when `SMTP_URL` is set. */
  MAIL_FROM: mailbox.optional(),
  /** Where the web demo is reached from outside, for the links in emails; required outside demo mode when `SMTP_URL` is set. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** How long a connection, greeting or silent socket may take before the attempt fails and is retried. */
  SMTP_TIMEOUT_SECONDS: int(1).max(600).default(30),
  /** Tries per email before it is dropped with a warning. */
  MAIL_MAX_ATTEMPTS: int(1).max(20).default(5),
  /** Emails sent at once; more wait in the queue. */
  MAIL_CONCURRENCY: int(1).max(20).default(2),
};

type MailEnv = { [K in keyof typeof mailEnvShape]?: z.output<(typeof mailEnvShape)[K]> };

/** Where and how the host sends email. Secrets: `smtpUrl` carries the credentials; never log this object. */
export interface MailConfig {
  /** `SMTP_URL`, credentials included. */
  readonly smtpUrl: string;
  /** Refuse to send unless the server upgrades the connection with STARTTLS (`smtp://` in production). */
  readonly requireTls: boolean;
  /** `MAIL_FROM`: the sender of every email. */
  readonly from: string;
  /** The site's address, without a trailing slash. */
  readonly publicUrl: string;
  /** How long a connection, greeting or silent socket is waited for. */
  readonly timeoutMs: number;
  /** Tries per email before it is dropped. */
  readonly maxAttempts: number;
  /** Emails in flight at once. */
  readonly concurrency: number;
}

function isLocalHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** Production's transport rule: TLS (smtps://, or STARTTLS required), or plaintext asked for and carrying no password off this machine. */
function requireTlsOf(url: URL, e: MailEnv, demo: boolean): boolean {
  if (url.protocol === 'smtps:' || demo) return false;
  if (!e.SMTP_ALLOW_PLAINTEXT) return true;
  if ((url.username || url.password) && !isLocalHost(url.hostname)) {
    throw new ConfigError(
      'SMTP_ALLOW_PLAINTEXT',
      `would send the SMTP password to ${url.hostname} unencrypted: use smtps://, or drop SMTP_ALLOW_PLAINTEXT so STARTTLS is required`,
    );
  }
  return false;
}

/**
 * The email settings: `null` without `SMTP_URL` (no email is sent). Outside
 * demo mode the sender and the public address are required, and the
 * connection must be encrypted unless `SMTP_ALLOW_PLAINTEXT` says otherwise.
 */
export function mailOf(e: MailEnv & { PORT: number }, demo: boolean): { mail: MailConfig | null } {
  if (!e.SMTP_URL) return { mail: null };
  const url = new URL(e.SMTP_URL);
  if (!demo && !e.MAIL_FROM) throw new ConfigError('MAIL_FROM', `is required with SMTP_URL ${OUTSIDE_DEMO}`);
  if (!demo && !e.PUBLIC_URL) {
    throw new ConfigError('PUBLIC_URL', `is required with SMTP_URL ${OUTSIDE_DEMO}: emails link to it`);
  }
  return {
    mail: {
      smtpUrl: e.SMTP_URL,
      requireTls: requireTlsOf(url, e, demo),
      from: e.MAIL_FROM ?? DEMO_MAIL_FROM,
      publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      timeoutMs: (e.SMTP_TIMEOUT_SECONDS ?? 30) * 1000,
      maxAttempts: e.MAIL_MAX_ATTEMPTS ?? 5,
      concurrency: e.MAIL_CONCURRENCY ?? 2,
    },
  };
}

/** Where email goes, with the credentials left out: what the start-up log may say. */
export function smtpServerOf(mail: MailConfig): string {
  const url = new URL(mail.smtpUrl);
  return `${url.protocol}//${url.host}`;
}
