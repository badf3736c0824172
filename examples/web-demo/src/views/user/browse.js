/** The user's first stage: the consultant directory with its filters. */

import { api } from '../../api.js';
import { h, mount } from '../../dom.js';
import { asList } from '../../session.js';
import { renderConsultantCard } from './consultant-card.js';
import { createFilters } from './filters.js';

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
  const filters = createFilters(() => void update());
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
  );

  /** Loads the directory again with the current filters (presence and ratings change all the time). */
  async function update() {
    try {
      const [listed, free] = await Promise.all([
        api.consultants(filters.values()),
        api.freeSeconds().catch(() => ({})), // the badges are a bonus: the directory shows without them
      ]);
      consultants = /** @type {Consultant[]} */ (asList(listed));
      freeSeconds = /** @type {Record<string, number>} */ (free ?? {});
      if (consultants.length === 0)
        mount(grid, h('li', { class: 'empty muted' }, 'No consultants match these filters.'));
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
    } catch (e) {
      mount(grid, h('li', { class: 'form-error' }, `Could not load consultants: ${/** @type {Error} */ (e).message}`));
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
