/**
 * The top bar's language switch (English / हिन्दी), kept in step with the account's email language:
 * switching here (or on the sign-in page, then signing in) also sets the language of the emails, and
 * choosing the emails' language in the settings switches the page (`notification-settings.js`).
 */

import { get, put } from './api.js';
import { h } from './dom.js';
import { currentLanguage, hasChosenLanguage, isLanguage, onLanguageChange, setLanguage, t } from './i18n.js';
import { state } from './state.js';

/** Each language named in itself, so a person finds their own whatever the page speaks now. */
const NAMES = /** @type {const} */ ({ en: 'English', hi: 'हिन्दी' });

/**
 * Places the switch in the top bar; the buttons say which language is on (`aria-pressed`).
 * @param {HTMLElement} where the element the switch is put first in
 */
export function mountLanguageSwitch(where) {
  const buttons = /** @type {const} */ (['en', 'hi']).map((lng) =>
    h(
      'button',
      {
        type: 'button',
        class: 'lang-option',
        lang: lng,
        'data-testid': `language-${lng}`,
        onclick: () => void chooseLanguage(lng),
      },
      NAMES[lng],
    ),
  );
  const group = h('div', { class: 'lang-switch', role: 'group', 'data-testid': 'language-switch' }, buttons);
  const show = () => {
    group.setAttribute('aria-label', t('language.label'));
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.lang === currentLanguage()));
  };
  show();
  onLanguageChange(show);
  where.prepend(group);
}

/**
 * A person's choice: the page switches now, and a signed-in account's emails follow.
 * @param {'en' | 'hi'} lng
 */
async function chooseLanguage(lng) {
  // The emails' language is saved first, so the view redrawn by the switch (its email settings) shows it.
  if (hasEmails()) await saveEmailLanguage(lng);
  await setLanguage(lng);
}

/** Whether the signed-in account gets emails: users and consultants do, the operators' accounts do not. */
const hasEmails = () => Boolean(state.token) && state.user?.role !== 'admin';

/** @param {'en' | 'hi'} lng */
async function saveEmailLanguage(lng) {
  try {
    await put('/api/me/notifications', { language: lng });
  } catch (error) {
    // The page switches all the same; the emails keep theirs until the next switch or settings change.
    console.warn('the email language could not be saved', error);
  }
}

/**
 * After sign-in (and on a restored session): a language chosen with the switch on this browser (on the sign-in
 * page, say) becomes the emails' too. Without such a choice the page speaks the account's language (its emails'),
 * for this sign-in only: a browser shared by several people does not keep one person's language as its own.
 */
export async function syncLanguageWithAccount() {
  if (!hasEmails()) return;
  try {
    const settings = /** @type {{ language?: string }} */ (await get('/api/me/notifications'));
    if (!hasChosenLanguage()) {
      if (isLanguage(settings.language)) await setLanguage(settings.language, { remember: false });
    } else if (settings.language !== currentLanguage()) await saveEmailLanguage(currentLanguage());
  } catch (error) {
    console.warn('the email language could not be read', error);
  }
}
