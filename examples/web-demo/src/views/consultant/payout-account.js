/** The consultant's payout account: the RazorpayX fund account (`fa_…`) payouts go to, shown, set and removed. */

import { api } from '../../api.js';
import { field, h, toast } from '../../dom.js';

/** The host's rule for a fund account id: `fa_` and at least 14 letters or digits. */
const FUND_ACCOUNT = /^fa_[A-Za-z0-9]{14,}$/;
const INVALID = 'Enter a RazorpayX fund account id: fa_ followed by at least 14 letters or digits.';

export function createPayoutAccount() {
  const current = h('code', { class: 'payout-account-id', 'data-testid': 'payout-account' });
  const input = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'payout-account-input',
      type: 'text',
      maxlength: 64,
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'fa_…',
      'data-testid': 'payout-account-input',
    })
  );
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'payout-account-error', hidden: true });
  const remove = h(
    'button',
    { type: 'button', class: 'btn btn-ghost', 'data-testid': 'payout-account-remove', onclick: () => save(null) },
    'Remove',
  );
  const el = h(
    'div',
    { class: 'payout-account', 'data-testid': 'payout-account-section' },
    h('h3', { class: 'subhead' }, 'Payout account'),
    h('p', { class: 'payout-account-current' }, h('span', { class: 'muted' }, 'Current account: '), current),
    h(
      'form',
      {
        class: 'stack',
        novalidate: true,
        onsubmit: (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          const value = input.value.trim();
          if (!FUND_ACCOUNT.test(value)) return showError(INVALID);
          return save(value);
        },
      },
      field('RazorpayX fund account id', input, 'From your RazorpayX dashboard, e.g. fa_00000000000042.'),
      error,
      h(
        'div',
        { class: 'payout-account-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'payout-account-save' }, 'Save'),
        remove,
      ),
    ),
  );

  /** @param {string} text */
  function showError(text) {
    error.textContent = text;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-errormessage', 'payout-account-error');
    error.id = 'payout-account-error';
  }

  /** @param {string | null} account */
  function show(account) {
    current.textContent = account ?? 'none yet';
    current.classList.toggle('is-empty', !account);
    remove.hidden = !account;
  }

  /**
   * Sets the account, or removes it with `null`; the server's own check answers inline, on the field.
   * @param {string | null} account
   */
  async function save(account) {
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    try {
      const answer = /** @type {{ payoutAccount: string | null }} */ (await api.setPayoutAccount(account));
      show(answer.payoutAccount);
      input.value = '';
      toast(answer.payoutAccount ? 'Payout account saved' : 'Payout account removed', 'success');
    } catch (e) {
      const err = /** @type {import('../../api.js').ApiError} */ (e);
      // The server names the field it refused: its message starts with that name, which the label already says.
      const message = err.field === 'payoutAccount' ? err.message.replace(/^payoutAccount:\s*/, '') : err.message;
      showError(message.charAt(0).toUpperCase() + message.slice(1));
    }
  }

  return {
    el,
    /**
     * Shows the account the host holds. It matters to RazorpayX payouts only: with another provider the
     * section shows only while an account is set, so that the consultant can still see and remove it.
     * @param {{ payoutAccount?: unknown, payoutProvider?: unknown }} earnings
     */
    update(earnings) {
      const account = typeof earnings.payoutAccount === 'string' ? earnings.payoutAccount : null;
      show(account);
      el.hidden = earnings.payoutProvider !== 'razorpayx' && !account;
    },
    /** Brings the field into view and focus: a payout was refused for want of an account. */
    focus() {
      el.hidden = false;
      el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      input.focus({ preventScroll: true });
    },
  };
}
