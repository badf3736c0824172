/** App state: the signed-in account, the real-time client and a small event hub the views subscribe to. */

import { ApiError } from './messages.js';

const TOKEN_KEY = 'jc.token';
const USER_KEY = 'jc.user';

/**
 * @typedef {{ id: string, name: string, email: string, role: 'user' | 'consultant' | 'admin' }} Account
 * @typedef {{ request: (frame: Record<string, unknown>) => Promise<any>, join: (id: string) => Promise<unknown>,
 *   on: (name: string, fn: (...args: any[]) => void) => void, off: (name: string, fn: (...args: any[]) => void) => void,
 *   connect: () => Promise<void>, close: () => void, state: string }} RealtimeClient
 */

/** @type {{ token: string | null, user: Account | null, client: RealtimeClient | null, connection: string }} */
export const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  user: readUser(),
  client: null,
  connection: 'closed',
};

/** @returns {Account | null} */
function readUser() {
  try {
    return JSON.parse(sessionStorage.getItem(USER_KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function getToken() {
  return state.token;
}

/**
 * @param {string} token
 * @param {Account} user
 */
export function signIn(token, user) {
  state.token = token;
  state.user = user;
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(USER_KEY, JSON.stringify(user));
}

export function signOut() {
  state.client?.close();
  state.client = null;
  state.token = null;
  state.user = null;
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
  emit('signedOut', null);
}

/** @type {Map<string, Set<(data: any) => void>>} */
const listeners = new Map();

/**
 * Subscribes to an app event: every real-time event by its name (`consultation.tick`, …), plus
 * `connection` (state text) and `signedOut`. Returns the unsubscribe function.
 * @param {string} name
 * @param {(data: any) => void} fn
 */
export function on(name, fn) {
  let set = listeners.get(name);
  if (!set) {
    set = new Set();
    listeners.set(name, set);
  }
  set.add(fn);
  return () => set.delete(fn);
}

/**
 * @param {string} name
 * @param {unknown} data
 */
export function emit(name, data) {
  for (const fn of [...(listeners.get(name) ?? [])]) {
    try {
      fn(data);
    } catch (error) {
      console.error(`listener of ${name} failed`, error);
    }
  }
}

/** Opens the real-time connection for the signed-in account (the host serves the client at /vendor/ws-client.js). */
export async function connectRealtime() {
  const { createConsultationClient } = await import('/vendor/ws-client.js');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  /** @type {RealtimeClient} */
  const client = createConsultationClient({ url: `${scheme}//${location.host}/ws`, token: () => state.token ?? '' });
  state.client = client;
  client.on('state', (/** @type {string} */ s) => {
    state.connection = s;
    emit('connection', s);
  });
  client.on('event', (/** @type {string} */ name, /** @type {any} */ data) => emit(name, data));
  await client.connect();
  return client;
}

/**
 * Sends a real-time request. A refusal rejects with an `ApiError` whose message is a sentence for the screen.
 * @param {Record<string, unknown>} frame
 */
export function rt(frame) {
  if (!state.client) return Promise.reject(new ApiError('DISCONNECTED', 'not connected', 0));
  return state.client.request(frame).catch((/** @type {any} */ e) => {
    throw new ApiError(e?.code ?? 'UNKNOWN', e?.message ?? '', 0);
  });
}
