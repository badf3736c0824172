/** The top-up form: preset amounts, the amount, and where the payment stands (in the checkout, pending, failed). */

import { field, h, toast } from '../dom.js';
import { formatMoney, parseRupees } from '../format.js';
import { t } from '../i18n.js';
import { CheckoutClosed, PaymentFailed } from './outcomes.js';
import { returnedPayment } from './stripe.js';
import { confirmTopUp, settledOrder, topUp } from './top-up.js';

const PRESETS = [10000, 25000, 50000, 100000];

/**
 * A refusal as a sentence with a next step: the fields of saving a card are named in words.
 * @param {import('../api.js').ApiError} e
 */
function messageOf(e) {
  if (e?.field === 'saveMethod.contact') return t('topUp.phoneToSave');
  if (e?.field === 'phone') return t('topUp.phoneInvalid');
  return e?.message ?? t('topUp.couldNotStart');
}

/** Read when shown, so it is in the page's language of that moment. */
const pending = () => t('topUp.pending');

/**
 * @typedef {import('./top-up.js').Wallet} Wallet
 * @typedef {import('./top-up.js').TopUpResult} TopUpResult
 */

/**
 * A top-up form with preset amounts. It also finishes a payment the provider sent the person away
 * to complete (a bank's page), once they are back.
 * @param {(amount: number, wallet: Wallet | null) => void} onPaid hears every credited top-up, with
 *   the wallet the host answered, or null when the page should read it again
 * @param {string} [idPrefix]
 */
export function createTopUpForm(onPaid, idPrefix = 'topup') {
  const amount = /** @type {HTMLInputElement} */ (
    h('input', {
      id: `${idPrefix}-amount`,
      type: 'text',
      inputmode: 'decimal',
      value: '250',
      autocomplete: 'off',
      'data-testid': `${idPrefix}-amount`,
    })
  );
  const saveCard = /** @type {HTMLInputElement} */ (
    h('input', { id: `${idPrefix}-save`, type: 'checkbox', 'data-testid': `${idPrefix}-save` })
  );
  const phone = /** @type {HTMLInputElement} */ (
    h('input', {
      id: `${idPrefix}-phone`,
      type: 'tel',
      autocomplete: 'tel',
      placeholder: '+91 98765 43210',
      'data-testid': `${idPrefix}-phone`,
    })
  );
  const phoneField = field(t('topUp.phone'), phone, t('topUp.phoneHint'));
  phoneField.hidden = true;
  saveCard.addEventListener('change', () => {
    phoneField.hidden = !saveCard.checked;
  });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const status = h('p', { class: 'notice', role: 'status', hidden: true, 'data-testid': `${idPrefix}-status` });
  const submit = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': `${idPrefix}-submit` }, t('topUp.submit'))
  );

  /**
   * Shows where the payment stands; no state hides the line.
   * @param {'' | 'working' | 'pending' | 'failed' | 'cancelled'} state
   * @param {string} [text]
   */
  function show(state, text = '') {
    status.dataset.state = state;
    status.textContent = text;
    status.hidden = !state;
  }

  /**
   * @param {number} amount
   * @param {Wallet | null} wallet
   */
  function credited(amount, wallet) {
    show('');
    toast(t('lowBalance.added', { money: formatMoney(amount) }), 'success');
    onPaid(amount, wallet);
  }

  /**
   * Shows a paid top-up, or waits for a pending one to settle.
   * @param {TopUpResult} result
   * @param {number} paise the order's amount
   */
  async function settle(result, paise) {
    if (result.state === 'paid') return credited(result.amount, result.wallet);
    show('pending', pending());
    if (!result.orderId) return;
    const order = await settledOrder(result.orderId);
    if (order?.status === 'paid') credited(paise, null);
    else if (order?.status === 'failed') {
      show('failed', new PaymentFailed(order.failureReason ?? 'the provider declined it').message);
    }
  }

  /** @param {unknown} e */
  function fail(e) {
    if (e instanceof CheckoutClosed) show('cancelled', e.message);
    else if (e instanceof PaymentFailed) show('failed', e.message);
    else {
      show('');
      error.textContent = messageOf(/** @type {import('../api.js').ApiError} */ (e));
      error.hidden = false;
    }
  }

  /** @param {SubmitEvent} event */
  async function pay(event) {
    event.preventDefault();
    error.hidden = true;
    const paise = parseRupees(amount.value);
    if (!paise || paise < 100) {
      error.textContent = t('topUp.minimum');
      error.hidden = false;
      return;
    }
    submit.disabled = true;
    submit.textContent = t('topUp.paying');
    show('');
    /** @type {TopUpResult} */
    let result;
    try {
      const number = phone.value.replace(/[\s()-]/g, '');
      const save = saveCard.checked ? (number ? { phone: number } : {}) : null;
      result = await topUp(
        paise,
        (step, failure) => {
          if (step === 'opening') show('working', t('topUp.complete'));
          // Razorpay keeps its window open after a decline, for another try.
          if (step === 'declined') show('failed', failure?.message);
          if (step === 'confirming') show('working', t('topUp.confirming'));
        },
        save,
      );
    } catch (e) {
      return fail(e);
    } finally {
      submit.disabled = false;
      submit.textContent = t('topUp.submit');
    }
    await settle(result, paise);
  }

  const form = h(
    'form',
    { class: 'topup stack', onsubmit: pay },
    h(
      'div',
      { class: 'chips', role: 'group', 'aria-label': t('topUp.presets') },
      PRESETS.map((p) =>
        h(
          'button',
          {
            type: 'button',
            class: 'chip',
            onclick: () => {
              amount.value = String(p / 100);
              amount.focus();
            },
          },
          formatMoney(p).replace('.00', ''),
        ),
      ),
    ),
    field(t('topUp.amount'), amount, t('topUp.amountHint')),
    h('label', { class: 'check', for: `${idPrefix}-save` }, saveCard, h('span', {}, t('topUp.saveCard'))),
    phoneField,
    error,
    status,
    submit,
  );

  const returned = returnedPayment();
  if (returned?.failed) show('failed', new PaymentFailed('the bank did not approve it').message);
  else if (returned) {
    show('working', t('topUp.confirming'));
    confirmTopUp('', returned.confirmation).then((result) => settle(result, 0), fail);
  }
  return form;
}
