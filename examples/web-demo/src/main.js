/** Entry point: restores the session, connects in real time and shows the view for the account's role. */

import { api } from './api.js';
import { h, mount } from './dom.js';
import { initI18n, onLanguageChange, restoreBrowserLanguage, t } from './i18n.js';
import { mountLanguageSwitch, syncLanguageWithAccount } from './language-switch.js';
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
/** True while showHome connects: a language taken from the account then must not draw the view early. */
let signingIn = false;

const CONNECTION_STATES = new Set(['connecting', 'open', 'reconnecting', 'closed']);

/** Writes the connection state in the page's language. @param {string} s */
function showConnection(s) {
  conn.dataset.state = s;
  const text = conn.querySelector('.conn-text');
  if (text) text.textContent = t(`connection.${CONNECTION_STATES.has(s) ? s : 'closed'}`);
}
on('connection', showConnection);

/** The top bar's fixed texts (written in English in index.html), in the page's language. */
function translateChrome() {
  logout.textContent = t('topbar.signOut');
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t('topbar.skipToContent');
  document.querySelector('.brand')?.setAttribute('aria-label', t('topbar.home'));
  document.title = t('topbar.title');
  showConnection(conn.dataset.state ?? 'closed');
}

// A new language re-renders the view in place: the real-time connection and the session stay as they are.
onLanguageChange(() => {
  translateChrome();
  if (signingIn) return; // showHome draws the view once connected, in the language chosen by then
  if (!state.user) showLogin();
  else renderHome();
});

logout.addEventListener('click', () => signOut());
on('signedOut', async () => {
  await restoreBrowserLanguage(); // a language taken from the account was for its sign-in only
  showLogin();
});

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
  if (!state.user) return showLogin();
  conn.hidden = false;
  mount(app, h('p', { class: 'loading' }, t('connection.connecting')));
  signingIn = true;
  try {
    await syncLanguageWithAccount();
    await connectRealtime();
  } catch (error) {
    console.warn('real-time connection failed; retrying in the background', error);
  } finally {
    signingIn = false;
  }
  renderHome();
}

/** The signed-in account's view, drawn afresh (after sign-in, and again when the language changes). */
function renderHome() {
  clearView();
  const user = state.user;
  if (!user) return showLogin();
  logout.hidden = false;
  account.hidden = false;
  mount(
    account,
    h('span', { class: 'account-name', 'data-testid': 'account-name' }, user.name),
    h('span', { class: `role-badge role-${user.role}` }, t(`role.${user.role}`)),
  );
  document.body.dataset.view = user.role;
  try {
    if (user.role === 'consultant') disposeView = renderConsultant(app);
    else if (user.role === 'admin') disposeView = renderAdmin(app);
    else disposeView = renderUser(app);
  } catch (error) {
    console.error('view failed', error);
    mount(app, h('p', { class: 'form-error', role: 'alert' }, t('app.viewFailed')));
  }
  app.focus({ preventScroll: true });
}

async function start() {
  await initI18n();
  translateChrome();
  mountLanguageSwitch(/** @type {HTMLElement} */ (document.querySelector('.topbar-right')));
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
