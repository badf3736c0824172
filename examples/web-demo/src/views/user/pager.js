/** Previous and next page under the consultant directory, with where the user is. */

import { h } from '../../dom.js';
import { t } from '../../i18n.js';

/** @param {(page: number) => void} go */
export function createPager(go) {
  let page = 1;
  const previous = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'button', class: 'btn btn-ghost', 'data-testid': 'page-previous', onclick: () => go(page - 1) },
      t('pager.previous'),
    )
  );
  const next = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'button', class: 'btn btn-ghost', 'data-testid': 'page-next', onclick: () => go(page + 1) },
      t('pager.next'),
    )
  );
  const where = h('span', { class: 'muted small', 'data-testid': 'page-where', 'aria-live': 'polite' });
  const el = h('nav', { class: 'pager', 'aria-label': t('pager.label'), hidden: true }, previous, where, next);
  return {
    el,
    /**
     * @param {number} current
     * @param {number} pages
     * @param {number} total consultants matching in all
     */
    show(current, pages, total) {
      page = current;
      el.hidden = pages <= 1;
      previous.disabled = current <= 1;
      next.disabled = current >= pages;
      where.textContent = t('pager.where', { current, pages, total });
    },
  };
}
