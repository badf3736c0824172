/** The wallet tab's auto-recharge block: the card saved for it, turning it on or off, and its last charge. */

import { api } from '../../api.js';
import { field, h, toast } from '../../dom.js';
import { formatMoney, parseRupees } from '../../format.js';
import { t } from '../../i18n.js';

/**
 * @typedef {{ brand: string | null, last4: string | null }} SavedCard
 * @typedef {{ status: 'created' | 'paid' | 'failed', amount: number, failureReason: string | null }} LastRecharge
 * @typedef {{ enabled: boolean, threshold?: number, amount?: number, method: SavedCard | null, lastRecharge: LastRecharge | null }} Setting
 */

/** `Visa •••• 4242`, or `Saved card` when the provider named no brand or digits. */
export function cardLabel(/** @type {SavedCard} */ card) {
  const brand = card.brand ? card.brand.charAt(0).toUpperCase() + card.brand.slice(1) : t('autoRecharge.card');
  return card.last4 ? `${brand} •••• ${card.last4}` : t('autoRecharge.saved', { brand });
}

/** What the last charge came to, as a sentence with a next step; empty when there is nothing to say. */
function lastChargeText(/** @type {LastRecharge | null} */ last) {
  if (!last) return '';
  if (last.status === 'failed') {
    return t('autoRecharge.lastFailed', { money: formatMoney(last.amount) });
  }
  if (last.status === 'created') return t('autoRecharge.lastWaiting', { money: formatMoney(last.amount) });
  return t('autoRecharge.lastAdded', { money: formatMoney(last.amount) });
}

export function createAutoRecharge() {
  const card = h('p', { class: 'saved-card', 'data-testid': 'saved-card' });
  const remove = h(
    'button',
    { type: 'button', class: 'btn btn-ghost', 'data-testid': 'saved-card-remove', onclick: () => forget() },
    t('autoRecharge.remove'),
  );
  const state = h('p', { class: 'muted small', 'data-testid': 'auto-recharge-state' });
  const last = h('p', { class: 'notice', role: 'status', 'data-testid': 'auto-recharge-last', hidden: true });
  const threshold = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'auto-threshold',
      type: 'text',
      inputmode: 'decimal',
      value: '100',
      'data-testid': 'auto-threshold',
    })
  );
  const amount = /** @type {HTMLInputElement} */ (
    h('input', { id: 'auto-amount', type: 'text', inputmode: 'decimal', value: '500', 'data-testid': 'auto-amount' })
  );
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'auto-recharge-error' });
  const toggle = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', 'data-testid': 'auto-recharge-toggle' },
    t('autoRecharge.turnOn'),
  );
  const form = h(
    'form',
    { class: 'stack', novalidate: true, onsubmit: (/** @type {SubmitEvent} */ event) => submit(event) },
    h(
      'div',
      { class: 'auto-recharge-fields' },
      field(t('autoRecharge.threshold'), threshold),
      field(t('autoRecharge.amount'), amount),
    ),
    error,
    toggle,
  );
  const none = h('p', { class: 'muted', 'data-testid': 'saved-card-none' }, t('autoRecharge.none'));
  const el = h(
    'div',
    { class: 'auto-recharge', 'data-testid': 'auto-recharge' },
    h('h3', { class: 'subhead' }, t('autoRecharge.title')),
    none,
    h('div', { class: 'saved-card-row' }, card, remove),
    state,
    last,
    form,
  );

  /** @type {Setting | null} */
  let current = null;

  /** @param {Setting} setting */
  function show(setting) {
    current = setting;
    const saved = setting.method;
    none.hidden = saved !== null;
    card.textContent = saved ? cardLabel(saved) : '';
    /** @type {HTMLElement} */ (card.parentElement).hidden = saved === null;
    form.hidden = saved === null;
    state.hidden = saved === null;
    state.textContent = setting.enabled
      ? t('autoRecharge.on', {
          threshold: formatMoney(setting.threshold ?? 0),
          amount: formatMoney(setting.amount ?? 0),
        })
      : t('autoRecharge.off');
    toggle.textContent = setting.enabled ? t('autoRecharge.turnOff') : t('autoRecharge.turnOn');
    threshold.closest('.auto-recharge-fields')?.toggleAttribute('hidden', setting.enabled);
    last.textContent = lastChargeText(setting.lastRecharge);
    last.hidden = !last.textContent;
    last.dataset.state = setting.lastRecharge?.status === 'failed' ? 'failed' : '';
  }

  async function reload() {
    try {
      show(/** @type {Setting} */ (await api.autoRecharge()));
    } catch {
      // The wallet still works without this block; the next reload tries again.
    }
  }

  /** @param {SubmitEvent} event */
  async function submit(event) {
    event.preventDefault();
    error.hidden = true;
    try {
      if (current?.enabled) {
        await api.setAutoRecharge({ enabled: false });
        toast(t('autoRecharge.turnedOff'), 'success');
      } else {
        const below = parseRupees(threshold.value);
        const add = parseRupees(amount.value);
        if (!below || !add || add < 100) {
          error.textContent = t('autoRecharge.invalid');
          error.hidden = false;
          return;
        }
        await api.setAutoRecharge({ threshold: below, amount: add });
        toast(t('autoRecharge.turnedOn'), 'success');
      }
    } catch (e) {
      error.textContent = /** @type {Error} */ (e).message;
      error.hidden = false;
    }
    await reload();
  }

  async function forget() {
    try {
      show(/** @type {Setting} */ (await api.removeSavedCard()));
      toast(t('autoRecharge.removed'), 'success');
    } catch {
      toast(t('autoRecharge.removeFailed'), 'error');
    }
  }

  return { el, reload };
}
