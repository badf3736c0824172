/**
 * The admin's Accounts section: find an account by email and freeze or unfreeze it. A frozen account cannot
 * sign in or use the API, its open consultations end charging only what was served, and its wallet stops.
 */

import { api } from '../../api.js';
import { field, h, mount, toast } from '../../dom.js';
import { t } from '../../i18n.js';
import { moderationSentence } from './moderation-messages.js';

/** @typedef {{ id: string, name: string, email: string, role: string, frozen: boolean }} Account */

/** The roles with their own word (`login.demoRole.<role>` is a role's name with its wallet; these are bare). */
const ROLES = new Set(['user', 'consultant', 'admin']);

export function createAccounts() {
  const email = /** @type {HTMLInputElement} */ (
    h('input', { id: 'account-email', type: 'email', autocomplete: 'off', 'data-testid': 'account-email' })
  );
  const result = h('div', { 'data-testid': 'account-result', 'aria-live': 'polite' });
  const el = h(
    'section',
    { class: 'card', 'data-testid': 'admin-accounts' },
    h('h2', {}, t('accounts.title')),
    h('p', { class: 'muted small' }, t('accounts.lead')),
    h(
      'form',
      { class: 'filter-row', role: 'search', onsubmit: find },
      field(t('login.email'), email),
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'account-find' }, t('accounts.find')),
    ),
    result,
  );

  /** @param {Event} event */
  async function find(event) {
    event.preventDefault();
    if (!email.value.trim()) {
      mount(result, h('p', { class: 'form-error' }, t('accounts.enterEmail')));
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
      account.frozen ? t('accounts.unfreeze') : t('accounts.freeze'),
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
            `${ROLES.has(account.role) ? t(`accounts.role.${account.role}`) : account.role} · ${account.email}`,
          ),
        ),
        h(
          'span',
          { class: `pill ${account.frozen ? 'pill-danger' : 'pill-ok'}`, 'data-testid': 'account-state' },
          account.frozen ? t('accounts.frozen') : t('accounts.active'),
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
          ? t('accounts.frozenToast', { name: updated.name })
          : t('accounts.unfrozenToast', { name: updated.name }),
        'success',
      );
    } catch (e) {
      toast(moderationSentence(e), 'error');
    }
  }

  return { el };
}
