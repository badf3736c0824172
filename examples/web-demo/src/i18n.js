/**
 * The one translation layer of the page: every sentence a person reads goes through `t`, in English or Hindi.
 * The choice is kept in localStorage (first visit: the browser's language) and, once signed in, in step with the
 * language of the account's emails, so one switch sets both.
 */

import i18next from '/vendor/i18next.js';

/** The languages the page speaks, with the `Intl` locale their numbers, money and dates are written in. */
export const LANGUAGES = /** @type {const} */ ({ en: 'en-IN', hi: 'hi-IN' });
const STORAGE_KEY = 'jc.language';

/** @typedef {keyof typeof LANGUAGES} Language */

/** @param {unknown} value @returns {value is Language} */
export function isLanguage(value) {
  return value === 'en' || value === 'hi';
}

/** The language chosen on this browser, or the browser's own when none was chosen yet. @returns {Language} */
function initialLanguage() {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  return String(navigator.language ?? '')
    .toLowerCase()
    .startsWith('hi')
    ? 'hi'
    : 'en';
}

/** @param {Language} lng */
async function loadLocale(lng) {
  const response = await fetch(new URL(`./locales/${lng}.json`, import.meta.url));
  if (!response.ok) throw new Error(`locale ${lng} answered ${response.status}`);
  return await response.json();
}

/** Loads both locales and starts in the remembered language; call once before the first render. */
export async function initI18n() {
  const [en, hi] = await Promise.all([loadLocale('en'), loadLocale('hi')]);
  await i18next.init({
    lng: initialLanguage(),
    fallbackLng: 'en',
    resources: { en: { translation: en }, hi: { translation: hi } },
    // The page builds DOM nodes with textContent, never HTML, so nothing needs escaping here.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = currentLanguage();
}

/**
 * The sentence for a key in the current language, with `{{name}}` placeholders filled in.
 * @param {string} key
 * @param {Record<string, unknown>} [vars]
 * @returns {string}
 */
export function t(key, vars) {
  return /** @type {string} */ (i18next.t(key, vars));
}

/** @returns {Language} */
export function currentLanguage() {
  const lng = i18next.language;
  return isLanguage(lng) ? lng : 'en';
}

/** The `Intl` locale of the current language: `en-IN` or `hi-IN`. */
export function currentLocale() {
  return LANGUAGES[currentLanguage()];
}

/** @type {Set<(lng: Language) => void>} */
const listeners = new Set();

/** Hears every change of language (the page re-renders on it). Returns the unsubscribe function. @param {(lng: Language) => void} fn */
export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Switches the page's language and, unless told otherwise, remembers it as this browser's choice; `<html lang>`
 * follows.
 * @param {Language} lng
 * @param {{ remember?: boolean }} [options] `remember: false` for a language taken from the signed-in account
 */
export async function setLanguage(lng, { remember = true } = {}) {
  if (!isLanguage(lng)) return;
  if (remember) localStorage.setItem(STORAGE_KEY, lng);
  if (lng === currentLanguage()) return;
  await i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
  for (const fn of [...listeners]) fn(lng);
}

/** After sign-out: the page goes back to this browser's own language unless a person chose one on it. */
export async function restoreBrowserLanguage() {
  if (!hasChosenLanguage()) await setLanguage(initialLanguage(), { remember: false });
}

/** Whether the locales have a sentence for a key (an error code, an end reason). @param {string} key */
export function hasText(key) {
  return i18next.exists(key);
}

/** Whether a person chose a language with the switch on this browser (rather than the browser's default). */
export function hasChosenLanguage() {
  return isLanguage(localStorage.getItem(STORAGE_KEY));
}
