/** The user's first stage: the consultant directory with its filters. */

import { api } from '../../api.js';
import { h, mount } from '../../dom.js';
import { asList } from '../../session.js';
import { renderConsultantCard } from './consultant-card.js';
import { createFilters } from './filters.js';
import { createPager } from './pager.js';

/** Consultants a page shows. */
const PAGE_SIZE = 12;

/** @typedef {import('./consultant-card.js').Consultant} Consultant */

/**
 * The directory. It is built once and kept while other stages show, so the filters stay as the user set them.
 * @param {{ onRequest: (consultant: Consultant, service: import('./consultant-card.js').Service) => void }} deps
 */
export function createBrowse({ onRequest }) {
  /** The consultants of the last load. @type {Consultant[]} */
  let consultants = [];
  /** The page shown; a change of filters starts again at the first. */
  let page = 1;
  /** The response the page shows is the last one asked for: an answer to an older query is dropped. */
  let asked = 0;
  const filters = createFilters(() => {
    page = 1;
    void update();
  });
  const pager = createPager((next) => {
    page = next;
    void update();
  });
  const grid = h('ul', { class: 'consultant-grid', 'data-testid': 'consultants', 'aria-label': 'Consultants' });
  const el = h(
    'div',
    { class: 'browse' },
    h(
      'div',
      { class: 'section-head' },
      h('h1', {}, 'Talk to an astrologer'),
      h('p', { class: 'muted' }, 'Pick a consultant and how you want to talk. You pay per minute from your wallet.'),
    ),
    filters.el,
    grid,
    pager.el,
  );

  /** Loads the directory again with the current filters and page (presence and ratings change all the time). */
  async function update() {
    const mine = ++asked;
    try {
      const answer = /** @type {{ total?: number, pageSize?: number }} */ (
        await api.consultants({ ...filters.values(), page: String(page), pageSize: String(PAGE_SIZE) })
      );
      if (mine !== asked) return;
      consultants = /** @type {Consultant[]} */ (asList(answer));
      const total = answer.total ?? consultants.length;
      grid.setAttribute('aria-busy', 'false');
      if (consultants.length === 0)
        mount(
          grid,
          h(
            'li',
            { class: 'empty muted' },
            'No consultants match these filters. Clear a filter or widen the price range to see more.',
          ),
        );
      else
        mount(
          grid,
          consultants.map((c) => renderConsultantCard(c, onRequest)),
        );
      pager.show(page, Math.max(1, Math.ceil(total / PAGE_SIZE)), total);
    } catch {
      if (mine !== asked) return;
      mount(
        grid,
        h(
          'li',
          { class: 'form-error' },
          'Could not load the consultants. Check your connection, then change a filter or reload the page to try again.',
        ),
      );
    }
  }

  return {
    el,
    update,
    /**
     * A consultant's name, if the last load listed them.
     * @param {string} id
     */
    nameOf: (id) => consultants.find((c) => c.id === id)?.name,
  };
}
