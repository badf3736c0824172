/** A bar chart drawn as inline SVG: titled for screen readers, each bar with its figure, no library needed. */

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
 * @param {{ title: string, rows: Array<{ label: string, tick?: string, value: number }>,
 *   format: (value: number) => string, testid: string }} chart `tick` is the short label under a bar
 * @returns {SVGSVGElement}
 */
export function barChart({ title, rows, format, testid }) {
  const id = `chart-${++charts}`;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, rows.length);
  const barWidth = Math.max(2, Math.min(48, slot * 0.7));
  // Labels stay legible: with many bars, only every n-th is labelled.
  const every = Math.ceil(rows.length / 7);
  const summary = rows.map((r) => `${r.label}: ${format(r.value)}`).join('; ');
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
  rows.forEach((row, i) => {
    const height = (row.value / max) * plotHeight;
    const x = PAD.left + i * slot + (slot - barWidth) / 2;
    const y = HEIGHT - PAD.bottom - height;
    chart.append(
      svg(
        'rect',
        {
          x,
          y,
          width: barWidth,
          height: Math.max(height, row.value > 0 ? 1 : 0),
          rx: 2,
          class: 'bar-chart-bar',
          'data-testid': `${testid}-bar`,
        },
        svg('title', {}, `${row.label}: ${format(row.value)}`),
      ),
    );
    if (row.value === max && row.value > 0) {
      chart.append(
        svg(
          'text',
          { x: x + barWidth / 2, y: y - 4, class: 'bar-chart-value', 'text-anchor': 'middle' },
          format(row.value),
        ),
      );
    }
    if (i % every === 0) {
      chart.append(
        svg(
          'text',
          { x: x + barWidth / 2, y: HEIGHT - PAD.bottom + 16, class: 'bar-chart-label', 'text-anchor': 'middle' },
          row.tick ?? row.label,
        ),
      );
    }
  });
  return chart;
}
