/** The consultant's payout form: withdraw earnings to the bank, exactly once per amount. */

import { api } from '../../api.js';
import { field, h, toast } from '../../dom.js';
import { formatMoney, parseRupees } from '../../format.js';

/**
 * @param {{ onPaid: () => Promise<void> }} deps hears every payout requested, and the form waits for it
 */
export function createPayoutForm({ onPaid }) {
  const amount = /** @type {HTMLInputElement} */ (
    h('input', { id: 'payout-amount', type: 'text', inputmode: 'decimal', 'data-testid': 'payout-amount' })
  );
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  /** The idempotency key of the payout being requested. @type {string | null} */
  let key = null;
  // Another amount is another payout, with a key of its own.
  amount.addEventListener('input', () => {
    key = null;
  });
  return h(
    'form',
    {
      class: 'stack',
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        error.hidden = true;
        const paise = parseRupees(amount.value);
        if (!paise) {
          error.textContent = 'Enter an amount in rupees.';
          error.hidden = false;
          return;
        }
        try {
          // Kept until the payout succeeds: submitting again after a lost answer pays once.
          key ??= crypto.randomUUID();
          const payout = /** @type {any} */ (await api.payout(paise, key));
          key = null;
          toast(
            payout?.status === 'paid'
              ? `Payout of ${formatMoney(paise)} paid`
              : `Payout of ${formatMoney(paise)} requested: the platform pays it by bank transfer`,
            'success',
          );
          amount.value = '';
          await onPaid();
        } catch (e) {
          error.textContent = /** @type {Error} */ (e).message;
          error.hidden = false;
        }
      },
    },
    field('Payout amount in rupees', amount),
    error,
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'payout-submit' }, 'Request payout'),
  );
}
