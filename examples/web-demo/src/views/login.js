/** Sign-in and sign-up, with one-tap demo accounts. */

import { api } from '../api.js';
import { field, h, mount } from '../dom.js';
import { t } from '../i18n.js';

/** `role` is a key of the locales' `login.demoRole`. */
const DEMO_ACCOUNTS = [
  { email: 'asha@demo.local', label: 'Asha', role: 'user' },
  { email: 'guru@demo.local', label: 'Guru', role: 'consultant' },
  { email: 'meera@demo.local', label: 'Meera', role: 'consultant' },
  { email: 'admin@demo.local', label: 'Admin', role: 'admin' },
];

/**
 * @param {HTMLElement} root
 * @param {(session: { token: string, user: any }) => Promise<void>} onSignedIn
 * @returns {() => void}
 */
export function renderLogin(root, onSignedIn) {
  let mode = /** @type {'login' | 'register'} */ ('login');
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'login-error', hidden: true });

  const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', 'data-testid': 'register-name' });
  const email = /** @type {HTMLInputElement} */ (
    h('input', { type: 'email', name: 'email', autocomplete: 'email', required: true, 'data-testid': 'login-email' })
  );
  const password = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'password',
      name: 'password',
      autocomplete: 'current-password',
      required: true,
      minlength: 8,
      'data-testid': 'login-password',
    })
  );
  const role = h(
    'select',
    { name: 'role', 'data-testid': 'register-role' },
    h('option', { value: 'user' }, t('login.roleUser')),
    h('option', { value: 'consultant' }, t('login.roleConsultant')),
  );
  const nameField = field(t('login.fullName'), name);
  const roleField = field(t('login.accountType'), role);
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit', 'data-testid': 'login-submit' });
  const switcher = h('button', { class: 'link-button', type: 'button', 'data-testid': 'login-switch' });
  const title = h('h1', { id: 'login-title' });

  const form = h(
    'form',
    { class: 'stack', 'aria-labelledby': 'login-title', novalidate: true, onsubmit: onSubmit },
    nameField,
    field(t('login.email'), email),
    field(t('login.password'), password, t('login.passwordHint')),
    roleField,
    error,
    submit,
  );

  function update() {
    const registering = mode === 'register';
    title.textContent = registering ? t('login.titleRegister') : t('login.titleSignIn');
    nameField.hidden = !registering;
    roleField.hidden = !registering;
    /** @type {HTMLInputElement} */ (name).required = registering;
    password.autocomplete = registering ? 'new-password' : 'current-password';
    submit.textContent = registering ? t('login.submitRegister') : t('login.submitSignIn');
    switcher.textContent = registering ? t('login.switchToSignIn') : t('login.switchToRegister');
    error.hidden = true;
  }
  switcher.addEventListener('click', () => {
    mode = mode === 'login' ? 'register' : 'login';
    update();
  });

  /** @param {SubmitEvent} event */
  async function onSubmit(event) {
    event.preventDefault();
    error.hidden = true;
    if (!email.value || password.value.length < 8) {
      showError(t('login.missing'));
      return;
    }
    submit.setAttribute('aria-busy', 'true');
    /** @type {HTMLButtonElement} */ (submit).disabled = true;
    try {
      const result =
        mode === 'register'
          ? await api.register({
              name: /** @type {HTMLInputElement} */ (name).value.trim(),
              email: email.value.trim(),
              password: password.value,
              role: /** @type {HTMLSelectElement} */ (role).value,
            })
          : await api.login(email.value.trim(), password.value);
      await onSignedIn(/** @type {any} */ (result));
    } catch (e) {
      showError(/** @type {Error} */ (e).message || t('error.UNKNOWN'));
    } finally {
      submit.removeAttribute('aria-busy');
      /** @type {HTMLButtonElement} */ (submit).disabled = false;
    }
  }

  /** @param {string} text */
  function showError(text) {
    error.textContent = text;
    error.hidden = false;
  }

  const demo = h(
    'section',
    { class: 'demo-accounts', 'aria-labelledby': 'demo-title' },
    h('h2', { id: 'demo-title', class: 'eyebrow' }, t('login.demoAccounts')),
    h('p', { class: 'muted small' }, t('login.demoPassword', { password: 'demo1234' })),
    h(
      'div',
      { class: 'demo-grid' },
      DEMO_ACCOUNTS.map((a) =>
        h(
          'button',
          {
            class: 'demo-account',
            type: 'button',
            'aria-label': t('login.useDemo', { name: a.label, role: t(`login.demoRole.${a.role}`) }),
            onclick: () => {
              mode = 'login';
              update();
              email.value = a.email;
              password.value = 'demo1234';
              /** @type {HTMLButtonElement} */ (submit).focus();
            },
          },
          h('strong', {}, a.label),
          h('span', { class: 'muted small' }, t(`login.demoRole.${a.role}`)),
        ),
      ),
    ),
  );

  update();
  mount(
    root,
    h(
      'div',
      { class: 'auth' },
      h(
        'div',
        { class: 'auth-hero' },
        h('p', { class: 'eyebrow' }, t('login.eyebrow')),
        h('h2', { class: 'hero-title' }, t('login.heroTitle')),
        h('p', { class: 'muted' }, t('login.heroText')),
      ),
      h('div', { class: 'card auth-card' }, title, form, h('p', { class: 'center' }, switcher), demo),
    ),
  );
  return () => {};
}
