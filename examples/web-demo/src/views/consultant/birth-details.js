/** The birth details a user attached to a request, as the consultant reads them. */

import { h } from '../../dom.js';
import { formatDate } from '../../format.js';
import { t } from '../../i18n.js';

/**
 * @typedef {{ name: string, dateOfBirth: string, timeOfBirth: string | null, placeOfBirth: string,
 *   question: string }} BirthDetails
 */

/** @param {BirthDetails | null} d */
export function renderBirthDetails(d) {
  if (!d) return h('p', { class: 'muted small' }, t('consultant.noBirth'));
  return h(
    'dl',
    { class: 'birth-grid' },
    h('div', {}, h('dt', {}, 'Name'), h('dd', { 'data-testid': 'bd-name' }, d.name)),
    h(
      'div',
      {},
      h('dt', {}, t('consultant.born')),
      h(
        'dd',
        { 'data-testid': 'bd-born' },
        `${formatDate(d.dateOfBirth)}${d.timeOfBirth ? `, ${d.timeOfBirth}` : `, ${t('consultant.timeUnknown')}`}`,
      ),
    ),
    h('div', {}, h('dt', {}, 'Place'), h('dd', { 'data-testid': 'bd-place' }, d.placeOfBirth)),
    d.question
      ? h('div', { class: 'wide' }, h('dt', {}, 'Question'), h('dd', { 'data-testid': 'bd-question' }, d.question))
      : null,
  );
}
