/** The consultant's latest payouts and where each stands: waiting for the operator, paid, failed or reversed. */

import { h, mount } from '../../dom.js';
import { formatMoney, formatTime } from '../../format.js';
import { t } from '../../i18n.js';

/**
 * @typedef {{ id: string, amount: number, status: string, note: string | null, createdAt: number,
 *   settledAt: number | null }} Payout
 */

/** The pill each status shows; what it means to the consultant is `payouts.status.<status>` in the locales. */
const PILL = {
  requested: 'pill-warn',
  processing: 'pill-warn',
  paid: 'pill-live',
  failed: 'pill-danger',
  reversed: 'pill-danger',
};

/**
 * The line under a payout: what happened, in the consultant's terms.
 * @param {Payout} p
 */
function detailOf(p) {
  const note = p.note ? `: ${p.note}` : '';
  if (p.status === 'requested') return t('payouts.detail.requested');
  if (p.status === 'processing') return t('payouts.detail.processing');
  if (p.status === 'paid')
    return p.note ? t('payouts.detail.paidReference', { reference: p.note }) : t('payouts.detail.paid');
  if (p.status === 'failed') return t('payouts.detail.failed', { note });
  if (p.status === 'reversed') return t('payouts.detail.reversed', { note });
  return '';
}

export function createPayoutHistory() {
  const list = h('ol', { class: 'payout-list', 'data-testid': 'payouts' });
  const el = h('div', { class: 'payout-history' }, h('h3', { class: 'subhead' }, t('payouts.title')), list);

  return {
    el,
    /**
     * Shows the payouts, newest first.
     * @param {Payout[]} payouts
     */
    update(payouts) {
      if (payouts.length === 0) {
        mount(list, h('li', { class: 'muted small' }, t('payouts.empty')));
        return;
      }
      mount(
        list,
        payouts.map((p) => {
          const pill = PILL[/** @type {keyof typeof PILL} */ (p.status)];
          const status = pill ? { text: t(`payouts.status.${p.status}`), pill } : { text: p.status, pill: '' };
          return h(
            'li',
            { class: 'payout-row', 'data-testid': 'payout', dataset: { id: p.id, status: p.status } },
            h(
              'div',
              { class: 'payout-main' },
              h('strong', { class: 'payout-amount' }, formatMoney(p.amount)),
              h('span', { class: `pill ${status.pill}`, 'data-testid': 'payout-status' }, status.text),
            ),
            h(
              'p',
              { class: 'muted small', 'data-testid': 'payout-detail' },
              `${formatTime(p.settledAt ?? p.createdAt, true)} · ${detailOf(p)}`,
            ),
          );
        }),
      );
    },
  };
}
