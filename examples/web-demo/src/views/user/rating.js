/** The star rating and review a user leaves after a consultation. */

import { api } from '../../api.js';
import { field, h, mount, toast } from '../../dom.js';
import { t } from '../../i18n.js';

/**
 * A form that rates the session once; on success it is replaced by a thank-you line.
 * @param {{ sessionId: string, consultantName: string | undefined }} deps
 */
export function createRatingForm({ sessionId, consultantName }) {
  const stars = h(
    'fieldset',
    { class: 'stars' },
    h('legend', {}, consultantName ? t('rating.rate', { name: consultantName }) : t('rating.rateYours')),
    [1, 2, 3, 4, 5].map((n) =>
      h(
        'label',
        { class: 'star' },
        h('input', { type: 'radio', name: 'stars', value: String(n), required: true, 'data-testid': `star-${n}` }),
        h('span', { 'aria-hidden': 'true' }, '★'),
        h('span', { class: 'sr-only' }, t('rating.stars', { count: n })),
      ),
    ),
  );
  const review = h('textarea', { name: 'review', rows: 3, maxlength: 1000, 'data-testid': 'review' });
  return h(
    'form',
    {
      class: 'stack rating',
      'data-testid': 'rating-form',
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        const form = /** @type {HTMLFormElement} */ (event.currentTarget);
        const data = new FormData(form);
        const n = Number(data.get('stars'));
        if (!n) {
          toast(t('rating.choose'), 'error');
          return;
        }
        try {
          await api.rate(sessionId, n, String(data.get('review') ?? ''));
          mount(form, h('p', { class: 'success', 'data-testid': 'rating-thanks' }, t('rating.thanks')));
        } catch (e) {
          toast(/** @type {Error} */ (e).message, 'error');
        }
      },
    },
    stars,
    field(t('rating.review'), review),
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'rating-submit' }, t('rating.submit')),
  );
}
