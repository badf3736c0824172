/**
 * The consultant's payout account: their bank account or UPI address, which the host makes the RazorpayX
 * fund account payouts go to. Shown by its label (IFSC and the last four digits, or the UPI address), set
 * and removed here; the full account number goes to RazorpayX and is kept nowhere on the host.
 */

import { api } from '../../api.js';
import { field, h, toast } from '../../dom.js';
import { t } from '../../i18n.js';

/** The formats the payments package checks, checked here first so a typo answers at once. */
const IFSC = /^[A-Za-z]{4}0[A-Za-z0-9]{6}$/;
const ACCOUNT_NUMBER = /^[0-9]{9,18}$/;
const VPA = /^[A-Za-z0-9][A-Za-z0-9._-]{1,255}@[A-Za-z][A-Za-z0-9]{1,63}$/;

/** The fields the host may refuse, each with what it needs as a sentence (`payoutAccount.problem.<key>`). */
const PROBLEMS = /** @type {Record<string, string>} */ ({
  'bankAccount.name': 'name',
  'bankAccount.ifsc': 'ifsc',
  'bankAccount.accountNumber': 'accountNumber',
  vpa: 'vpa',
});

/**
 * @param {string} id
 * @param {string} testid
 * @param {Record<string, string>} [extra]
 */
const textInput = (id, testid, extra = {}) =>
  /** @type {HTMLInputElement} */ (
    h('input', { id, type: 'text', autocomplete: 'off', spellcheck: 'false', 'data-testid': testid, ...extra })
  );

export function createPayoutAccount() {
  const current = h('code', { class: 'payout-account-id', 'data-testid': 'payout-account' });
  const holder = textInput('payout-holder', 'payout-holder', { autocomplete: 'name' });
  const ifsc = textInput('payout-ifsc', 'payout-ifsc', { maxlength: '11', placeholder: 'HDFC0000053' });
  const number = textInput('payout-account-number', 'payout-account-number', { inputmode: 'numeric', maxlength: '24' });
  const vpa = textInput('payout-vpa', 'payout-vpa', { placeholder: 'name@okicici' });
  const inputs = { 'bankAccount.name': holder, 'bankAccount.ifsc': ifsc, 'bankAccount.accountNumber': number, vpa };
  const kind = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'payout-kind', 'data-testid': 'payout-kind', onchange: () => showKind() },
      h('option', { value: 'bank' }, t('payoutAccount.bank')),
      h('option', { value: 'upi' }, t('payoutAccount.upi')),
    )
  );
  const bankFields = h(
    'div',
    { class: 'stack' },
    field(t('payoutAccount.holder'), holder),
    field('IFSC', ifsc, t('payoutAccount.ifscHint')),
    field(t('payoutAccount.number'), number, t('payoutAccount.numberHint')),
  );
  const upiFields = field(t('payoutAccount.upi'), vpa, t('payoutAccount.upiHint'));
  const error = h('p', {
    class: 'form-error',
    role: 'alert',
    id: 'payout-account-error',
    'data-testid': 'payout-account-error',
    hidden: true,
  });
  const remove = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-ghost',
      'data-testid': 'payout-account-remove',
      onclick: () => save({ payoutAccount: null }),
    },
    t('payoutAccount.remove'),
  );
  const el = h(
    'div',
    { class: 'payout-account', 'data-testid': 'payout-account-section' },
    h('h3', { class: 'subhead' }, t('payoutAccount.title')),
    h('p', { class: 'payout-account-current' }, h('span', { class: 'muted' }, t('payoutAccount.current')), current),
    h(
      'form',
      { class: 'stack', novalidate: true, onsubmit: (/** @type {SubmitEvent} */ event) => submit(event) },
      field(t('payoutAccount.payTo'), kind),
      bankFields,
      upiFields,
      error,
      h(
        'div',
        { class: 'payout-account-actions' },
        h(
          'button',
          { type: 'submit', class: 'btn btn-primary', 'data-testid': 'payout-account-save' },
          t('common.save'),
        ),
        remove,
      ),
    ),
  );

  function showKind() {
    bankFields.hidden = kind.value !== 'bank';
    upiFields.hidden = kind.value !== 'upi';
  }
  showKind();

  /**
   * Shows a problem on its field.
   * @param {string} fieldName
   */
  function showError(fieldName) {
    error.textContent = t(`payoutAccount.problem.${PROBLEMS[fieldName] ?? 'other'}`);
    error.hidden = false;
    const input = inputs[/** @type {keyof typeof inputs} */ (fieldName)];
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-errormessage', error.id);
      input.focus();
    }
  }

  /** @param {string | null} label */
  function show(label) {
    current.textContent = label ?? t('payoutAccount.none');
    current.classList.toggle('is-empty', !label);
    remove.hidden = !label;
  }

  /** @param {SubmitEvent} event */
  function submit(event) {
    event.preventDefault();
    if (kind.value === 'upi') {
      if (!VPA.test(vpa.value.trim())) return showError('vpa');
      return save({ vpa: vpa.value.trim() });
    }
    const digits = number.value.replace(/[\s-]/g, '');
    if (holder.value.trim().length < 3) return showError('bankAccount.name');
    if (!IFSC.test(ifsc.value.trim())) return showError('bankAccount.ifsc');
    if (!ACCOUNT_NUMBER.test(digits)) return showError('bankAccount.accountNumber');
    return save({ bankAccount: { name: holder.value.trim(), ifsc: ifsc.value.trim(), accountNumber: digits } });
  }

  /**
   * Sets the destination, or removes it with `{ payoutAccount: null }`; the host's own refusal answers on its field.
   * @param {Record<string, unknown>} body
   */
  async function save(body) {
    error.hidden = true;
    for (const input of Object.values(inputs)) input.removeAttribute('aria-invalid');
    try {
      const answer = /** @type {{ payoutAccount: string | null, label: string | null }} */ (
        await api.setPayoutDestination(body)
      );
      show(answer.label ?? answer.payoutAccount);
      for (const input of Object.values(inputs)) input.value = '';
      toast(answer.payoutAccount ? t('payoutAccount.saved') : t('payoutAccount.removed'), 'success');
    } catch (e) {
      showError(/** @type {import('../../api.js').ApiError} */ (e).field ?? '');
    }
  }

  return {
    el,
    /**
     * Shows the account the host holds. It matters to RazorpayX payouts only: with another provider the
     * section shows only while an account is set, so that the consultant can still see and remove it.
     * @param {{ payoutAccount?: unknown, payoutAccountLabel?: unknown, payoutProvider?: unknown }} earnings
     */
    update(earnings) {
      const account = typeof earnings.payoutAccount === 'string' ? earnings.payoutAccount : null;
      const label = typeof earnings.payoutAccountLabel === 'string' ? earnings.payoutAccountLabel : null;
      show(label ?? account);
      el.hidden = earnings.payoutProvider !== 'razorpayx' && !account;
    },
    /** Brings the form into view and focus: a payout was refused for want of an account. */
    focus() {
      el.hidden = false;
      el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      (kind.value === 'upi' ? vpa : holder).focus({ preventScroll: true });
    },
  };
}
