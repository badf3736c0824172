/** The banner that warns a user in a live session that the wallet is about to run out, with a one-tap top-up. */

import { CheckoutClosed } from '../../checkout/outcomes.js';
import { settledOrder, topUp } from '../../checkout/top-up.js';
import { h, toast } from '../../dom.js';
import { formatDuration, formatMoney } from '../../format.js';
import { t } from '../../i18n.js';

/** What the banner's button adds, in paise. */
const QUICK_TOP_UP = 10000;

/**
 * Hidden until `update` says the balance is running low; while shown, `follow` keeps its time left the
 * meter's, so the two never disagree.
 * @param {{ onToppedUp: (amount: number, wallet: { balance: number, available?: number } | null) => void }} deps
 */
export function createLowBalanceBanner({ onToppedUp }) {
  const text = h('p', { class: 'banner-text', 'data-testid': 'low-balance-text' });
  const button = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'button', class: 'btn btn-primary btn-sm', 'data-testid': 'banner-topup', onclick: quickTopUp },
      t('lowBalance.topUp', { money: formatMoney(QUICK_TOP_UP).replace('.00', '') }),
    )
  );
  const el = h(
    'div',
    { class: 'banner banner-warn', role: 'alert', 'data-testid': 'low-balance-banner', hidden: true },
    text,
    button,
  );

  async function quickTopUp() {
    button.disabled = true;
    try {
      const result = await topUp(QUICK_TOP_UP);
      if (result.state === 'paid') return credited(result.wallet);
      toast(t('lowBalance.pending'), 'info');
      if ((await settledOrder(result.orderId))?.status === 'paid') credited(null);
    } catch (e) {
      toast(/** @type {Error} */ (e).message, e instanceof CheckoutClosed ? 'info' : 'error');
    } finally {
      button.disabled = false;
    }
  }

  /** @param {{ balance: number, available?: number } | null} wallet */
  function credited(wallet) {
    toast(t('lowBalance.added', { money: formatMoney(QUICK_TOP_UP) }), 'success');
    onToppedUp(QUICK_TOP_UP, wallet);
  }

  /** @param {number} secondsLeft */
  function render(secondsLeft) {
    text.textContent = t('lowBalance.text', { time: formatDuration(secondsLeft) });
    text.dataset.seconds = String(secondsLeft);
  }

  return {
    el,
    /**
     * Shows the warning with the time the balance still pays for.
     * @param {number} secondsLeft
     */
    update(secondsLeft) {
      render(secondsLeft);
      el.hidden = false;
    },
    /**
     * The meter's time left, every second: the text follows it while the warning shows.
     * @param {number} secondsLeft
     */
    follow(secondsLeft) {
      if (!el.hidden) render(secondsLeft);
    },
    hide() {
      el.hidden = true;
    },
  };
}
