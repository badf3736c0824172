/** The user's first stage: the consultant directory with its filters. */

import { api } from '../../api.js';
import { h, mount } from '../../dom.js';
import { t } from '../../i18n.js';
import { asList } from '../../session.js';
import { renderConsultantCard } from './consultant-card.js';
import { createFilters } from './filters.js';
import { createPager } from './pager.js';

/** Consultants a page shows. */
const PAGE_SIZE = 12;

/** @typedef {import('./consultant-card.js').Consultant} Consultant */

/**
 * The directory. It is built once and kept while other stages show, so the filters stay as the user set them.
 * @param {{ onRequest: (consultant: Consultant, service: import('./consultant-card.js').Service) => void,
 *   onJoinWaitlist?: (consultant: Consultant) => void }} deps
 */
export function createBrowse({ onRequest, onJoinWaitlist }) {
  /** The consultants of the last load. @type {Consultant[]} */
  let consultants = [];
  /** Free seconds the user's next consultation starts with, by consultant. @type {Record<string, number>} */
  let freeSeconds = {};
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
  const grid = h('ul', {
    class: 'consultant-grid',
    'data-testid': 'consultants',
    'aria-label': t('browse.consultants'),
  });
  const el = h(
    'div',
    { class: 'browse' },
    h('div', { class: 'section-head' }, h('h1', {}, t('browse.title')), h('p', { class: 'muted' }, t('browse.lead'))),
    filters.el,
    grid,
    pager.el,
  );

  /** Loads the directory again with the current filters and page (presence and ratings change all the time). */
  async function update() {
    const mine = ++asked;
    try {
      const [listed, free] = await Promise.all([
        api.consultants({ ...filters.values(), page: String(page), pageSize: String(PAGE_SIZE) }),
        api.freeSeconds().catch(() => ({})), // the badges are a bonus: the directory shows without them
      ]);
      const answer = /** @type {{ total?: number, pageSize?: number }} */ (listed);
      if (mine !== asked) return;
      consultants = /** @type {Consultant[]} */ (asList(answer));
      freeSeconds = /** @type {Record<string, number>} */ (free ?? {});
      const total = answer.total ?? consultants.length;
      grid.setAttribute('aria-busy', 'false');
      if (consultants.length === 0) mount(grid, h('li', { class: 'empty muted' }, t('browse.empty')));
      else
        mount(
          grid,
          consultants.map((c) =>
            renderConsultantCard(c, onRequest, {
              freeSeconds: freeSeconds[c.id],
              ...(onJoinWaitlist ? { onJoinWaitlist } : {}),
            }),
          ),
        );
      pager.show(page, Math.max(1, Math.ceil(total / PAGE_SIZE)), total);
    } catch {
      if (mine !== asked) return;
      mount(grid, h('li', { class: 'form-error' }, t('browse.loadFailed')));
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
    /**
     * The free seconds the user's next consultation with a consultant starts with, as of the last load.
     * @param {string} id
     */
    freeSecondsOf: (id) => freeSeconds[id] ?? 0,
  };
}
