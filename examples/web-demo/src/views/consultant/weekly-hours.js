/** The weekly hours control: for each day, whether the consultant works and from when to when (one opening a day). */

import { h } from '../../dom.js';
import { currentLocale, t } from '../../i18n.js';

/** A weekday's name in the page's language, 0 = Sunday (1 Jan 2023 was a Sunday). @param {number} day */
const dayName = (day) =>
  new Intl.DateTimeFormat(currentLocale(), { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2023, 0, 1 + day));
/** Monday first, as a week reads in India. */
const ORDER = [1, 2, 3, 4, 5, 6, 0];

/** @typedef {{ day: number, from: string, to: string }} Slot */

export function createWeeklyHours() {
  const rows = ORDER.map((day) => {
    const on = /** @type {HTMLInputElement} */ (
      h('input', { type: 'checkbox', id: `hours-${day}-on`, 'data-testid': `hours-${day}-on` })
    );
    const from = /** @type {HTMLInputElement} */ (
      h('input', {
        type: 'time',
        id: `hours-${day}-from`,
        value: '09:00',
        'aria-label': t('hours.from', { day: dayName(day) }),
      })
    );
    const to = /** @type {HTMLInputElement} */ (
      h('input', {
        type: 'time',
        id: `hours-${day}-to`,
        value: '18:00',
        'aria-label': t('hours.until', { day: dayName(day) }),
      })
    );
    const sync = () => {
      from.disabled = !on.checked;
      to.disabled = !on.checked;
    };
    on.addEventListener('change', sync);
    sync();
    const el = h(
      'div',
      { class: 'hours-row' },
      h('label', { class: 'hours-day', for: on.id }, on, dayName(day)),
      from,
      h('span', { class: 'muted', 'aria-hidden': 'true' }, t('hours.to')),
      to,
    );
    return { day, on, from, to, sync, el };
  });
  const el = h(
    'fieldset',
    { class: 'weekly-hours', 'data-testid': 'weekly-hours' },
    h('legend', {}, t('hours.title')),
    ...rows.map((r) => r.el),
  );
  return {
    el,
    /** @param {Slot[]} schedule */
    set(schedule) {
      for (const row of rows) {
        const slot = schedule.find((s) => s.day === row.day);
        row.on.checked = Boolean(slot);
        if (slot) {
          row.from.value = slot.from;
          // An opening to midnight is stored as 24:00, which a time input cannot show.
          row.to.value = slot.to === '24:00' ? '23:59' : slot.to;
        }
        row.sync();
      }
    },
    /** @returns {Slot[]} */
    value() {
      return rows
        .filter((r) => r.on.checked)
        .map((r) => ({ day: r.day, from: r.from.value, to: r.to.value === '23:59' ? '24:00' : r.to.value }));
    },
  };
}
