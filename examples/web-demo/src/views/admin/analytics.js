/** The admin's analytics: what consultations billed over a range of days, by day or by consultant, as charts and a table. */

import { api } from '../../api.js';
import { field, h, mount } from '../../dom.js';
import { formatMoney } from '../../format.js';
import { barChart } from './bar-chart.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-12-05" → "5 Dec". @param {string} day */
const shortDay = (day) => `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
/** A name short enough to sit under a bar. @param {string} name */
const shortName = (name) => (name.length > 14 ? `${name.slice(0, 13)}…` : name);
/** @param {number} seconds */
const minutes = (seconds) =>
  seconds < 600 ? `${(seconds / 60).toFixed(1)} min` : `${Math.round(seconds / 60).toLocaleString('en-IN')} min`;

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
      h('option', { value: 'day' }, 'By day'),
      h('option', { value: 'consultant' }, 'By consultant'),
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
    field('From', from),
    field('To', to),
    field('Show', groupBy),
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'analytics-submit' }, 'Show'),
  );
  const el = h('section', { class: 'card' }, h('h2', {}, 'Analytics'), form, output);
  /** Counts requests, so an answer that arrives after a newer request was sent is dropped. */
  let latest = 0;

  /** Reads the report for the chosen range again. */
  async function update() {
    const request = ++latest;
    if (!from.value || !to.value || to.value < from.value) {
      mount(output, h('p', { class: 'form-error', role: 'alert' }, 'Choose a start day on or before the end day.'));
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
        h(
          'p',
          { class: 'form-error', role: 'alert' },
          tooLong
            ? 'Choose a shorter range: up to 400 days can be shown by day.'
            : 'The analytics could not be loaded. Press Show to try again.',
        ),
      );
    }
  }

  /** @param {any} report */
  function render(report) {
    const byDay = report.groupBy === 'day';
    const rows = /** @type {any[]} */ (report.rows);
    const bars = (/** @type {(r: any) => number} */ pick) =>
      rows.map((r) => ({ label: r.label, tick: byDay ? shortDay(r.label) : shortName(r.label), value: pick(r) }));
    const range = `${shortDay(report.from)} to ${shortDay(report.to)}`;
    const totals = report.totals;
    const stat = (/** @type {string} */ label, /** @type {string} */ value, /** @type {string} */ testid) =>
      h('div', { class: 'stat' }, h('dt', {}, label), h('dd', { 'data-testid': testid }, value));
    return h(
      'div',
      { class: 'stack' },
      h('p', { class: 'muted small' }, `Days are counted in ${report.timeZone} time.`),
      h(
        'dl',
        { class: 'stats' },
        stat('Sessions', String(totals.sessions), 'analytics-sessions'),
        stat('Minutes', minutes(totals.seconds), 'analytics-minutes'),
        stat('Charged to users', formatMoney(totals.userCharged), 'analytics-charged'),
        stat('Commission', formatMoney(totals.commission), 'analytics-commission'),
      ),
      rows.length === 0
        ? h('p', { class: 'muted' }, 'No consultations were billed in this range.')
        : h(
            'div',
            { class: 'chart-grid' },
            h(
              'figure',
              {},
              barChart({
                title: `Charged to users, ${range}`,
                rows: bars((r) => r.userCharged),
                format: formatMoney,
                testid: 'chart-charged',
              }),
              h('figcaption', {}, 'Charged to users'),
            ),
            h(
              'figure',
              {},
              barChart({
                title: `Minutes billed, ${range}`,
                rows: bars((r) => r.seconds),
                format: minutes,
                testid: 'chart-minutes',
              }),
              h('figcaption', {}, 'Minutes billed'),
            ),
          ),
      rows.length === 0 ? null : figuresTable(rows, byDay),
    );
  }

  return { el, update };
}

/** The same figures as a table, for anyone who cannot or would rather not read the charts. @param {any[]} rows @param {boolean} byDay */
function figuresTable(rows, byDay) {
  const head = [byDay ? 'Day' : 'Consultant', 'Sessions', 'Minutes', 'Charged', 'Consultant share', 'Commission'];
  return h(
    'details',
    { class: 'analytics-table' },
    h('summary', {}, 'Show the figures as a table'),
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
            head.map((t) => h('th', { scope: 'col' }, t)),
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
              h('td', { 'data-label': 'Sessions' }, String(r.sessions)),
              h('td', { 'data-label': 'Minutes' }, minutes(r.seconds)),
              h('td', { 'data-label': 'Charged' }, formatMoney(r.userCharged)),
              h('td', { 'data-label': 'Consultant share' }, formatMoney(r.consultantShare)),
              h('td', { 'data-label': 'Commission' }, formatMoney(r.commission)),
            ),
          ),
        ),
      ),
    ),
  );
}
