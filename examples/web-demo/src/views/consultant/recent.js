/** The consultant's recent consultations: the last few that ended, with what each earned. */

import { h, mount } from '../../dom.js';
import { describeEndReason, formatDuration, formatMoney, formatTime, serviceLabel } from '../../format.js';

/** How many ended consultations the list shows. */
const SHOWN = 8;

export function createRecent() {
  const list = h('ul', { class: 'history', 'data-testid': 'recent' });
  const el = h('section', { class: 'card' }, h('h2', {}, 'Recent consultations'), list);
  return {
    el,
    /**
     * Shows the ended ones of the consultant's consultations (newest first).
     * @param {import('../../session.js').Session[]} sessions
     */
    update(sessions) {
      const done = sessions.filter((s) => s.status === 'ended').slice(0, SHOWN);
      if (done.length === 0) {
        mount(list, h('li', { class: 'muted' }, 'No consultations yet.'));
        return;
      }
      mount(
        list,
        done.map((s) =>
          h(
            'li',
            { class: 'history-row' },
            h(
              'div',
              {},
              h('p', {}, serviceLabel(s.service)),
              h(
                'p',
                { class: 'muted small' },
                `${formatTime(s.requestedAt, true)} · ${describeEndReason(s.endReason)}`,
              ),
            ),
            h(
              'div',
              { class: 'right' },
              h('p', {}, formatMoney(s.summary?.consultantShare ?? 0)),
              h('p', { class: 'muted small' }, formatDuration(s.summary?.secondsBilled ?? 0)),
            ),
          ),
        ),
      );
    },
    /**
     * Shows why the list could not be read.
     * @param {Error} error
     */
    fail(error) {
      mount(list, h('li', { class: 'form-error' }, error.message));
    },
  };
}
