/** The user's Wallet tab: balance, the top-up form and the statement. */

import { createTopUpForm } from '../../checkout/top-up-form.js';
import { h } from '../../dom.js';
import { formatMoney } from '../../format.js';
import { t } from '../../i18n.js';
import { createStatement } from '../../wallet.js';
import { createAutoRecharge } from './auto-recharge.js';

/**
 * @param {{ onToppedUp: (amount: number, wallet: { balance: number, available?: number } | null) => void }} deps
 */
export function createWalletTab({ onToppedUp }) {
  const balance = h('p', { class: 'big-money', 'data-testid': 'wallet-balance', 'aria-live': 'polite' }, '—');
  const available = h('p', { class: 'muted small', 'data-testid': 'wallet-available' });
  const statement = createStatement();
  const autoRecharge = createAutoRecharge();
  autoRecharge.reload();
  const el = h(
    'div',
    { class: 'wallet-grid' },
    h(
      'div',
      { class: 'card' },
      h('h2', {}, t('wallet.balance')),
      balance,
      available,
      h('h3', { class: 'subhead' }, t('topUp.submit')),
      createTopUpForm((amount, wallet) => {
        onToppedUp(amount, wallet);
        // A top-up may have saved its card: the block shows it.
        autoRecharge.reload();
      }),
      autoRecharge.el,
    ),
    h('div', { class: 'card' }, h('h2', {}, t('wallet.statement')), statement.el),
  );

  return {
    el,
    /**
     * Shows where the wallet stands: the part held for a running consultation is not available.
     * @param {{ balance: number, available: number }} figures
     */
    update(figures) {
      balance.textContent = formatMoney(figures.balance);
      available.textContent =
        figures.available !== figures.balance
          ? `${formatMoney(figures.available)} available (the rest is held for a running consultation)`
          : '';
    },
    /** Loads the statement again. */
    reloadStatement: () => statement.reload(),
  };
}
