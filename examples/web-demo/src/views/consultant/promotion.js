/**
 * The consultant's promotion for new clients: free first minutes of a user's first consultation with
 * them, paid by the platform, within the platform's bound. Hidden while the platform allows none.
 */

import { api } from '../../api.js';
import { field, h, toast } from '../../dom.js';
import { t } from '../../i18n.js';

/**
 * "None", "1 minute", "90 seconds".
 * @param {number} seconds
 */
function describe(seconds) {
  if (seconds === 0) return t('summary.none');
  if (seconds % 60 !== 0) return t('promotion.seconds', { count: seconds });
  return t('promotion.minutes', { count: seconds / 60 });
}

export function createPromotion() {
  const select = /** @type {HTMLSelectElement} */ (
    h('select', { name: 'freeSeconds', 'data-testid': 'promotion-select' })
  );
  const current = h('p', { class: 'muted small', 'data-testid': 'promotion-current', 'aria-live': 'polite' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const save = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'promotion-save' }, t('common.save'))
  );
  const el = h(
    'div',
    { class: 'card promotion', 'data-testid': 'promotion', hidden: true },
    h('h2', {}, t('promotion.title')),
    h('p', { class: 'muted small' }, t('promotion.lead')),
    h(
      'form',
      { class: 'stack', onsubmit: (/** @type {SubmitEvent} */ event) => void submit(event) },
      field(t('summary.free'), select),
      current,
      error,
      save,
    ),
  );

  /** @param {{ freeSeconds: number, maxFreeSeconds: number }} promotion */
  function show(promotion) {
    el.hidden = promotion.maxFreeSeconds === 0;
    const choices = [0];
    for (let s = 60; s <= promotion.maxFreeSeconds; s += 60) choices.push(s);
    if (!choices.includes(promotion.maxFreeSeconds)) choices.push(promotion.maxFreeSeconds);
    select.replaceChildren(
      ...choices.map((s) => h('option', { value: String(s), selected: s === promotion.freeSeconds }, describe(s))),
    );
    current.textContent =
      promotion.freeSeconds === 0
        ? t('promotion.none')
        : t('promotion.current', { time: describe(promotion.freeSeconds) });
  }

  /** @param {SubmitEvent} event */
  async function submit(event) {
    event.preventDefault();
    error.hidden = true;
    save.disabled = true;
    try {
      show(/** @type {any} */ (await api.setPromotion(Number(select.value))));
      toast(t('promotion.saved'), 'info');
    } catch {
      error.textContent = t('promotion.saveFailed');
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  }

  void api
    .promotion()
    .then((promotion) => show(/** @type {any} */ (promotion)))
    .catch(() => undefined); // the card stays hidden: promotions are optional
  return { el };
}
