/**
 * The admin's Accounts section: find an account by email and freeze or unfreeze it. A frozen account cannot
 * sign in or use the API, its open consultations end charging only what was served, and its wallet stops.
 */

import { api } from '../../api.js';
import { field, h, mount, toast } from '../../dom.js';
import { moderationSentence } from './moderation-messages.js';

/** @typedef {{ id: string, name: string, email: string, role: string, frozen: boolean }} Account */

const ROLE = { user: 'User', consultant: 'Consultant', admin: 'Admin' };

export function createAccounts() {
  const email = /** @type {HTMLInputElement} */ (
    h('input', { id: 'account-email', type: 'email', autocomplete: 'off', 'data-testid': 'account-email' })
  );
  const result = h('div', { 'data-testid': 'account-result', 'aria-live': 'polite' });
  const el = h(
    'section',
    { class: 'card', 'data-testid': 'admin-accounts' },
    h('h2', {}, 'Freeze or unfreeze an account'),
    h(
      'p',
      { class: 'muted small' },
      'A frozen account cannot sign in; its live consultations end, charging only what was served, and its wallet stops.',
    ),
    h(
      'form',
      { class: 'filter-row', role: 'search', onsubmit: find },
      field('Email', email),
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'account-find' }, 'Find account'),
    ),
    result,
  );

  /** @param {Event} event */
  async function find(event) {
    event.preventDefault();
    if (!email.value.trim()) {
      mount(result, h('p', { class: 'form-error' }, 'Enter the email of the account, then search again.'));
      return;
    }
    try {
      show(/** @type {Account} */ (await api.adminAccount(email.value.trim())));
    } catch (e) {
      mount(result, h('p', { class: 'form-error' }, moderationSentence(e)));
    }
  }

  /** @param {Account} account */
  function show(account) {
    const action = h(
      'button',
      {
        type: 'button',
        class: `btn ${account.frozen ? 'btn-primary' : 'btn-danger'}`,
        'data-testid': account.frozen ? 'account-unfreeze' : 'account-freeze',
        onclick: () => void setFrozen(account, !account.frozen),
      },
      account.frozen ? 'Unfreeze' : 'Freeze',
    );
    mount(
      result,
      h(
        'div',
        { class: 'account-row', 'data-testid': 'account', dataset: { frozen: String(account.frozen) } },
        h(
          'div',
          {},
          h('strong', {}, account.name),
          h(
            'p',
            { class: 'muted small' },
            `${ROLE[/** @type {keyof typeof ROLE} */ (account.role)] ?? account.role} · ${account.email}`,
          ),
        ),
        h(
          'span',
          { class: `pill ${account.frozen ? 'pill-danger' : 'pill-ok'}`, 'data-testid': 'account-state' },
          account.frozen ? 'Frozen' : 'Active',
        ),
        action,
      ),
    );
  }

  /** @param {Account} account @param {boolean} frozen */
  async function setFrozen(account, frozen) {
    try {
      const updated = /** @type {Account} */ (await api.adminFreeze(account.id, frozen));
      show(updated);
      toast(
        frozen
          ? `${updated.name} is frozen. Unfreeze the account here when the matter is settled.`
          : `${updated.name} can sign in and use their wallet again.`,
        'success',
      );
    } catch (e) {
      toast(moderationSentence(e), 'error');
    }
  }

  return { el };
}
