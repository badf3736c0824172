import type { MailLocale } from './i18n.js';
import { escapeHtml } from './templates.js';

function page(language: string, title: string, content: string): string {
  return [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)} · JyotishConnect</title></head>`,
    '<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5">',
    `<h1 style="font-size:1.4rem">${escapeHtml(title)}</h1>`,
    content,
    '</body></html>',
  ].join('\n');
}

/** Asks to confirm: the link's GET changes nothing (mail scanners open links), the button POSTs to it. */
export function confirmPage(locale: MailLocale, kindName: string, email: string, action: string): string {
  const { t } = locale;
  return page(
    locale.language,
    t('unsubscribe.title'),
    `<p>${escapeHtml(t('unsubscribe.question', { kind: kindName, email }))}</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit" style="font-size:1rem;padding:.5rem 1.25rem">${escapeHtml(t('unsubscribe.confirm'))}</button></form>`,
  );
}

/** Says the kind is off, and where to turn it back on. */
export function donePage(locale: MailLocale, kindName: string): string {
  const { t } = locale;
  return page(
    locale.language,
    t('unsubscribe.title'),
    `<p>${escapeHtml(t('unsubscribe.done', { kind: kindName }))}</p>`,
  );
}

/** A link that is not valid: its language is unknown, so the page says it in every language. */
export function invalidLinkPage(locales: readonly MailLocale[]): string {
  const [first] = locales;
  return page(
    first?.language ?? 'en',
    locales.map((l) => l.t('unsubscribe.title')).join(' · '),
    locales.map((l) => `<p lang="${l.language}">${escapeHtml(l.t('unsubscribe.invalid'))}</p>`).join('\n'),
  );
}
