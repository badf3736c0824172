/**
 * The "Email notifications" card: the language emails are written in, and each kind of email the
 * account can receive on or off. Every change is saved at once; the server answers which kinds the
 * account's role receives.
 */

import { get, put } from './api.js';
import { field, h } from './dom.js';

/** What each kind of email is, in the words of the settings page. */
const KIND_LABELS = {
  'incoming-request': 'New consultation requests, clients from your waitlist included',
  'low-balance': 'Low balance during a consultation',
  'session-summary': 'A summary after each consultation',
  invoice: 'Invoices, with the PDF attached',
};

const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'hi', label: 'हिन्दी (Hindi)' },
];

const SAVE_FAILED = 'Your email settings could not be saved. Check your connection and try again.';
const LOAD_FAILED = 'Your email settings could not be loaded. Reload the page to try again.';

/**
 * @typedef {{ language: 'en' | 'hi', kinds: Record<string, boolean>, sending: boolean }} EmailSettings
 */

export function createNotificationSettings() {
  const language = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'email-language', 'data-testid': 'email-language', onchange: () => save({ language: language.value }) },
      ...LANGUAGES.map((option) => h('option', { value: option.value }, option.label)),
    )
  );
  const kinds = h('div', { class: 'email-kinds', role: 'group', 'aria-labelledby': 'email-kinds-legend' });
  const offline = h(
    'p',
    { class: 'notice', 'data-testid': 'email-not-sending', hidden: true },
    'This server sends no email right now. Your choices are kept and apply once it does.',
  );
  const status = h('p', { class: 'muted small', 'data-testid': 'email-status', 'aria-live': 'polite' });
  const el = h(
    'section',
    { class: 'card email-settings', 'data-testid': 'email-settings', 'aria-labelledby': 'email-settings-title' },
    h('h2', { id: 'email-settings-title' }, 'Email notifications'),
    h('p', { class: 'muted small' }, 'We email you about your consultations even when this page is closed.'),
    offline,
    field('Language of the emails', language),
    h('p', { class: 'field-label', id: 'email-kinds-legend' }, 'Send me emails about'),
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
          h('span', {}, KIND_LABELS[/** @type {keyof typeof KIND_LABELS} */ (kind)] ?? kind),
        );
      }),
    );
  }

  /** @param {{ language?: string, kinds?: Record<string, boolean> }} change */
  async function save(change) {
    status.textContent = 'Saving…';
    try {
      show(/** @type {EmailSettings} */ (await put('/api/me/notifications', change)));
      status.textContent = 'Saved.';
    } catch {
      status.textContent = SAVE_FAILED;
      await load(); // show what is stored, not what failed to save
    }
  }

  async function load() {
    try {
      show(/** @type {EmailSettings} */ (await get('/api/me/notifications')));
    } catch {
      status.textContent = LOAD_FAILED;
    }
  }

  return { el, load };
}
