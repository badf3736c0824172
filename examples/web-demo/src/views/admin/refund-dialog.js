/**
 * The admin's session refund: choose a full or a partial refund, then confirm a sentence naming
 * the amount and the user. Nothing is sent before the confirmation.
 */

import { api } from '../../api.js';
import { field, h } from '../../dom.js';
import { formatMoney, parseRupees, serviceLabel } from '../../format.js';

/**
 * @typedef {{ id: string, service: string, userName: string | null, consultantName: string | null,
 *   refunded: number, refundable: number }} RefundableSession
 */

/**
 * The sentence an error of the refund answers with: what went wrong and what to do next.
 * @param {any} error an `ApiError`
 */
function refundProblem(error) {
  if (error?.code === 'REFUND_EXCEEDS_ORIGINAL') {
    const left = Number(error.details?.refundable ?? 0);
    return left > 0
      ? `Only ${formatMoney(left)} of this consultation can still be refunded. Enter at most that amount.`
      : 'This consultation has been refunded in full already; there is nothing left to refund.';
  }
  if (error?.code === 'CONSULTANT_PAID_OUT') {
    return "The consultant has been paid out since, so their wallet no longer holds their share. Contact support to refund it from the platform's funds.";
  }
  if (error?.code === 'NETWORK') return 'The server could not be reached. Check your connection and try again.';
  return 'The refund could not be made. Refresh the page and try again, or contact support if it keeps failing.';
}

/**
 * Opens the dialog at once; it removes itself when closed.
 * @param {RefundableSession} session
 * @param {(answer: any) => void} onRefunded hears the host's answer (with the session as it now stands)
 */
export function openRefundDialog(session, onRefunded) {
  const who = session.userName ?? 'the user';
  const titleId = 'refund-title';
  const full = /** @type {HTMLInputElement} */ (
    h('input', { type: 'radio', name: 'refund-kind', value: 'full', checked: true, 'data-testid': 'refund-full' })
  );
  const part = /** @type {HTMLInputElement} */ (
    h('input', { type: 'radio', name: 'refund-kind', value: 'part', 'data-testid': 'refund-part' })
  );
  const amount = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'text',
      inputmode: 'decimal',
      autocomplete: 'off',
      disabled: true,
      'data-testid': 'refund-amount',
    })
  );
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'refund-error' });
  const question = h('p', { class: 'prompt-intro', 'data-testid': 'refund-question' });
  const choose = h(
    'div',
    { class: 'stack' },
    h(
      'p',
      { class: 'prompt-intro' },
      `${who} paid for this ${serviceLabel(session.service).toLowerCase()}${session.consultantName ? ` with ${session.consultantName}` : ''}; `,
      `${formatMoney(session.refundable)} can still be refunded`,
      session.refunded > 0 ? ` (${formatMoney(session.refunded)} refunded already).` : '.',
    ),
    h(
      'fieldset',
      { class: 'choice' },
      h('legend', {}, 'How much to refund'),
      h('label', {}, full, ` Everything left: ${formatMoney(session.refundable)}`),
      h('label', {}, part, ' Part of it'),
    ),
    field('Amount in rupees', amount, `At most ${formatMoney(session.refundable)}.`),
  );
  const confirm = h('div', { class: 'stack', hidden: true }, question);
  const back = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'btn btn-ghost' }, 'Cancel'));
  const submit = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'refund-submit' }, 'Continue')
  );
  /** @type {number | null} paise chosen, once the admin is asked to confirm */
  let chosen = null;

  const onChoice = () => {
    amount.disabled = !part.checked;
    if (part.checked) amount.focus();
  };
  full.addEventListener('change', onChoice);
  part.addEventListener('change', onChoice);

  /** @param {string | null} text */
  function showError(text) {
    error.textContent = text ?? '';
    error.hidden = text === null;
  }

  /** @param {boolean} asking */
  function step(asking) {
    choose.hidden = asking;
    confirm.hidden = !asking;
    submit.textContent = asking ? `Refund ${formatMoney(/** @type {number} */ (chosen))}` : 'Continue';
    submit.className = `btn ${asking ? 'btn-danger' : 'btn-primary'}`;
    back.textContent = asking ? 'Back' : 'Cancel';
  }

  back.addEventListener('click', () => {
    if (chosen === null) dialog.close();
    else {
      chosen = null;
      showError(null);
      step(false);
    }
  });

  /** @param {SubmitEvent} event */
  async function send(event) {
    event.preventDefault();
    showError(null);
    if (chosen === null) {
      const paise = full.checked ? session.refundable : parseRupees(amount.value);
      if (paise === null || paise <= 0) return showError('Enter the amount to refund in rupees, such as 2.50.');
      if (paise > session.refundable) {
        return showError(`Only ${formatMoney(session.refundable)} can still be refunded. Enter at most that amount.`);
      }
      chosen = paise;
      question.textContent = `Refund ${formatMoney(paise)} to ${who}? The money goes back to their wallet at once, taken from the consultant's and the platform's shares.`;
      step(true);
      submit.focus();
      return;
    }
    submit.disabled = back.disabled = true;
    try {
      const answer = await api.adminRefund(session.id, /** @type {number} */ (chosen));
      dialog.close();
      onRefunded(answer);
    } catch (e) {
      showError(refundProblem(e));
      submit.disabled = back.disabled = false;
    }
  }

  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      'dialog',
      { class: 'sheet prompt-sheet', 'aria-labelledby': titleId, 'data-testid': 'refund-dialog' },
      h(
        'form',
        { class: 'stack', onsubmit: send },
        h('header', { class: 'sheet-head' }, h('h2', { id: titleId }, 'Refund a consultation')),
        choose,
        confirm,
        error,
        h('div', { class: 'actions' }, back, submit),
      ),
    )
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  full.focus();
}
