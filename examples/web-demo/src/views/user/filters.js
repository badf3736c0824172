/** The filter bar above the consultant directory: service, speciality, language and sort order. */

import { field, h } from '../../dom.js';

/**
 * @param {() => void} onChange hears every change, and a submit (Enter in a search box)
 */
export function createFilters(onChange) {
  const service = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'filter-service', 'data-testid': 'filter-service', onchange: onChange },
      h('option', { value: '' }, 'Any'),
      h('option', { value: 'chat' }, 'Chat'),
      h('option', { value: 'voice' }, 'Voice'),
      h('option', { value: 'video' }, 'Video'),
    )
  );
  const speciality = /** @type {HTMLInputElement} */ (
    h('input', { id: 'filter-speciality', type: 'search', placeholder: 'e.g. Vedic, Tarot', onchange: onChange })
  );
  const language = /** @type {HTMLInputElement} */ (
    h('input', { id: 'filter-language', type: 'search', placeholder: 'e.g. Hindi', onchange: onChange })
  );
  const sort = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'filter-sort', onchange: onChange },
      h('option', { value: 'rating' }, 'Top rated'),
      h('option', { value: 'price' }, 'Lowest price'),
    )
  );
  const el = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Filter consultants',
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        onChange();
      },
    },
    field('Service', service),
    field('Speciality', speciality),
    field('Language', language),
    field('Sort by', sort),
  );
  return {
    el,
    /** The query the directory is asked with. */
    values: () => ({
      service: service.value,
      speciality: speciality.value.trim(),
      language: language.value.trim(),
      sort: sort.value,
    }),
  };
}
