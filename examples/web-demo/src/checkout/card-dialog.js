/** The dialog Stripe's Payment Element sits in: the amount, the element, Stripe's error, Pay and Cancel. */

import { h } from '../dom.js';
import { formatMoney } from '../format.js';
import { t } from '../i18n.js';
import { CheckoutClosed, PaymentFailed } from './outcomes.js';

/**
 * A modal dialog, shown at once; it removes itself when closed.
 * @param {{ amount: number, mount: (target: HTMLElement) => void,
 *   pay: () => Promise<Record<string, string>>, dispose: () => void }} deps
 *   `mount` places the provider's element in the dialog; `pay` confirms the payment, or throws what to show;
 *   `dispose` takes the element down when the dialog closes
 * @returns {Promise<Record<string, string>>} what `pay` resolved with; rejects with {@link CheckoutClosed}, or
 *   with the last {@link PaymentFailed} when the person gives up after a decline
 */
export function openCardDialog({ amount, mount, pay, dispose }) {
  return new Promise((resolve, reject) => {
    const payText = t('checkout.pay', { money: formatMoney(amount) });
    const target = h('div', { class: 'card-element', 'data-testid': 'card-element' });
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'card-error' });
    const submit = /** @type {HTMLButtonElement} */ (
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'card-pay' }, payText)
    );
    const cancel = /** @type {HTMLButtonElement} */ (
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => dialog.close() }, t('common.cancel'))
    );
    const closeButton = /** @type {HTMLButtonElement} */ (
      h(
        'button',
        { type: 'button', class: 'icon-btn', 'aria-label': t('common.close'), onclick: () => dialog.close() },
        '✕',
      )
    );
    /** What the payment resolved with, once paid. @type {Record<string, string> | null} */
    let paid = null;
    /** @type {PaymentFailed | null} */
    let declined = null;
    let busy = false;

    /** @param {boolean} on */
    function setBusy(on) {
      busy = on;
      for (const button of [submit, cancel, closeButton]) button.disabled = on;
      submit.textContent = on ? 'Paying…' : payText;
    }

    /** @param {SubmitEvent} event */
    async function submitPayment(event) {
      event.preventDefault();
      error.hidden = true;
      setBusy(true);
      try {
        paid = await pay();
        setBusy(false);
        dialog.close();
      } catch (e) {
        declined = e instanceof PaymentFailed ? e : new PaymentFailed(/** @type {Error} */ (e).message);
        error.textContent = `${declined.reason.replace(/\.$/, '')}. Try again, or another card.`;
        error.hidden = false;
        setBusy(false);
      }
    }

    const dialog = /** @type {HTMLDialogElement} */ (
      h(
        'dialog',
        { class: 'sheet checkout-sheet', 'aria-labelledby': 'card-title', 'data-testid': 'card-dialog' },
        h(
          'form',
          { class: 'stack', onsubmit: submitPayment },
          h('header', { class: 'sheet-head' }, h('h2', { id: 'card-title' }, t('topUp.submit')), closeButton),
          h(
            'p',
            { class: 'checkout-amount' },
            h('span', { class: 'muted' }, t('checkout.toWallet')),
            h('strong', { 'data-testid': 'card-amount' }, formatMoney(amount)),
          ),
          target,
          h('p', { class: 'hint' }, t('checkout.stripeNote')),
          error,
          h('div', { class: 'actions' }, cancel, submit),
        ),
      )
    );
    // Escape closes the dialog, except while a payment is being confirmed.
    dialog.addEventListener('cancel', (event) => {
      if (busy) event.preventDefault();
    });
    dialog.addEventListener('close', () => {
      dispose();
      dialog.remove();
      if (paid) resolve(paid);
      else reject(declined ?? new CheckoutClosed());
    });
    document.body.append(dialog);
    dialog.showModal();
    mount(target);
  });
}
