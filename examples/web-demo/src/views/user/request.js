/** The request dialog: how to talk, the birth details the consultant sees first, and what the wallet pays for. */

import { field, h } from '../../dom.js';
import { dueAt, formatDuration, formatMoney, formatRate, secondsFundedBy, serviceLabel } from '../../format.js';
import { state } from '../../state.js';
import { servicesOffered } from './consultant-card.js';

/**
 * @typedef {import('./consultant-card.js').Consultant} Consultant
 * @typedef {import('./consultant-card.js').Service} Service
 * @typedef {{ name: string, dateOfBirth: string, timeOfBirth: string | null, placeOfBirth: string,
 *   question: string }} BirthDetails
 */

/** The last birth details sent, so the next request starts filled in. */
const BIRTH_KEY = 'jc.birthDetails';

/**
 * A modal dialog, shown at once; it removes itself when closed.
 * @param {{ consultant: Consultant, service: Service, balance: number, minimumSeconds: number,
 *   onSend: (service: Service, details: BirthDetails) => Promise<void>, onTopUp: () => void }} deps
 *   `minimumSeconds` of service the wallet must pay for to start; `onSend` requests the consultation: the dialog
 *   closes when it resolves and shows its error when it throws; `onTopUp` takes the user to the top-up form
 */
export function openRequestDialog({ consultant: c, service, balance, minimumSeconds, onSend, onTopUp }) {
  /** @type {Record<string, string>} */
  const saved = JSON.parse(localStorage.getItem(BIRTH_KEY) ?? '{}');
  /** @param {string} name @param {string} type @param {Record<string, unknown>} [extra] */
  const input = (name, type, extra = {}) =>
    /** @type {HTMLInputElement} */ (
      h('input', { name, type, value: saved[name] ?? '', 'data-testid': `birth-${name}`, ...extra })
    );
  const name = input('name', 'text', {
    required: true,
    autocomplete: 'name',
    value: saved.name ?? state.user?.name ?? '',
  });
  const dob = input('dateOfBirth', 'date', { required: true, max: new Date().toISOString().slice(0, 10) });
  const tob = input('timeOfBirth', 'time');
  const place = input('placeOfBirth', 'text', { required: true, placeholder: 'City, state, country' });
  const question = /** @type {HTMLTextAreaElement} */ (
    h('textarea', { name: 'question', rows: 3, maxlength: 1000, 'data-testid': 'birth-question' }, saved.question ?? '')
  );
  const serviceSelect = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'service', 'data-testid': 'request-service' },
      servicesOffered(c).map((s) =>
        h('option', { value: s, selected: s === service }, `${serviceLabel(s)} · ${formatRate(c.rates[s])}`),
      ),
    )
  );
  const estimate = h('p', { class: 'estimate', 'data-testid': 'estimate', 'aria-live': 'polite' });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'request-error', hidden: true });
  const topUp = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-primary btn-sm',
      'data-testid': 'request-topup',
      hidden: true,
      onclick: () => {
        dialog.close();
        onTopUp();
      },
    },
    'Top up',
  );
  const submit = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'request-submit' }, 'Send request')
  );
  const updateEstimate = () => {
    const chosen = /** @type {Service} */ (serviceSelect.value);
    const rate = c.rates[chosen];
    // The engine starts a consultation only when the wallet pays for its first seconds (at least one).
    const needed = dueAt(rate, Math.max(1, minimumSeconds));
    const short = balance < needed;
    estimate.textContent = short
      ? `A ${serviceLabel(chosen).toLowerCase()} at ${formatRate(rate)} needs at least ${formatMoney(needed)} in your wallet to start; you have ${formatMoney(balance)}. Top up to send this request.`
      : `Your ${formatMoney(balance)} pays for about ${formatDuration(secondsFundedBy(balance, rate))} at ${formatRate(rate)}.`;
    estimate.classList.toggle('estimate-short', short);
    topUp.hidden = !short;
    submit.disabled = short;
  };
  serviceSelect.addEventListener('change', updateEstimate);
  updateEstimate();

  /** @param {SubmitEvent} event */
  async function send(event) {
    event.preventDefault();
    error.hidden = true;
    if (!name.value.trim() || !dob.value || !place.value.trim()) {
      error.textContent = 'Please fill in your name, date and place of birth.';
      error.hidden = false;
      return;
    }
    const details = {
      name: name.value.trim(),
      dateOfBirth: dob.value,
      timeOfBirth: tob.value || null,
      placeOfBirth: place.value.trim(),
      question: question.value.trim(),
    };
    localStorage.setItem(BIRTH_KEY, JSON.stringify({ ...details, timeOfBirth: details.timeOfBirth ?? '' }));
    submit.disabled = true;
    try {
      await onSend(/** @type {Service} */ (serviceSelect.value), details);
      dialog.close();
    } catch (e) {
      error.textContent = /** @type {Error} */ (e).message;
      error.hidden = false;
      // The wallet fell short after all (spent elsewhere meanwhile): offer the top-up here too.
      if (/** @type {{ code?: string }} */ (e).code === 'INSUFFICIENT_FUNDS') topUp.hidden = false;
    } finally {
      submit.disabled = false;
    }
  }

  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      'dialog',
      { class: 'sheet', 'aria-labelledby': 'request-title', 'data-testid': 'request-dialog' },
      h(
        'form',
        { class: 'stack', onsubmit: send },
        h(
          'header',
          { class: 'sheet-head' },
          h('h2', { id: 'request-title' }, `Consult ${c.name}`),
          h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Close', onclick: () => dialog.close() }, '✕'),
        ),
        field('How do you want to talk?', serviceSelect),
        h(
          'fieldset',
          { class: 'birth-card' },
          h('legend', {}, 'Birth details'),
          h('p', { class: 'muted small' }, `${c.name} sees these before accepting.`),
          field('Full name', name),
          h(
            'div',
            { class: 'row-2' },
            field('Date of birth', dob),
            field('Time of birth', tob, 'Leave empty if unknown.'),
          ),
          field('Place of birth', place),
          field('Your question', question),
        ),
        estimate,
        error,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => dialog.close() }, 'Cancel'),
          topUp,
          submit,
        ),
      ),
    )
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
