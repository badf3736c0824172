/** The consultant's payout form: withdraw earnings to the bank, exactly once per amount. */

import { api } from '../../api.js';
import { field, h, toast } from '../../dom.js';
import { formatMoney, parseRupees } from '../../format.js';
import { t } from '../../i18n.js';

/**
 * @param {{ onPaid: () => Promise<void>, onAccountRequired: () => void }} deps `onPaid` hears every payout
 *   requested, and the form waits for it; `onAccountRequired` points to the payout account field
 */
export function createPayoutForm({ onPaid, onAccountRequired }) {
  const amount = /** @type {HTMLInputElement} */ (
    h('input', { id: 'payout-amount', type: 'text', inputmode: 'decimal', 'data-testid': 'payout-amount' })
  );
  const error = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'payout-error', hidden: true });
  /** The idempotency key of the payout being requested. @type {string | null} */
  let key = null;
  // Another amount is another payout, with a key of its own.
  amount.addEventListener('input', () => {
    key = null;
  });
  /** Nothing moved: the payout waits for an account, and the same submission pays once it is set. */
  function showAccountRequired() {
    error.replaceChildren(
      h('p', {}, t('payout.noAccount')),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-sm',
          'data-testid': 'payout-set-account',
          onclick: onAccountRequired,
        },
        t('payout.setAccount'),
      ),
    );
    onAccountRequired();
  }

  return h(
    'form',
    {
      class: 'stack',
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        error.hidden = true;
        error.replaceChildren();
        const paise = parseRupees(amount.value);
        if (!paise) {
          error.textContent = t('payout.enterAmount');
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
              ? t('payout.paid', { money: formatMoney(paise) })
              : t('payout.requested', { money: formatMoney(paise) }),
            'success',
          );
          amount.value = '';
          await onPaid();
        } catch (e) {
          const err = /** @type {import('../../api.js').ApiError} */ (e);
          if (err.code === 'PAYOUT_ACCOUNT_REQUIRED') showAccountRequired();
          else error.textContent = err.message;
          error.hidden = false;
        }
      },
    },
    field(t('payout.amount'), amount),
    error,
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'payout-submit' }, t('payout.submit')),
  );
}
