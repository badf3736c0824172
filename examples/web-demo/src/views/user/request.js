/** The request dialog: how to talk, the birth details the consultant sees first, and what the wallet pays for. */

import { field, h } from '../../dom.js';
import { dueAt, formatDuration, formatMoney, formatRate, secondsFundedBy, serviceLabel } from '../../format.js';
import { t } from '../../i18n.js';
import { state } from '../../state.js';
import { servicesOffered } from './consultant-card.js';
import { freeTimeNote } from './free-minutes.js';

/**
 * @typedef {import('./consultant-card.js').Consultant} Consultant
 * @typedef {import('./consultant-card.js').Service} Service
 * @typedef {{ name: string, dateOfBirth: string, timeOfBirth: string | null, placeOfBirth: string,
 *   question: string }} BirthDetails
 */

/** The last birth details sent, so the next request starts filled in. */
const BIRTH_KEY = 'jc.birthDetails';

/**
 * The birth details last sent from this browser, or null: a waitlist slot taken after a reload sends them.
 * @returns {BirthDetails | null}
 */
export function lastBirthDetails() {
  /** @type {Record<string, string>} */
  const saved = JSON.parse(localStorage.getItem(BIRTH_KEY) ?? '{}');
  if (!saved.name || !saved.dateOfBirth || !saved.placeOfBirth) return null;
  return {
    name: saved.name,
    dateOfBirth: saved.dateOfBirth,
    timeOfBirth: saved.timeOfBirth || null,
    placeOfBirth: saved.placeOfBirth,
    question: saved.question ?? '',
  };
}

/**
 * A modal dialog, shown at once; it removes itself when closed.
 * @param {{ consultant: Consultant, service: Service, balance: number, minimumSeconds: number,
 *   freeSeconds?: number, waitlist?: boolean,
 *   onSend: (service: Service, details: BirthDetails) => Promise<void>, onTopUp: () => void }} deps
 *   `minimumSeconds` of service the wallet must pay for to start; `onSend` requests the consultation (or, with
 *   `waitlist`, joins the consultant's waitlist): the dialog closes when it resolves and shows its error when it
 *   throws; `onTopUp` takes the user to the top-up form; `freeSeconds`: what the platform pays first
 */
export function openRequestDialog({
  consultant: c,
  service,
  balance,
  minimumSeconds,
  freeSeconds = 0,
  waitlist = false,
  onSend,
  onTopUp,
}) {
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
  const place = input('placeOfBirth', 'text', { required: true, placeholder: t('request.placePlaceholder') });
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
    t('request.topUp'),
  );
  const submit = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'submit', class: 'btn btn-primary', 'data-testid': 'request-submit' },
      waitlist ? t('request.joinWaitlist') : t('request.send'),
    )
  );
  const updateEstimate = () => {
    const chosen = /** @type {Service} */ (serviceSelect.value);
    const rate = c.rates[chosen];
    // The engine starts a consultation only when the wallet pays for its first seconds (at least one).
    const needed = dueAt(rate, Math.max(1, minimumSeconds));
    const short = balance < needed;
    estimate.textContent = short
      ? t('request.short', {
          service: serviceLabel(chosen).toLowerCase(), // English writes it mid-sentence
          rate: formatRate(rate),
          needed: formatMoney(needed),
          balance: formatMoney(balance),
        })
      : freeSeconds
        ? t('request.estimateWithFree', {
            free: formatDuration(freeSeconds),
            balance: formatMoney(balance),
            duration: formatDuration(freeSeconds + secondsFundedBy(balance, rate)),
            rate: formatRate(rate),
          })
        : t('request.estimate', {
            balance: formatMoney(balance),
            duration: formatDuration(secondsFundedBy(balance, rate)),
            rate: formatRate(rate),
          });
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
      error.textContent = t('request.missing');
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
          h(
            'h2',
            { id: 'request-title' },
            waitlist ? t('request.titleWaitlist', { name: c.name }) : t('request.title', { name: c.name }),
          ),
          h(
            'button',
            { type: 'button', class: 'icon-btn', 'aria-label': t('common.close'), onclick: () => dialog.close() },
            '✕',
          ),
        ),
        field(t('request.how'), serviceSelect),
        h(
          'fieldset',
          { class: 'birth-card' },
          h('legend', {}, t('request.birthDetails')),
          h('p', { class: 'muted small' }, t('request.seenBy', { name: c.name })),
          field(t('request.fullName'), name),
          h(
            'div',
            { class: 'row-2' },
            field(t('request.dateOfBirth'), dob),
            field(t('request.timeOfBirth'), tob, t('request.timeHint')),
          ),
          field(t('request.placeOfBirth'), place),
          field(t('request.question'), question),
        ),
        waitlist
          ? h(
              'p',
              { class: 'muted small', 'data-testid': 'waitlist-note' },
              t('request.waitlistNote', { name: c.name }),
            )
          : null,
        freeSeconds ? freeTimeNote(freeSeconds) : null,
        estimate,
        error,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => dialog.close() }, t('common.cancel')),
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
