/** The consultant's latest payouts and where each stands: waiting for the operator, paid, failed or reversed. */

import { h, mount } from '../../dom.js';
import { formatMoney, formatTime } from '../../format.js';

/**
 * @typedef {{ id: string, amount: number, status: string, note: string | null, createdAt: number,
 *   settledAt: number | null }} Payout
 */

/** What each status means to the consultant, and the pill it shows. */
const STATUS = {
  requested: { text: 'Waiting for the operator', pill: 'pill-warn' },
  processing: { text: 'On its way to your bank', pill: 'pill-warn' },
  paid: { text: 'Paid', pill: 'pill-live' },
  failed: { text: 'Failed', pill: 'pill-danger' },
  reversed: { text: 'Reversed', pill: 'pill-danger' },
};

/**
 * The line under a payout: what happened, in the consultant's terms.
 * @param {Payout} p
 */
function detailOf(p) {
  const note = p.note ? `: ${p.note}` : '';
  if (p.status === 'requested') return 'The platform pays it by bank transfer, then marks it paid here.';
  if (p.status === 'processing') return 'Sent to your payout account; your bank shows it once it clears.';
  if (p.status === 'paid') return p.note ? `Bank reference ${p.note}` : 'Sent to your bank.';
  if (p.status === 'failed') return `Not paid${note}. The money is back in your earnings.`;
  if (p.status === 'reversed') return `Your bank sent it back${note}. The money is back in your earnings.`;
  return '';
}

export function createPayoutHistory() {
  const list = h('ol', { class: 'payout-list', 'data-testid': 'payouts' });
  const el = h('div', { class: 'payout-history' }, h('h3', { class: 'subhead' }, 'Payouts'), list);

  return {
    el,
    /**
     * Shows the payouts, newest first.
     * @param {Payout[]} payouts
     */
    update(payouts) {
      if (payouts.length === 0) {
        mount(list, h('li', { class: 'muted small' }, 'No payouts yet.'));
        return;
      }
      mount(
        list,
        payouts.map((p) => {
          const status = STATUS[/** @type {keyof typeof STATUS} */ (p.status)] ?? { text: p.status, pill: '' };
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
