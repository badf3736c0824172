/** Sign-in and sign-up, with one-tap demo accounts. */

import { api } from '../api.js';
import { field, h, mount } from '../dom.js';

const DEMO_ACCOUNTS = [
  { email: 'asha@demo.local', label: 'Asha', role: 'User · ₹500 wallet' },
  { email: 'guru@demo.local', label: 'Guru', role: 'Consultant' },
  { email: 'meera@demo.local', label: 'Meera', role: 'Consultant' },
  { email: 'admin@demo.local', label: 'Admin', role: 'Admin' },
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
    h('option', { value: 'user' }, 'I want a consultation'),
    h('option', { value: 'consultant' }, 'I am a consultant'),
  );
  const nameField = field('Full name', name);
  const roleField = field('Account type', role);
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit', 'data-testid': 'login-submit' });
  const switcher = h('button', { class: 'link-button', type: 'button', 'data-testid': 'login-switch' });
  const title = h('h1', { id: 'login-title' });

  const form = h(
    'form',
    { class: 'stack', 'aria-labelledby': 'login-title', novalidate: true, onsubmit: onSubmit },
    nameField,
    field('Email', email),
    field('Password', password, 'At least 8 characters.'),
    roleField,
    error,
    submit,
  );

  function update() {
    const registering = mode === 'register';
    title.textContent = registering ? 'Create your account' : 'Welcome back';
    nameField.hidden = !registering;
    roleField.hidden = !registering;
    /** @type {HTMLInputElement} */ (name).required = registering;
    password.autocomplete = registering ? 'new-password' : 'current-password';
    submit.textContent = registering ? 'Create account' : 'Sign in';
    switcher.textContent = registering ? 'I already have an account' : 'New here? Create an account';
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
      showError('Enter your email and a password of at least 8 characters.');
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
      showError(/** @type {Error} */ (e).message || 'Sign-in failed');
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
    h('h2', { id: 'demo-title', class: 'eyebrow' }, 'Demo accounts'),
    h('p', { class: 'muted small' }, 'Password for all: demo1234'),
    h(
      'div',
      { class: 'demo-grid' },
      DEMO_ACCOUNTS.map((a) =>
        h(
          'button',
          {
            class: 'demo-account',
            type: 'button',
            'aria-label': `Use demo account ${a.label}, ${a.role}`,
            onclick: () => {
              mode = 'login';
              update();
              email.value = a.email;
              password.value = 'demo1234';
              /** @type {HTMLButtonElement} */ (submit).focus();
            },
          },
          h('strong', {}, a.label),
          h('span', { class: 'muted small' }, a.role),
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
        h('p', { class: 'eyebrow' }, 'Live consultations'),
        h('h2', { class: 'hero-title' }, 'Ask an astrologer, now.'),
        h(
          'p',
          { class: 'muted' },
          'Chat, voice or video. Pay per minute from your wallet — never for a second you did not get.',
        ),
      ),
      h('div', { class: 'card auth-card' }, title, form, h('p', { class: 'center' }, switcher), demo),
    ),
  );
  return () => {};
}
