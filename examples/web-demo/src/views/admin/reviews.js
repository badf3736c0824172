/** The admin's Reviews section: every written review, newest first, hidden from the consultant's page or shown again. */

import { api } from '../../api.js';
import { h, mount, toast } from '../../dom.js';
import { formatTime } from '../../format.js';
import { t } from '../../i18n.js';
import { asList } from '../../session.js';
import { moderationSentence } from './moderation-messages.js';

/**
 * @typedef {{ id: string, consultantId: string, stars: number, review: string | null, hidden: boolean,
 *   createdAt: number }} Review
 */

export function createReviews() {
  const listEl = h('ul', { class: 'reviews-admin', 'data-testid': 'admin-reviews' });
  const el = h(
    'section',
    { class: 'card', 'data-testid': 'admin-reviews-section' },
    h('h2', {}, t('reviews.title')),
    h('p', { class: 'muted small' }, t('reviews.lead')),
    listEl,
  );

  /** Consultants' names by id, from the directory. @type {Map<string, string>} */
  const names = new Map();

  async function update() {
    try {
      const [reviews, directory] = await Promise.all([api.adminReviews(), api.consultants({ pageSize: '50' })]);
      for (const c of /** @type {Array<{ id: string, name: string }>} */ (asList(directory))) names.set(c.id, c.name);
      const written = /** @type {Review[]} */ (reviews).filter((r) => r.review !== null);
      if (written.length === 0) mount(listEl, h('li', { class: 'muted' }, t('reviews.empty')));
      else mount(listEl, written.map(renderReview));
    } catch (e) {
      mount(listEl, h('li', { class: 'form-error' }, moderationSentence(e)));
    }
  }

  /** @param {Review} r @param {boolean} hidden */
  async function setHidden(r, hidden) {
    try {
      await api.adminReviewVisibility(r.id, hidden);
      toast(hidden ? t('reviews.hiddenToast') : t('reviews.shownToast'), 'success');
      await update();
    } catch (e) {
      toast(moderationSentence(e), 'error');
    }
  }

  /** @param {Review} r */
  function renderReview(r) {
    return h(
      'li',
      { class: 'review-admin', 'data-testid': 'admin-review', dataset: { id: r.id, hidden: String(r.hidden) } },
      h(
        'div',
        { class: 'row-between' },
        h(
          'span',
          { 'aria-label': t('reviews.stars', { stars: r.stars }) },
          '★'.repeat(r.stars) + '☆'.repeat(5 - r.stars),
        ),
        h(
          'span',
          { class: `pill ${r.hidden ? 'pill-danger' : 'pill-ok'}` },
          r.hidden ? t('reviews.hidden') : t('reviews.visible'),
        ),
      ),
      h('p', { class: 'review-text' }, r.review ?? ''),
      h(
        'p',
        { class: 'muted small' },
        `${t('reviews.for', { name: names.get(r.consultantId) ?? t('reviews.unlisted') })} · ${formatTime(r.createdAt, true)}`,
      ),
      h(
        'button',
        {
          type: 'button',
          class: `btn ${r.hidden ? 'btn-ghost' : 'btn-danger'}`,
          'data-testid': r.hidden ? 'review-show' : 'review-hide',
          onclick: () => void setHidden(r, !r.hidden),
        },
        r.hidden ? t('reviews.show') : t('reviews.hide'),
      ),
    );
  }

  return { el, update };
}
