/** Loads a provider's checkout script from its own origin, once per page, as the providers require. */

import { t } from '../i18n.js';

/** @type {Map<string, Promise<void>>} */
const loading = new Map();

/**
 * Adds `<script src>` the first time and resolves once it ran; a script that failed to load is tried
 * again on the next call (the network may be back).
 * @param {string} src
 * @returns {Promise<void>}
 */
export function loadScript(src) {
  const known = loading.get(src);
  if (known) return known;
  const loaded = new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.addEventListener('load', () => resolve(undefined));
    script.addEventListener('error', () => {
      script.remove();
      loading.delete(src);
      reject(new Error(t('checkout.scriptFailed')));
    });
    document.head.append(script);
  });
  loading.set(src, /** @type {Promise<void>} */ (loaded));
  return /** @type {Promise<void>} */ (loaded);
}

/**
 * A global the script defines, once it has run.
 * @param {string} src
 * @param {string} name e.g. `Razorpay`
 * @returns {Promise<any>}
 */
export async function globalOf(src, name) {
  await loadScript(src);
  const value = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (window))[name];
  if (value === undefined) throw new Error(t('checkout.didNotStart'));
  return value;
}
