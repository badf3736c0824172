/** The admin view: revenue, payouts awaiting approval, users' top-ups and their refunds, and sessions. */

import { h, mount } from '../../dom.js';
import { on } from '../../state.js';
import { createAnalytics } from './analytics.js';
import { createPayoutQueue } from './payout-queue.js';
import { createRevenue } from './revenue.js';
import { createSessions } from './sessions.js';
import { createTopUps } from './top-ups.js';

/**
 * @param {HTMLElement} root
 * @returns {() => void}
 */
export function renderAdmin(root) {
  const revenue = createRevenue();
  const analytics = createAnalytics();
  const payouts = createPayoutQueue();
  const topUps = createTopUps();
  const sessions = createSessions({
    onRefunded: () => void Promise.all([revenue.update(), analytics.update()]),
    onUsers: topUps.suggest,
  });

  const refresh = () =>
    void Promise.all([revenue.update(), analytics.update(), payouts.update(), topUps.update(), sessions.update()]);
  mount(
    root,
    h(
      'div',
      { class: 'view view-admin', 'data-testid': 'admin-view' },
      h(
        'div',
        { class: 'section-head row-between' },
        h(
          'div',
          {},
          h('h1', {}, 'Operations'),
          h('p', { class: 'muted' }, 'Revenue, payouts, top-up refunds and sessions.'),
        ),
        h('button', { type: 'button', class: 'btn btn-ghost', onclick: refresh }, 'Refresh'),
      ),
      revenue.el,
      analytics.el,
      payouts.el,
      topUps.el,
      sessions.el,
    ),
  );
  refresh();
  const off = on(
    'consultation.ended',
    () => void Promise.all([sessions.update(), revenue.update(), analytics.update()]),
  );
  return () => off();
}
