/**
 * The admin's session refund: choose a full or a partial refund, then confirm a sentence naming
 * the amount and the user. Nothing is sent before the confirmation.
 */

import { api } from '../../api.js';
import { field, h } from '../../dom.js';
import { formatMoney, parseRupees, serviceLabel } from '../../format.js';
import { t } from '../../i18n.js';

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
    return left > 0 ? t('refund.onlyLeft', { money: formatMoney(left) }) : t('refund.nothingLeft');
  }
  if (error?.code === 'CONSULTANT_PAID_OUT') {
    return t('refund.paidOut');
  }
  if (error?.code === 'NETWORK') return t('error.NETWORK');
  return t('refund.failed');
}

/**
 * Opens the dialog at once; it removes itself when closed.
 * @param {RefundableSession} session
 * @param {(answer: any) => void} onRefunded hears the host's answer (with the session as it now stands)
 */
export function openRefundDialog(session, onRefunded) {
  const who = session.userName ?? t('sessions.theUser');
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
      session.consultantName
        ? t('refund.paidWith', {
            who,
            service: serviceLabel(session.service).toLowerCase(),
            name: session.consultantName,
          })
        : t('refund.paid', { who, service: serviceLabel(session.service).toLowerCase() }),
      ' ',
      session.refunded > 0
        ? t('refund.leftAfter', { money: formatMoney(session.refundable), refunded: formatMoney(session.refunded) })
        : t('refund.left', { money: formatMoney(session.refundable) }),
    ),
    h(
      'fieldset',
      { class: 'choice' },
      h('legend', {}, t('refund.howMuch')),
      h('label', {}, full, ` ${t('refund.everything', { money: formatMoney(session.refundable) })}`),
      h('label', {}, part, ` ${t('refund.part')}`),
    ),
    field(t('topUp.amount'), amount, t('refund.atMost', { money: formatMoney(session.refundable) })),
  );
  const confirm = h('div', { class: 'stack', hidden: true }, question);
  const back = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'button', class: 'btn btn-ghost' }, t('common.cancel'))
  );
  const submit = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'refund-submit' }, t('refund.continue'))
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
    submit.textContent = asking
      ? t('refund.submit', { money: formatMoney(/** @type {number} */ (chosen)) })
      : t('refund.continue');
    submit.className = `btn ${asking ? 'btn-danger' : 'btn-primary'}`;
    back.textContent = asking ? t('refund.back') : t('common.cancel');
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
      if (paise === null || paise <= 0) return showError(t('refund.enterAmount'));
      if (paise > session.refundable) {
        return showError(t('refund.onlyLeftTotal', { money: formatMoney(session.refundable) }));
      }
      chosen = paise;
      question.textContent = t('refund.question', { money: formatMoney(paise), who });
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
        h('header', { class: 'sheet-head' }, h('h2', { id: titleId }, t('refund.title'))),
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
