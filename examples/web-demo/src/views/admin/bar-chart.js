/**
 * A bar chart drawn as inline SVG: titled for screen readers, each bar with its figure, no library needed.
 * With `second`, each row's `second` figure is a bar of its own beside the first (refunds beside charges).
 */

import { t } from '../../i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 420;
const HEIGHT = 200;
const PAD = { top: 18, right: 4, bottom: 30, left: 4 };

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 * @param {...(Node | string)} children
 */
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  el.append(...children);
  return el;
}

let charts = 0;

/**
 * @param {{ title: string, rows: Array<{ label: string, tick?: string, value: number, second?: number }>,
 *   format: (value: number) => string, testid: string, labels?: [string, string] }} chart
 *   `tick` is the short label under a bar; `labels` name the two figures when rows carry a `second`
 * @returns {SVGSVGElement}
 */
export function barChart({ title, rows, format, testid, labels }) {
  const id = `chart-${++charts}`;
  const paired = labels !== undefined;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.value, paired ? (r.second ?? 0) : 0)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, rows.length);
  const barWidth = Math.max(2, Math.min(48, slot * 0.7)) / (paired ? 2 : 1);
  // Labels stay legible: with many bars, only every n-th is labelled.
  const every = Math.ceil(rows.length / 7);
  /** A row's figures as a sentence part: "5 Dec: ₹10" or "5 Dec: Charged ₹10, Refunded ₹2". @param {{ label: string, value: number, second?: number }} r */
  const describe = (r) =>
    labels
      ? `${r.label}: ${labels[0]} ${format(r.value)}, ${labels[1]} ${format(r.second ?? 0)}`
      : `${r.label}: ${format(r.value)}`;
  const summary = rows.map(describe).join('; ');
  const chart = /** @type {SVGSVGElement} */ (
    svg(
      'svg',
      {
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        class: 'bar-chart',
        role: 'img',
        'aria-labelledby': `${id}-title ${id}-desc`,
        'data-testid': testid,
      },
      svg('title', { id: `${id}-title` }, title),
      svg('desc', { id: `${id}-desc` }, summary || t('analytics.noFigures')),
      svg('line', {
        x1: PAD.left,
        x2: WIDTH - PAD.right,
        y1: HEIGHT - PAD.bottom,
        y2: HEIGHT - PAD.bottom,
        class: 'bar-chart-axis',
      }),
    )
  );
  /** One bar of `value` at `x`, the row's figures as its tooltip. @param {number} x @param {number} value @param {string} kind @param {string} tooltip */
  const bar = (x, value, kind, tooltip) => {
    const height = (value / max) * plotHeight;
    const y = HEIGHT - PAD.bottom - height;
    chart.append(
      svg(
        'rect',
        {
          x,
          y,
          width: barWidth,
          height: Math.max(height, value > 0 ? 1 : 0),
          rx: 2,
          class: kind === 'second' ? 'bar-chart-bar bar-chart-bar-second' : 'bar-chart-bar',
          'data-testid': kind === 'second' ? `${testid}-second-bar` : `${testid}-bar`,
        },
        svg('title', {}, tooltip),
      ),
    );
    if (value === max && value > 0) {
      chart.append(
        svg(
          'text',
          { x: x + barWidth / 2, y: y - 4, class: 'bar-chart-value', 'text-anchor': 'middle' },
          format(value),
        ),
      );
    }
  };
  rows.forEach((row, i) => {
    const x = PAD.left + i * slot + (slot - barWidth * (paired ? 2 : 1)) / 2;
    bar(x, row.value, 'first', describe(row));
    if (paired) bar(x + barWidth, row.second ?? 0, 'second', describe(row));
    const center = x + (barWidth * (paired ? 2 : 1)) / 2;
    if (i % every === 0) {
      chart.append(
        svg(
          'text',
          { x: center, y: HEIGHT - PAD.bottom + 16, class: 'bar-chart-label', 'text-anchor': 'middle' },
          row.tick ?? row.label,
        ),
      );
    }
  });
  return chart;
}
