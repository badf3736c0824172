/** The platform's revenue figures: commission, what users were charged (gross) and refunded, net, what consultants earned. */

import { api } from '../../api.js';
import { h, mount } from '../../dom.js';
import { formatMoney, formatNumber } from '../../format.js';
import { hasText, t } from '../../i18n.js';

/** Figures that count something; every other figure is money. */
const COUNTS = /count|sessions|seconds/i;

/** "platformBalance" → "Platform Balance". @param {string} key */
const labelOf = (key) =>
  hasText(`revenue.figure.${key}`)
    ? t(`revenue.figure.${key}`)
    : key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

export function createRevenue() {
  const figures = h('dl', { class: 'stats', 'data-testid': 'revenue' });
  const el = h(
    'section',
    { class: 'card' },
    h('h2', {}, t('revenue.title')),
    figures,
    h('p', { class: 'muted small' }, t('revenue.note')),
  );

  /** Reads the revenue report again. */
  async function update() {
    try {
      const report = /** @type {Record<string, unknown>} */ (await api.adminRevenue());
      const entries = Object.entries(report ?? {}).filter(([, v]) => typeof v === 'number');
      mount(
        figures,
        entries.map(([k, v]) =>
          h(
            'div',
            { class: 'stat' },
            h('dt', {}, labelOf(k)),
            h(
              'dd',
              { 'data-testid': `revenue-${k}` },
              COUNTS.test(k) ? formatNumber(/** @type {number} */ (v)) : formatMoney(/** @type {number} */ (v)),
            ),
          ),
        ),
      );
    } catch {
      mount(figures, h('p', { class: 'form-error', role: 'alert' }, t('revenue.loadFailed')));
    }
  }

  return { el, update };
}
