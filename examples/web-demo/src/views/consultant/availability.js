/** The consultant's availability switch: online, users can request them; offline, they cannot. */

import { api } from '../../api.js';
import { h, toast } from '../../dom.js';
import { t } from '../../i18n.js';

/** The page's subtitle, which says what to do next: go online, or wait for requests. @param {boolean} online */
const subtitleText = (online) => (online ? t('availability.subtitleOnline') : t('availability.subtitleOffline'));

/** The switch's card (`el`), and the page subtitle (`subtitle`) that follows it. */
export function createAvailability() {
  let online = false;
  const toggle = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      {
        type: 'button',
        role: 'switch',
        class: 'switch',
        'aria-checked': 'false',
        'aria-labelledby': 'online-label',
        'data-testid': 'online-toggle',
        disabled: true, // until the directory says where the switch stands
        onclick: () => setOnline(!online),
      },
      h('span', { class: 'switch-thumb', 'aria-hidden': 'true' }),
    )
  );
  const text = h(
    'span',
    { class: 'muted small', 'data-testid': 'online-text', 'aria-live': 'polite' },
    t('availability.offline'),
  );
  const subtitle = h('p', { class: 'muted', 'data-testid': 'consultant-subtitle' }, subtitleText(false));
  const el = h(
    'div',
    { class: 'card availability' },
    h('div', {}, h('h2', { id: 'online-label' }, t('availability.title')), text),
    toggle,
  );

  /** @param {boolean} value */
  function show(value) {
    online = value;
    toggle.setAttribute('aria-checked', String(value));
    text.textContent = value ? t('availability.online') : t('availability.offline');
    subtitle.textContent = subtitleText(value);
  }

  /** @param {boolean} value */
  async function setOnline(value) {
    toggle.disabled = true;
    try {
      await api.setAvailability(value);
      show(value);
    } catch (e) {
      toast(t('availability.failed', { reason: /** @type {Error} */ (e).message }), 'error');
    } finally {
      toggle.disabled = false;
    }
  }

  return {
    el,
    subtitle,
    /** Reads where the switch stands from the consultant's own profile (the directory lists approved consultants only). */
    async update() {
      try {
        const mine = /** @type {{ online?: boolean }} */ (await api.myProfile());
        show(mine.online ?? false);
      } catch {
        /* keep offline */
      } finally {
        toggle.disabled = false;
      }
    },
  };
}
