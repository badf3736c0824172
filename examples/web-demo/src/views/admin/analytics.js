/**
 * The admin's analytics: what consultations billed over a range of days, by day or by consultant, and what was
 * refunded in those days, as charts and a table. Charged is gross (before refunds); net charged is after them.
 */

import { api } from '../../api.js';
import { field, h, mount } from '../../dom.js';
import { formatMoney, formatNumber } from '../../format.js';
import { currentLocale, t } from '../../i18n.js';
import { barChart } from './bar-chart.js';

/** "2026-12-05" → "5 Dec" in the page's language, read as written whatever the time zone. @param {string} day */
const shortDay = (day) =>
  new Intl.DateTimeFormat(currentLocale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))),
  );
/** A name short enough to sit under a bar. @param {string} name */
const shortName = (name) => (name.length > 14 ? `${name.slice(0, 13)}…` : name);
/** @param {number} seconds */
const minutes = (seconds) =>
  t('analytics.minutes', {
    value: formatNumber(seconds < 600 ? seconds / 60 : Math.round(seconds / 60), seconds < 600 ? 1 : 0),
  });

/** Today and `days` before it, as `YYYY-MM-DD` in the browser's own calendar. @param {number} days */
function localDay(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function createAnalytics() {
  const from = /** @type {HTMLInputElement} */ (
    h('input', { type: 'date', value: localDay(6), 'data-testid': 'analytics-from' })
  );
  const to = /** @type {HTMLInputElement} */ (
    h('input', { type: 'date', value: localDay(0), 'data-testid': 'analytics-to' })
  );
  const groupBy = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { 'data-testid': 'analytics-group' },
      h('option', { value: 'day' }, t('analytics.byDay')),
      h('option', { value: 'consultant' }, t('analytics.byConsultant')),
    )
  );
  const output = h('div', { class: 'analytics-output', 'data-testid': 'analytics', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'analytics-form',
      onsubmit: (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        void update();
      },
    },
    field(t('analytics.from'), from),
    field(t('analytics.to'), to),
    field(t('approvals.show'), groupBy),
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'analytics-submit' }, t('approvals.show')),
  );
  const el = h('section', { class: 'card' }, h('h2', {}, t('analytics.title')), form, output);
  /** Counts requests, so an answer that arrives after a newer request was sent is dropped. */
  let latest = 0;

  /** Reads the report for the chosen range again. */
  async function update() {
    const request = ++latest;
    if (!from.value || !to.value || to.value < from.value) {
      mount(output, h('p', { class: 'form-error', role: 'alert' }, t('analytics.badRange')));
      return;
    }
    try {
      const report = /** @type {any} */ (
        await api.adminAnalytics(from.value, to.value, /** @type {any} */ (groupBy.value))
      );
      if (request === latest) mount(output, render(report));
    } catch (e) {
      if (request !== latest) return;
      const tooLong = /** @type {any} */ (e)?.code === 'INVALID_INPUT';
      mount(
        output,
        h('p', { class: 'form-error', role: 'alert' }, tooLong ? t('analytics.tooLong') : t('analytics.loadFailed')),
      );
    }
  }

  /** @param {any} report */
  function render(report) {
    const byDay = report.groupBy === 'day';
    const rows = /** @type {any[]} */ (report.rows);
    const bars = (/** @type {(r: any) => number} */ pick, /** @type {(r: any) => number} */ second = () => 0) =>
      rows.map((r) => ({
        label: r.label,
        tick: byDay ? shortDay(r.label) : shortName(r.label),
        value: pick(r),
        second: second(r),
      }));
    const range = t('analytics.range', { from: shortDay(report.from), to: shortDay(report.to) });
    const totals = report.totals;
    const stat = (/** @type {string} */ label, /** @type {string} */ value, /** @type {string} */ testid) =>
      h('div', { class: 'stat' }, h('dt', {}, label), h('dd', { 'data-testid': testid }, value));
    return h(
      'div',
      { class: 'stack' },
      h('p', { class: 'muted small' }, t('analytics.zone', { zone: report.timeZone }), ' ', t('analytics.refundNote')),
      h(
        'dl',
        { class: 'stats' },
        stat(t('analytics.column.sessions'), formatNumber(totals.sessions), 'analytics-sessions'),
        stat(t('analytics.column.minutes'), minutes(totals.seconds), 'analytics-minutes'),
        stat(t('analytics.chargedToUsers'), formatMoney(totals.userCharged), 'analytics-charged'),
        stat(t('analytics.refunded'), formatMoney(totals.refunded), 'analytics-refunded'),
        stat(t('analytics.netCharged'), formatMoney(totals.netCharged), 'analytics-net'),
        stat(t('analytics.column.commission'), formatMoney(totals.commission), 'analytics-commission'),
      ),
      rows.length === 0
        ? h('p', { class: 'muted' }, t('analytics.none'))
        : h(
            'div',
            { class: 'chart-grid' },
            h(
              'figure',
              {},
              barChart({
                title: `${t('analytics.chargedAndRefunded')}, ${range}`,
                rows: bars(
                  (r) => r.userCharged,
                  (r) => r.refunded,
                ),
                format: formatMoney,
                testid: 'chart-charged',
                labels: [t('analytics.column.charged'), t('analytics.column.refunded')],
              }),
              h(
                'figcaption',
                { class: 'chart-legend' },
                h(
                  'span',
                  { class: 'legend-item' },
                  h('span', { class: 'legend-swatch' }),
                  t('analytics.chargedToUsers'),
                ),
                h(
                  'span',
                  { class: 'legend-item' },
                  h('span', { class: 'legend-swatch legend-swatch-second' }),
                  t('analytics.refunded'),
                ),
              ),
            ),
            h(
              'figure',
              {},
              barChart({
                title: `${t('analytics.minutesBilled')}, ${range}`,
                rows: bars((r) => r.seconds),
                format: minutes,
                testid: 'chart-minutes',
              }),
              h('figcaption', {}, t('analytics.minutesBilled')),
            ),
          ),
      rows.length === 0 ? null : figuresTable(rows, byDay),
    );
  }

  return { el, update };
}

/** The same figures as a table, for anyone who cannot or would rather not read the charts. @param {any[]} rows @param {boolean} byDay */
function figuresTable(rows, byDay) {
  /** A column's heading, also each cell's label on a phone. @param {string} column */
  const heading = (column) => t(`analytics.column.${column}`);
  const head = [
    byDay ? 'day' : 'consultant',
    'sessions',
    'minutes',
    'charged',
    'refunded',
    'net',
    'consultantShare',
    'commission',
  ].map(heading);
  return h(
    'details',
    { class: 'analytics-table' },
    h('summary', {}, t('analytics.table')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table', 'data-testid': 'analytics-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            head.map((text) => h('th', { scope: 'col' }, text)),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, r.label),
              h('td', { 'data-label': heading('sessions') }, formatNumber(r.sessions)),
              h('td', { 'data-label': heading('minutes') }, minutes(r.seconds)),
              h('td', { 'data-label': heading('charged') }, formatMoney(r.userCharged)),
              h(
                'td',
                { 'data-label': heading('refunded'), 'data-testid': 'analytics-row-refunded' },
                formatMoney(r.refunded),
              ),
              h('td', { 'data-label': heading('net') }, formatMoney(r.netCharged)),
              h('td', { 'data-label': heading('consultantShare') }, formatMoney(r.consultantShare)),
              h('td', { 'data-label': heading('commission') }, formatMoney(r.commission)),
            ),
          ),
        ),
      ),
    ),
  );
}
