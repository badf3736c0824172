import type { ServiceType } from '@jyotishconnect/billing-engine';
import type { NotificationKind } from '../host-store/index.js';
import type { MailLocale } from './i18n.js';

/** What each kind of email says, as data; {@link renderMail} words it in a language. */
export type MailContent =
  | {
      readonly kind: 'incoming-request';
      readonly consultantName: string;
      readonly clientName: string;
      readonly service: ServiceType;
      /** `waitlist` when a user waiting in the consultant's queue was offered the slot. */
      readonly source: 'direct' | 'waitlist';
      /** Paise per minute. */
      readonly ratePerMinute: number;
      /** When the request lapses unanswered (epoch ms). */
      readonly expiresAt: number;
    }
  | {
      readonly kind: 'low-balance';
      readonly userName: string;
      readonly consultantName: string;
      readonly service: ServiceType;
      /** Seconds of service the wallet still pays for. */
      readonly secondsLeft: number;
      /** Paise available in the wallet. */
      readonly balance: number;
    }
  | {
      readonly kind: 'session-summary';
      readonly userName: string;
      readonly consultantName: string;
      readonly service: ServiceType;
      /** When the consultant accepted (epoch ms). */
      readonly startedAt: number;
      /** Whole seconds served. */
      readonly secondsBilled: number;
      /** Seconds the promotions account paid for. */
      readonly freeSeconds: number;
      /** Paise taken from the user's wallet. */
      readonly userCharged: number;
    }
  | {
      readonly kind: 'invoice';
      readonly userName: string;
      readonly number: string;
      /** When it was issued (epoch ms). */
      readonly issuedAt: number;
      /** Paise. */
      readonly total: number;
      /** Whether the PDF is attached; otherwise the email says where to download it. */
      readonly attached: boolean;
    };

/** Where an email's links go. */
export interface MailLinks {
  /** The button: the web demo. */
  readonly action: string;
  /** Turns this kind off for this recipient, without logging in. */
  readonly unsubscribe: string;
}

/** An email's subject and its two parts. */
export interface RenderedMail {
  /** The subject line. */
  readonly subject: string;
  /** The plain-text part. */
  readonly text: string;
  /** The HTML part, a whole document with inline styles (as mail clients need). */
  readonly html: string;
}

/** The parts of a body, in order. */
interface Body {
  readonly subject: string;
  readonly recipient: string;
  readonly paragraphs: readonly string[];
  readonly facts?: readonly (readonly [label: string, value: string])[];
  /** A paragraph after the facts: what to do next. */
  readonly closing?: string;
  readonly action: string;
}

function bodyOf(content: MailContent, l: MailLocale): Body {
  const { t } = l;
  switch (content.kind) {
    case 'incoming-request': {
      const waitlist = content.source === 'waitlist';
      const words = { client: content.clientName, service: t(`service.${content.service}`) };
      const rate = l.money(content.ratePerMinute);
      return {
        subject: t(waitlist ? 'incomingRequest.subjectWaitlist' : 'incomingRequest.subject', words),
        recipient: content.consultantName,
        paragraphs: [
          t(waitlist ? 'incomingRequest.bodyWaitlist' : 'incomingRequest.body', { ...words, rate }),
          t('incomingRequest.expires', { expiresAt: l.dateTime(content.expiresAt) }),
        ],
        action: t('incomingRequest.action'),
      };
    }
    case 'low-balance': {
      const words = {
        consultant: content.consultantName,
        service: t(`service.${content.service}`),
        time: l.duration(content.secondsLeft),
        balance: l.money(content.balance),
      };
      return {
        subject: t('lowBalance.subject', words),
        recipient: content.userName,
        paragraphs: [t('lowBalance.body', words), t('lowBalance.next')],
        action: t('lowBalance.action'),
      };
    }
    case 'session-summary': {
      const duration = l.duration(content.secondsBilled);
      const charged = l.money(content.userCharged);
      return {
        subject: t('sessionSummary.subject', { consultant: content.consultantName, duration, charged }),
        recipient: content.userName,
        paragraphs: [t('sessionSummary.intro')],
        closing: t('sessionSummary.next'),
        facts: [
          [t('sessionSummary.consultant'), content.consultantName],
          [t('sessionSummary.service'), t(`service.${content.service}`)],
          [t('sessionSummary.started'), l.dateTime(content.startedAt)],
          [t('sessionSummary.duration'), duration],
          [t('sessionSummary.free'), l.duration(content.freeSeconds)],
          [t('sessionSummary.charged'), charged],
        ],
        action: t('sessionSummary.action'),
      };
    }
    case 'invoice': {
      const words = { number: content.number, issuedAt: l.dateTime(content.issuedAt), total: l.money(content.total) };
      return {
        subject: t('invoice.subject', words),
        recipient: content.userName,
        paragraphs: [t('invoice.body', words), t(content.attached ? 'invoice.attached' : 'invoice.download')],
        action: t('invoice.action'),
      };
    }
  }
}

/** Text as HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

// Single quotes only inside: each value sits in a double-quoted style attribute. The web demo's colours.
const STYLE = {
  body: "font-family:system-ui,-apple-system,'Segoe UI','Noto Sans Devanagari',sans-serif;color:#1f1a2e;line-height:1.5;max-width:560px;margin:0 auto;padding:24px",
  label: 'padding:4px 16px 4px 0;color:#675f73;vertical-align:top',
  button:
    'display:inline-block;background:#b4511a;color:#ffffff;padding:10px 18px;border-radius:999px;text-decoration:none;font-weight:600',
  footer: 'font-size:12px;color:#675f73;border-top:1px solid #e4ded3;margin-top:24px;padding-top:12px',
} as const;

function htmlOf(body: Body, l: MailLocale, links: MailLinks, kindName: string): string {
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const facts = body.facts
    ? `<table role="presentation">${body.facts
        .map(
          ([label, value]) =>
            `<tr><td style="${STYLE.label}">${escapeHtml(label)}</td><td>${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  return [
    `<!doctype html><html lang="${l.language}"><head><meta charset="utf-8"><title>${escapeHtml(body.subject)}</title></head>`,
    `<body style="${STYLE.body}">`,
    p(l.t('greeting', { name: body.recipient })),
    ...body.paragraphs.map(p),
    facts,
    body.closing ? p(body.closing) : '',
    `<p><a href="${escapeHtml(links.action)}" style="${STYLE.button}">${escapeHtml(body.action)}</a></p>`,
    `<div style="${STYLE.footer}"><p>${escapeHtml(l.t('footer.why'))} ${escapeHtml(l.t('footer.settings'))}</p>`,
    `<p><a href="${escapeHtml(links.unsubscribe)}">${escapeHtml(l.t('footer.unsubscribeLink', { kind: kindName }))}</a></p></div>`,
    '</body></html>',
  ].join('\n');
}

function textOf(body: Body, l: MailLocale, links: MailLinks, kindName: string): string {
  return [
    l.t('greeting', { name: body.recipient }),
    ...body.paragraphs,
    ...(body.facts ? [body.facts.map(([label, value]) => `${label}: ${value}`).join('\n')] : []),
    ...(body.closing ? [body.closing] : []),
    `${body.action}: ${links.action}`,
    '--',
    `${l.t('footer.why')} ${l.t('footer.settings')}\n${l.t('footer.unsubscribe', { kind: kindName, url: links.unsubscribe })}`,
  ].join('\n\n');
}

/** Words `content` in the locale's language: the subject, a text part and an HTML part, with the kind's unsubscribe link. */
export function renderMail(content: MailContent, locale: MailLocale, links: MailLinks): RenderedMail {
  const body = bodyOf(content, locale);
  const kindName = locale.t(`kind.${content.kind satisfies NotificationKind}`);
  return {
    subject: body.subject,
    text: textOf(body, locale, links, kindName),
    html: htmlOf(body, locale, links, kindName),
  };
}
