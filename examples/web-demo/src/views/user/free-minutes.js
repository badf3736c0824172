/** Free first minutes: how they read on a consultant's card and in the request dialog. */

import { h } from '../../dom.js';
import { t } from '../../i18n.js';

/**
 * "First 10 seconds free", "First minute free", "First 5 minutes free".
 * @param {number} seconds
 */
export function freeTimeLabel(seconds) {
  if (seconds % 60 !== 0) return t('free.seconds', { count: seconds });
  return t('free.minutes', { count: seconds / 60 });
}

/**
 * The badge on a consultant's card, or null when the user's next consultation with them is paid from the start.
 * @param {number | undefined} seconds
 */
export function freeBadge(seconds) {
  if (!seconds) return null;
  return h('span', { class: 'free-badge', 'data-testid': 'free-badge' }, freeTimeLabel(seconds));
}

/**
 * What the request dialog says about free time before the user sends the request.
 * @param {number} seconds
 */
export function freeTimeNote(seconds) {
  return h(
    'p',
    { class: 'free-note', 'data-testid': 'request-free' },
    h('strong', {}, `${freeTimeLabel(seconds)}.`),
    ` ${t('free.note')}`,
  );
}
