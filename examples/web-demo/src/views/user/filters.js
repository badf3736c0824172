/**
 * The filter bar above the consultant directory: search, service, speciality, language, price range, online
 * now and sort order. Text boxes apply as the user types (after a short pause), the rest as they change.
 */

import { field, h } from '../../dom.js';
import { parseRupees } from '../../format.js';
import { t } from '../../i18n.js';

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
  const search = textBox({ id: 'filter-q', placeholder: t('filters.searchPlaceholder'), 'data-testid': 'filter-q' });
  const service = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'filter-service', 'data-testid': 'filter-service', onchange: now },
      h('option', { value: '' }, t('filters.any')),
      h('option', { value: 'chat' }, t('card.button.chat')),
      h('option', { value: 'voice' }, t('filters.voice')),
      h('option', { value: 'video' }, t('card.button.video')),
    )
  );
  const speciality = textBox({
    id: 'filter-speciality',
    placeholder: t('filters.specialityPlaceholder'),
    'data-testid': 'filter-speciality',
  });
  const language = textBox({
    id: 'filter-language',
    placeholder: t('filters.languagePlaceholder'),
    'data-testid': 'filter-language',
  });
  const minPrice = textBox({
    id: 'filter-min',
    type: 'text',
    inputmode: 'decimal',
    placeholder: t('filters.min'),
    'data-testid': 'filter-min',
  });
  const maxPrice = textBox({
    id: 'filter-max',
    type: 'text',
    inputmode: 'decimal',
    placeholder: t('filters.max'),
    'data-testid': 'filter-max',
  });
  const online = /** @type {HTMLInputElement} */ (
    h('input', { id: 'filter-online', type: 'checkbox', 'data-testid': 'filter-online', onchange: now })
  );
  const sort = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'filter-sort', 'data-testid': 'filter-sort', onchange: now },
      h('option', { value: 'rating' }, t('filters.sortRating')),
      h('option', { value: 'price' }, t('filters.sortPrice')),
      h('option', { value: 'experience' }, t('filters.sortExperience')),
    )
  );
  const el = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': t('filters.label'),
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        now();
      },
    },
    h('div', { class: 'filter-search' }, field(t('filters.search'), search)),
    field(t('filters.service'), service),
    field(t('filters.speciality'), speciality),
    field(t('filters.language'), language),
    h(
      'div',
      { class: 'field price-range' },
      h('span', { class: 'label', id: 'price-label' }, t('filters.price')),
      h(
        'div',
        { class: 'price-inputs', role: 'group', 'aria-labelledby': 'price-label' },
        minPrice,
        h('span', { 'aria-hidden': 'true' }, '–'),
        maxPrice,
      ),
    ),
    field(t('filters.sort'), sort),
    h('label', { class: 'check filter-online', for: 'filter-online' }, online, t('filters.online')),
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
