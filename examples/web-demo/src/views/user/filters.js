/**
 * The filter bar above the consultant directory: search, service, speciality, language, price range, online
 * now and sort order. Text boxes apply as the user types (after a short pause), the rest as they change.
 */

import { field, h } from '../../dom.js';
import { parseRupees } from '../../format.js';

/** How long typing pauses before the directory is asked again: one request per word, not per key. */
export const TYPING_PAUSE_MS = 300;

/**
 * @param {() => void} onChange hears every change: at once for a choice, after a pause for typing
 */
export function createFilters(onChange) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pending;
  const now = () => {
    clearTimeout(pending);
    onChange();
  };
  const soon = () => {
    clearTimeout(pending);
    pending = setTimeout(onChange, TYPING_PAUSE_MS);
  };
  /** @param {Record<string, unknown>} attrs a text box that applies while typing, and at once on Enter or leaving it */
  const textBox = (attrs) =>
    /** @type {HTMLInputElement} */ (
      h('input', { type: 'search', autocomplete: 'off', oninput: soon, onchange: now, ...attrs })
    );
  const search = textBox({ id: 'filter-q', placeholder: 'Name or topic', 'data-testid': 'filter-q' });
  const service = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'filter-service', 'data-testid': 'filter-service', onchange: now },
      h('option', { value: '' }, 'Any'),
      h('option', { value: 'chat' }, 'Chat'),
      h('option', { value: 'voice' }, 'Voice'),
      h('option', { value: 'video' }, 'Video'),
    )
  );
  const speciality = textBox({
    id: 'filter-speciality',
    placeholder: 'e.g. Vedic, Tarot',
    'data-testid': 'filter-speciality',
  });
  const language = textBox({ id: 'filter-language', placeholder: 'e.g. Hindi', 'data-testid': 'filter-language' });
  const minPrice = textBox({
    id: 'filter-min',
    type: 'text',
    inputmode: 'decimal',
    placeholder: '₹ min',
    'data-testid': 'filter-min',
  });
  const maxPrice = textBox({
    id: 'filter-max',
    type: 'text',
    inputmode: 'decimal',
    placeholder: '₹ max',
    'data-testid': 'filter-max',
  });
  const online = /** @type {HTMLInputElement} */ (
    h('input', { id: 'filter-online', type: 'checkbox', 'data-testid': 'filter-online', onchange: now })
  );
  const sort = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'filter-sort', 'data-testid': 'filter-sort', onchange: now },
      h('option', { value: 'rating' }, 'Top rated'),
      h('option', { value: 'price' }, 'Lowest price'),
      h('option', { value: 'experience' }, 'Experience'),
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
        now();
      },
    },
    h('div', { class: 'filter-search' }, field('Search', search)),
    field('Service', service),
    field('Speciality', speciality),
    field('Language', language),
    h(
      'div',
      { class: 'field price-range' },
      h('span', { class: 'label', id: 'price-label' }, 'Price a minute'),
      h(
        'div',
        { class: 'price-inputs', role: 'group', 'aria-labelledby': 'price-label' },
        minPrice,
        h('span', { 'aria-hidden': 'true' }, '–'),
        maxPrice,
      ),
    ),
    field('Sort by', sort),
    h('label', { class: 'check filter-online', for: 'filter-online' }, online, 'Online now'),
  );

  /** @param {HTMLInputElement} box rupees typed, as paise; what does not read as rupees is left out */
  const paise = (box) => {
    const value = parseRupees(box.value);
    return value === null ? '' : String(value);
  };

  return {
    el,
    /** The query the directory is asked with. */
    values: () => ({
      q: search.value.trim(),
      service: service.value,
      speciality: speciality.value.trim(),
      language: language.value.trim(),
      minPrice: paise(minPrice),
      maxPrice: paise(maxPrice),
      online: online.checked ? 'true' : '',
      sort: sort.value,
    }),
  };
}
