import { readFileSync } from 'node:fs';
import { createInstance, type TFunction } from 'i18next';
import type { MailLanguage } from '../host-store/index.js';
import { MAIL_LANGUAGES } from '../host-store/rules.js';

/** Dates in emails are Indian Standard Time: the platform's market, whatever the server's zone. */
export const MAIL_TIME_ZONE = 'Asia/Kolkata';

/** The translations of one language, from `locales/<language>.json`. */
export function translationsOf(language: MailLanguage): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./locales/${language}.json`, import.meta.url), 'utf8'));
}

/** Everything an email needs to speak one language: its strings, and money, dates and durations as its readers write them. */
export interface MailLocale {
  /** Which language this is. */
  readonly language: MailLanguage;
  /** The strings of `locales/<language>.json`, interpolated as given (the HTML part escapes them itself). */
  readonly t: TFunction;
  /** Paise as rupees: `₹1,500.00`. */
  money(paise: number): string;
  /** An instant, in {@link MAIL_TIME_ZONE}. */
  dateTime(epochMs: number): string;
  /** Whole seconds as minutes and seconds: `2 min 5 s`. */
  duration(seconds: number): string;
}

function localeOf(language: MailLanguage, t: TFunction): MailLocale {
  const tag = `${language}-IN`;
  const rupees = new Intl.NumberFormat(tag, { style: 'currency', currency: 'INR' });
  const dates = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: MAIL_TIME_ZONE });
  const count = new Intl.NumberFormat(tag);
  return {
    language,
    t,
    // Display only: a safe integer of paise over 100 is the nearest double to its two-decimal value, which prints exactly.
    money: (paise) => rupees.format(paise / 100),
    dateTime: (epochMs) => dates.format(new Date(epochMs)),
    duration: (seconds) => {
      const minutes = Math.floor(seconds / 60);
      const rest = count.format(seconds % 60);
      return minutes === 0
        ? t('duration.seconds', { seconds: rest })
        : t('duration.minutesSeconds', { minutes: count.format(minutes), seconds: rest });
    },
  };
}

/**
 * One i18next instance (not the global one) with every language's strings; a
 * key missing in Hindi falls back to English, and a test keeps the two files
 * holding the same keys.
 */
export async function loadMailLocales(): Promise<Readonly<Record<MailLanguage, MailLocale>>> {
  const i18n = createInstance();
  await i18n.init({
    resources: Object.fromEntries(
      MAIL_LANGUAGES.map((language) => [language, { translation: translationsOf(language) }]),
    ),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return {
    en: localeOf('en', i18n.getFixedT('en')),
    hi: localeOf('hi', i18n.getFixedT('hi')),
  };
}
