/**
 * The consultant's earnings: wallet balance, what can be withdrawn, totals, the payout account, the payout
 * form and the payouts.
 */

import { api } from '../../api.js';
import { h, mount } from '../../dom.js';
import { formatMoney } from '../../format.js';
import { t } from '../../i18n.js';
import { createPayoutForm } from './payout.js';
import { createPayoutAccount } from './payout-account.js';
import { createPayoutHistory } from './payout-history.js';

/** The figures with their own label (`earnings.<figure>`). */
const LABELLED = new Set(['balance', 'available', 'total', 'today', 'minimumPayout']);
/** Figures that count something; every other figure is money. */
const COUNTS = new Set(['sessions', 'count']);

export function createEarnings() {
  const figures = h('dl', { class: 'summary-grid', 'data-testid': 'earnings' });
  const history = createPayoutHistory();
  const account = createPayoutAccount();
  const el = h(
    'section',
    { class: 'card' },
    h('h2', {}, t('earnings.title')),
    figures,
    account.el,
    h('h3', { class: 'subhead' }, t('earnings.withdraw')),
    createPayoutForm({ onPaid: () => update(), onAccountRequired: () => account.focus() }),
    history.el,
  );
  // An operator settles payouts elsewhere: coming back to the page reads where they stand.
  const onVisible = () => {
    if (document.visibilityState === 'visible') void update();
  };
  document.addEventListener('visibilitychange', onVisible);

  /** Reads the earnings again: after every charged interval, the end of a session and a payout. */
  async function update() {
    try {
      const earnings = /** @type {Record<string, unknown>} */ (await api.earnings());
      history.update(Array.isArray(earnings?.payouts) ? earnings.payouts : []);
      account.update(earnings ?? {});
      mount(
        figures,
        Object.entries(earnings ?? {})
          .filter(([, v]) => typeof v === 'number')
          .map(([k, value]) =>
            h(
              'div',
              { class: 'summary-row' },
              h('dt', {}, LABELLED.has(k) ? t(`earnings.${k}`) : k),
              h(
                'dd',
                { 'data-testid': `earnings-${k}` },
                COUNTS.has(k) ? String(value) : formatMoney(/** @type {number} */ (value)),
              ),
            ),
          ),
      );
    } catch (e) {
      mount(figures, h('p', { class: 'form-error' }, /** @type {Error} */ (e).message));
    }
  }

  return { el, update, dispose: () => document.removeEventListener('visibilitychange', onVisible) };
}
