/** What the approval, account and review screens say when the server refuses: a sentence with the next step. */

import { hasText, t } from '../../i18n.js';

/**
 * @param {unknown} error an ApiError from the REST client
 * @returns {string}
 */
export function moderationSentence(error) {
  const code = /** @type {{ code?: string }} */ (error)?.code ?? '';
  // The sentences by code are `moderation.error.<CODE>` in the locales.
  return code && hasText(`moderation.error.${code}`) ? t(`moderation.error.${code}`) : t('moderation.error.other');
}
