/** The admin view: revenue, payouts awaiting approval, users' top-ups and their refunds, and sessions. */

import { h, mount } from '../../dom.js';
import { t } from '../../i18n.js';
import { on } from '../../state.js';
import { createAccounts } from './accounts.js';
import { createAnalytics } from './analytics.js';
import { createApprovals } from './approvals.js';
import { createPayoutQueue } from './payout-queue.js';
import { createRevenue } from './revenue.js';
import { createReviews } from './reviews.js';
import { createSessions } from './sessions.js';
import { createTopUps } from './top-ups.js';

/**
 * @param {HTMLElement} root
 * @returns {() => void}
 */
export function renderAdmin(root) {
  const approvals = createApprovals();
  const accounts = createAccounts();
  const reviews = createReviews();
  const revenue = createRevenue();
  const analytics = createAnalytics();
  const payouts = createPayoutQueue();
  const topUps = createTopUps();
  const sessions = createSessions({
    onRefunded: () => void Promise.all([revenue.update(), analytics.update()]),
    onUsers: topUps.suggest,
  });

  const refresh = () =>
    void Promise.all([
      approvals.update(),
      reviews.update(),
      revenue.update(),
      analytics.update(),
      payouts.update(),
      topUps.update(),
      sessions.update(),
    ]);
  mount(
    root,
    h(
      'div',
      { class: 'view view-admin', 'data-testid': 'admin-view' },
      h(
        'div',
        { class: 'section-head row-between' },
        h('div', {}, h('h1', {}, t('admin.title')), h('p', { class: 'muted' }, t('admin.lead'))),
        h('button', { type: 'button', class: 'btn btn-ghost', onclick: refresh }, t('admin.refresh')),
      ),
      approvals.el,
      revenue.el,
      analytics.el,
      payouts.el,
      topUps.el,
      sessions.el,
      accounts.el,
      reviews.el,
    ),
  );
  refresh();
  const off = on(
    'consultation.ended',
    () => void Promise.all([sessions.update(), revenue.update(), analytics.update()]),
  );
  return () => off();
}
