import type { BillingEngine, Session } from '@jyotishconnect/billing-engine';
import type { Clock } from '@jyotishconnect/core';
import type { Wallet } from '@jyotishconnect/wallet-store';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { HostConfig, MailConfig } from '../config.js';
import type { HostStore, MailLanguage, NotificationKind, TaxDocument, UserRecord } from '../host-store/index.js';
import { defaultPreferences } from '../host-store/rules.js';
import { smtpServerOf } from '../mail-config.js';
import { loadMailLocales, type MailLocale } from './i18n.js';
import { Mailer, type OutgoingMail } from './mailer.js';
import { type MailContent, renderMail } from './templates.js';
import { createUnsubscribeTokens, type UnsubscribeTokens } from './unsubscribe-links.js';

/** An invoice was issued: what its email says. */
export interface InvoiceNotice {
  /** The user the invoice is for. */
  readonly userId: string;
  /** The invoice number, as printed on it. */
  readonly number: string;
  /** When it was issued (epoch ms). */
  readonly issuedAt: number;
  /** Paise. */
  readonly total: number;
  /** The invoice itself, handed to {@link InvoiceDocuments.invoicePdf}. */
  readonly invoice: TaxDocument;
}

/** Renders invoices as PDF documents, to attach to their email. */
export interface InvoiceDocuments {
  /** The PDF of `invoice`. */
  invoicePdf(invoice: TaxDocument): Promise<Buffer>;
}

/** Options of {@link createNotifications}. */
export interface NotificationsOptions {
  /** Where email goes (`null`: nowhere), and the secret unsubscribe links are signed with a key derived from. */
  readonly config: Pick<HostConfig, 'mail' | 'jwtSecret'>;
  /** Accounts (addresses, names, freezes) and their email preferences. */
  readonly host: HostStore;
  /** The balance a low-balance email states. */
  readonly wallet: Wallet;
  /** Whose events set the emails off. */
  readonly billing: BillingEngine;
  /** Retries' waits and unsubscribe tokens' times. */
  readonly clock: Clock;
  /** Where email is logged (never an address or a credential). */
  readonly logger: Logger;
  /** Attaches each invoice's PDF; without it the invoice email says where to download it. */
  readonly invoices?: InvoiceDocuments;
}

/** The host's email notifications. */
export interface Notifications {
  /** Whether email is sent (`SMTP_URL` is set). */
  readonly enabled: boolean;
  /** Unsubscribe links keep working while email is off: a link in an old email still turns its kind off. */
  readonly unsubscribeTokens: UnsubscribeTokens;
  /** The emails' languages, which the unsubscribe pages speak too. */
  readonly locales: Readonly<Record<MailLanguage, MailLocale>>;
  /** Emails the user an issued invoice, its PDF attached when a renderer was given. Never throws, never waits. */
  invoiceIssued(notice: InvoiceNotice): void;
  /** Resolves once every email set off so far is sent, dropped, or waiting for a retry. */
  idle(): Promise<void>;
  /** Stops sending: queued emails are dropped, connections closed. */
  close(): void;
}

/** How long after emailing a consultant about a client's request another request of that client is not emailed. */
export const REQUEST_EMAIL_COOLDOWN_MS = 5 * 60_000;

/** What an email needs once its recipient is known to want it: the content, and any attachments. */
type Compose = (recipient: UserRecord) => Promise<{
  content: MailContent;
  attachments?: OutgoingMail['attachments'];
}>;

/** Emails go to the web demo, and to the host's API for unsubscribing. */
function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
}

function smtpTransport(mail: MailConfig) {
  return createTransport({
    url: mail.smtpUrl,
    pool: true,
    maxConnections: mail.concurrency,
    requireTLS: mail.requireTls,
    connectionTimeout: mail.timeoutMs,
    greetingTimeout: mail.timeoutMs,
    socketTimeout: mail.timeoutMs,
    // Attachments are buffers built here: never let a message read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
}

/**
 * Emails people about their consultations, from the billing engine's events:
 * the consultant about a request (a waitlist offer too), the user about a low
 * balance (once per session), the session's summary and each invoice. Each
 * email is in the recipient's language and skipped if they turned its kind
 * off; a frozen account gets only invoices, which it is owed whatever it may
 * do. Handlers only start work in the background: billing never waits for
 * email, and an email that fails never reaches billing.
 */
export async function createNotifications(options: NotificationsOptions): Promise<Notifications> {
  const { config, host, wallet, billing, clock, logger } = options;
  const unsubscribeTokens = createUnsubscribeTokens(config.jwtSecret, clock);
  const locales = await loadMailLocales();
  const { mail } = config;
  if (!mail) {
    logger.info('email notifications are off: set SMTP_URL, MAIL_FROM and PUBLIC_URL to send them');
    const off = { invoiceIssued: () => {}, idle: async () => {}, close: () => {} };
    return { enabled: false, unsubscribeTokens, locales, ...off };
  }
  const mailer = new Mailer({
    transport: smtpTransport(mail),
    from: mail.from,
    clock,
    logger,
    concurrency: mail.concurrency,
    maxAttempts: mail.maxAttempts,
  });
  logger.info({ smtp: smtpServerOf(mail) }, 'email notifications on');

  const tasks = new Set<Promise<void>>();
  let closed = false;
  const inBackground = (kind: NotificationKind, task: () => Promise<void>) => {
    if (closed) return;
    const running: Promise<void> = task()
      .catch((error: unknown) => logger.warn({ err: error, kind }, 'email not sent: preparing it failed'))
      .finally(() => tasks.delete(running));
    tasks.add(running);
  };

  const deliver = async (kind: NotificationKind, recipientId: string, compose: Compose) => {
    const recipient = await host.accounts.byId(recipientId);
    if (!recipient || (recipient.frozen && kind !== 'invoice')) return;
    const preferences =
      (await host.notificationPreferences.preferencesOf(recipientId)) ?? defaultPreferences(recipientId);
    if (preferences.optedOut.includes(kind)) return;
    const locale: MailLocale = locales[preferences.language];
    const { content, attachments } = await compose(recipient);
    const unsubscribe = unsubscribeUrl(mail.publicUrl, await unsubscribeTokens.sign({ userId: recipientId, kind }));
    const rendered = renderMail(content, locale, { action: `${mail.publicUrl}/`, unsubscribe });
    mailer.send({
      kind,
      to: recipient.email,
      ...rendered,
      // RFC 8058 one-click unsubscribe: mail clients show their own button, which POSTs to the link.
      // The kind in a header of its own lets people sort these emails with their mail client's rules.
      headers: {
        'List-Unsubscribe': `<${unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'X-JyotishConnect-Kind': kind,
      },
      ...(attachments ? { attachments } : {}),
    });
  };

  const nameOf = async (id: string) => (await host.accounts.byId(id))?.name ?? '';

  // A client's direct requests to one consultant are emailed once per cooldown: requesting, withdrawing and
  // requesting again cannot flood an inbox. A waitlist offer is always emailed. Old pairs are forgotten as it goes.
  const requestEmailedAt = new Map<string, number>();
  const requestEmailDue = (session: Session): boolean => {
    if (session.source === 'waitlist') return true;
    const now = clock.now();
    for (const [pair, at] of requestEmailedAt) if (now - at >= REQUEST_EMAIL_COOLDOWN_MS) requestEmailedAt.delete(pair);
    const pair = `${session.userId}\n${session.consultantId}`;
    if (requestEmailedAt.has(pair)) return false;
    requestEmailedAt.set(pair, now);
    return true;
  };

  billing.on('session.requested', (session) => {
    if (!requestEmailDue(session)) return;
    inBackground('incoming-request', () =>
      deliver('incoming-request', session.consultantId, async (consultant) => ({
        content: {
          kind: 'incoming-request',
          consultantName: consultant.name,
          clientName: await nameOf(session.userId),
          service: session.service,
          source: session.source,
          ratePerMinute: session.ratePerMinute,
          expiresAt: session.requestExpiresAt,
        },
      })),
    );
  });

  // The engine fires once per drop below the threshold; a top-up and a second drop in one session send nothing more.
  const lowBalanceSent = new Set<string>();
  billing.on('session.lowBalance', ({ session, secondsLeft }) => {
    if (lowBalanceSent.has(session.id)) return;
    lowBalanceSent.add(session.id);
    inBackground('low-balance', () =>
      deliver('low-balance', session.userId, async (user) => ({
        content: {
          kind: 'low-balance',
          userName: user.name,
          consultantName: await nameOf(session.consultantId),
          service: session.service,
          secondsLeft,
          balance: (await wallet.getAccount(session.userId))?.available ?? 0,
        },
      })),
    );
  });

  const sendSummary = (session: Session, summary: Session['summary'], startedAt: number) =>
    deliver('session-summary', session.userId, async (user) => ({
      content: {
        kind: 'session-summary',
        userName: user.name,
        consultantName: await nameOf(session.consultantId),
        service: session.service,
        startedAt,
        secondsBilled: summary.secondsBilled,
        freeSeconds: summary.freeSeconds,
        userCharged: summary.userCharged,
      },
    }));

  billing.on('session.ended', ({ session, summary }) => {
    lowBalanceSent.delete(session.id);
    if (session.acceptedAt === null) return; // a request that was never taken: nothing to sum up
    inBackground('session-summary', () => sendSummary(session, summary, session.acceptedAt ?? session.requestedAt));
  });

  const invoiceIssued = (notice: InvoiceNotice) =>
    inBackground('invoice', () =>
      deliver('invoice', notice.userId, async (user) => {
        const pdf = await invoicePdfOf(notice);
        const attachments = pdf && [
          {
            filename: `invoice-${notice.number}.pdf`.replace(/[^\w.-]/g, '-'),
            content: pdf,
            contentType: 'application/pdf',
          },
        ];
        return {
          content: {
            kind: 'invoice',
            userName: user.name,
            number: notice.number,
            issuedAt: notice.issuedAt,
            total: notice.total,
            attached: Boolean(pdf),
          },
          ...(attachments ? { attachments } : {}),
        };
      }),
    );

  /** The PDF, or `null` without a renderer or when it fails: the email then says where to download the invoice. */
  const invoicePdfOf = async (notice: InvoiceNotice): Promise<Buffer | null> => {
    if (!options.invoices) return null;
    try {
      return await options.invoices.invoicePdf(notice.invoice);
    } catch (error) {
      logger.warn({ err: error, invoice: notice.number }, 'invoice PDF not rendered; emailing without it');
      return null;
    }
  };

  return {
    enabled: true,
    unsubscribeTokens,
    locales,
    invoiceIssued,
    idle: async () => {
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
      await mailer.idle();
    },
    close: () => {
      closed = true;
      mailer.close();
    },
  };
}
