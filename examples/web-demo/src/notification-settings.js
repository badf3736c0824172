/**
 * The "Email notifications" card: the language of the emails and of this page (one choice, like the
 * top bar's switch), and each kind of email the account can receive on or off. Every change is saved
 * at once; the server answers which kinds the account's role receives.
 */

import { get, put } from './api.js';
import { field, h } from './dom.js';
import { isLanguage, setLanguage, t } from './i18n.js';

/** The kinds of email with their own words on the settings page (`emails.kind.<kind>`). */
const KINDS = new Set(['incoming-request', 'low-balance', 'session-summary', 'invoice']);

const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'hi', label: 'हिन्दी (Hindi)' },
];

/**
 * @typedef {{ language: 'en' | 'hi', kinds: Record<string, boolean>, sending: boolean }} EmailSettings
 */

export function createNotificationSettings() {
  const language = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'email-language', 'data-testid': 'email-language', onchange: () => void chooseLanguage() },
      ...LANGUAGES.map((option) => h('option', { value: option.value }, option.label)),
    )
  );
  const kinds = h('div', { class: 'email-kinds', role: 'group', 'aria-labelledby': 'email-kinds-legend' });
  const offline = h('p', { class: 'notice', 'data-testid': 'email-not-sending', hidden: true }, t('emails.notSending'));
  const status = h('p', { class: 'muted small', 'data-testid': 'email-status', 'aria-live': 'polite' });
  const el = h(
    'section',
    { class: 'card email-settings', 'data-testid': 'email-settings', 'aria-labelledby': 'email-settings-title' },
    h('h2', { id: 'email-settings-title' }, t('emails.title')),
    h('p', { class: 'muted small' }, t('emails.lead')),
    offline,
    field(t('emails.language'), language),
    h('p', { class: 'field-label', id: 'email-kinds-legend' }, t('emails.kinds')),
    kinds,
    status,
  );

  /** @param {EmailSettings} settings */
  function show(settings) {
    language.value = settings.language;
    offline.hidden = settings.sending;
    kinds.replaceChildren(
      ...Object.entries(settings.kinds).map(([kind, on]) => {
        const box = /** @type {HTMLInputElement} */ (
          h('input', {
            type: 'checkbox',
            id: `email-kind-${kind}`,
            'data-testid': `email-kind-${kind}`,
            onchange: () => save({ kinds: { [kind]: box.checked } }),
          })
        );
        box.checked = on;
        return h(
          'label',
          { class: 'email-kind', for: box.id },
          box,
          h('span', {}, KINDS.has(kind) ? t(`emails.kind.${kind}`) : kind),
        );
      }),
    );
  }

  /**
   * The emails' language is saved first; once kept, the page speaks it too (and remembers it on this browser).
   * The switch redraws the view, which opens on its first tab: the person is brought back to the tab they
   * chose the language on, with the focus on the new card's language field.
   */
  async function chooseLanguage() {
    const lng = language.value;
    if (!(await save({ language: lng })) || !isLanguage(lng)) return;
    const tabId = el.closest('[role="tabpanel"]')?.getAttribute('aria-labelledby');
    await setLanguage(lng);
    if (tabId) document.getElementById(tabId)?.click();
    document.getElementById('email-language')?.focus();
  }

  /**
   * @param {{ language?: string, kinds?: Record<string, boolean> }} change
   * @returns {Promise<boolean>} whether the change was saved
   */
  async function save(change) {
    status.textContent = t('emails.saving');
    try {
      show(/** @type {EmailSettings} */ (await put('/api/me/notifications', change)));
      status.textContent = t('emails.saved');
      return true;
    } catch {
      status.textContent = t('emails.saveFailed');
      await load(); // show what is stored, not what failed to save
      return false;
    }
  }

  async function load() {
    try {
      show(/** @type {EmailSettings} */ (await get('/api/me/notifications')));
    } catch {
      status.textContent = t('emails.loadFailed');
    }
  }

  return { el, load };
}
