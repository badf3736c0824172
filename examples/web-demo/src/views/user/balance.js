/** The user's wallet figures — the balance, and what of it is available — shown in the top bar's chip. */

import { api } from '../../api.js';
import { h, toast } from '../../dom.js';
import { formatMoney } from '../../format.js';
import { t } from '../../i18n.js';

/**
 * @typedef {{ balance: number, available: number }} Figures
 * @typedef {{ balance: number, available?: number, minimumStartSeconds?: number }} Wallet
 */

/**
 * The figures start at zero until `refresh`; during a consultation its meter moves them with `follow`.
 * @param {{ chip: HTMLElement, onChange: (figures: Figures) => void }} deps
 *   `chip` is the top bar's balance chip, shown while this lives; `onChange` hears every change
 */
export function createBalance({ chip, onChange }) {
  /** @type {Figures} */
  const figures = { balance: 0, available: 0 };
  /** Seconds of service a consultation needs available to start, as the host last said. */
  let minimumStartSeconds = 0;
  chip.hidden = false;

  function render() {
    chip.textContent = '';
    chip.append(
      h('span', { class: 'sr-only' }, t('balance.label')),
      h('span', { 'data-testid': 'chip-balance' }, formatMoney(figures.balance)),
    );
    onChange(figures);
  }

  /**
   * Takes the figures of a wallet the host returned.
   * @param {Wallet} wallet
   */
  function update(wallet) {
    figures.balance = wallet.balance;
    figures.available = wallet.available ?? wallet.balance;
    if (wallet.minimumStartSeconds !== undefined) minimumStartSeconds = wallet.minimumStartSeconds;
    render();
  }

  return {
    get balance() {
      return figures.balance;
    },
    /** Seconds of service a consultation needs available to start. */
    get minimumStartSeconds() {
      return minimumStartSeconds;
    },
    update,
    /** Reads the wallet from the host. */
    async refresh() {
      try {
        update(/** @type {any} */ (await api.wallet()));
      } catch (e) {
        toast(t('balance.readFailed', { reason: /** @type {Error} */ (e).message }), 'error');
      }
    },
    /**
     * Moves the balance to a running figure (a session's meter); the money held moves with it.
     * @param {number} balance
     */
    follow(balance) {
      figures.available += balance - figures.balance;
      figures.balance = balance;
      render();
    },
    dispose() {
      chip.hidden = true;
    },
  };
}
