/** Entry point: restores the session, connects in real time and shows the view for the account's role. */

import { api } from './api.js';
import { h, mount } from './dom.js';
import { connectRealtime, on, signIn, signOut, state } from './state.js';
import { renderAdmin } from './views/admin/index.js';
import { renderConsultant } from './views/consultant/index.js';
import { renderLogin } from './views/login.js';
import { renderUser } from './views/user/index.js';

const app = /** @type {HTMLElement} */ (document.getElementById('app'));
const logout = /** @type {HTMLButtonElement} */ (document.getElementById('logout'));
const account = /** @type {HTMLElement} */ (document.getElementById('account'));
const conn = /** @type {HTMLElement} */ (document.querySelector('[data-testid="connection"]'));

/** @type {(() => void) | null} */
let disposeView = null;

const CONNECTION_TEXT = { connecting: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…', closed: 'Offline' };

on('connection', (/** @type {keyof typeof CONNECTION_TEXT} */ s) => {
  conn.dataset.state = s;
  const text = conn.querySelector('.conn-text');
  if (text) text.textContent = CONNECTION_TEXT[s] ?? s;
});

logout.addEventListener('click', () => signOut());
on('signedOut', () => showLogin());

function clearView() {
  disposeView?.();
  disposeView = null;
}

function showLogin() {
  clearView();
  logout.hidden = true;
  account.hidden = true;
  conn.hidden = true;
  const chip = document.getElementById('balance-chip');
  if (chip) chip.hidden = true;
  document.body.dataset.view = 'login';
  disposeView = renderLogin(app, async ({ token, user }) => {
    signIn(token, user);
    await showHome();
  });
}

async function showHome() {
  clearView();
  const user = state.user;
  if (!user) return showLogin();
  logout.hidden = false;
  account.hidden = false;
  mount(
    account,
    h('span', { class: 'account-name', 'data-testid': 'account-name' }, user.name),
    h('span', { class: `role-badge role-${user.role}` }, user.role),
  );
  conn.hidden = false;
  mount(app, h('p', { class: 'loading' }, 'Connecting…'));
  try {
    await connectRealtime();
  } catch (error) {
    console.warn('real-time connection failed; retrying in the background', error);
  }
  document.body.dataset.view = user.role;
  try {
    if (user.role === 'consultant') disposeView = renderConsultant(app);
    else if (user.role === 'admin') disposeView = renderAdmin(app);
    else disposeView = renderUser(app);
  } catch (error) {
    console.error('view failed', error);
    mount(app, h('p', { class: 'form-error', role: 'alert' }, 'Something went wrong. Reload the page to try again.'));
  }
  app.focus({ preventScroll: true });
}

async function start() {
  if (!state.token) return showLogin();
  try {
    const me = await api.me();
    signIn(/** @type {string} */ (state.token), /** @type {any} */ (me).user ?? me);
    await showHome();
  } catch {
    signOut();
  }
}

void start();
