/** The user's running meter in a live session: balance, time left, spent and the charge of every interval. */

import { h } from './dom.js';
import { dueAt, formatDuration, formatMoney, secondsFundedBy } from './format.js';
import { t as tr } from './i18n.js';

/**
 * @typedef {import('./session.js').Session} Session
 * @typedef {import('./session.js').Tick} Tick
 * @typedef {{ balance: number, billedThrough: number }} Opening the balance, and the last interval already taken from it
 */

/**
 * A meter for one session. Ticks that arrive before the opening balance is known wait for it; then
 * every interval after `billedThrough` is taken from the balance exactly once.
 * @param {{ session: Session, onBalance: (balance: number) => void, onTimeLeft?: (seconds: number) => void }} options
 *   `onBalance` hears every change of the running balance (a charge or a top-up); `onTimeLeft` hears the
 *   seconds the balance still pays for each time the meter shows them (every second)
 */
export function createMeter({ session, onBalance, onTimeLeft = () => undefined }) {
  let rate = session.ratePerMinute;
  /** Seconds billed when `rate` began (a switch to a call starts a new rate). */
  let rateFrom = 0;
  /** @type {number | null} */
  let balance = null;
  let billedThrough = 0;
  let secondsBilled = session.summary.secondsBilled;
  let lastTickAt = Date.now();
  /** @type {Tick[]} */
  const early = [];
  /** @type {Set<number>} */
  const seen = new Set();

  const balanceText = h('span', { class: 'meter-value', 'data-testid': 'balance', 'aria-live': 'polite' }, '—');
  const timeLeft = h('span', { class: 'meter-value', 'data-testid': 'time-left', role: 'timer' }, '—');
  const spent = h('span', { class: 'meter-value', 'data-testid': 'spent' }, formatMoney(session.summary.userCharged));
  // Free seconds come first and are paid by the platform; the wallet pays from the first second after them.
  const freeSeconds = session.freeSeconds ?? 0;
  const freeLeft = h('span', { class: 'meter-value meter-free', 'data-testid': 'free-left', role: 'timer' }, '');
  const log = h('ol', { class: 'tick-log', 'data-testid': 'tick-log' });
  const item = (/** @type {string} */ label, /** @type {HTMLElement} */ value) =>
    h('div', { class: 'meter-item' }, h('span', { class: 'meter-label' }, label), value);
  const el = h(
    'div',
    { class: 'meter', 'data-testid': 'meter' },
    item(tr('meter.balance'), balanceText),
    item(tr('meter.timeLeft'), timeLeft),
    item(tr('meter.spent'), spent),
    freeSeconds > 0 ? item(tr('meter.freeLeft'), freeLeft) : null,
    h('details', { class: 'charges' }, h('summary', {}, tr('meter.charges')), log),
  );

  function renderTimeLeft() {
    if (balance === null) return;
    const sinceTick = Math.floor((Date.now() - lastTickAt) / 1000);
    const free = Math.max(0, freeSeconds - secondsBilled);
    freeLeft.textContent = free - sinceTick > 0 ? formatDuration(free - sinceTick) : tr('meter.used');
    // Seconds the balance still pays for once the free ones are over, counted like the engine: due(s + t) − due(s) ≤ balance.
    const paidFrom = Math.max(secondsBilled, freeSeconds);
    const into = paidFrom - rateFrom;
    const total = free + secondsFundedBy(balance + dueAt(rate, into), rate) - into;
    const left = Math.max(0, total - sinceTick);
    timeLeft.textContent = formatDuration(left);
    timeLeft.classList.toggle('warn', left < 120);
    onTimeLeft(left);
  }
  const countdown = setInterval(renderTimeLeft, 1000);

  /** @param {number} value */
  function setBalance(value) {
    balance = value;
    balanceText.textContent = formatMoney(value);
    renderTimeLeft();
    onBalance(value);
  }

  /** @param {Tick} t */
  function charge(t) {
    if (balance === null) return;
    seen.add(t.interval);
    secondsBilled = t.session.summary.secondsBilled;
    lastTickAt = Date.now();
    spent.textContent = formatMoney(t.session.summary.userCharged);
    const after = balance - t.userCharged;
    log.prepend(
      h(
        'li',
        {
          'data-testid': 'tick',
          dataset: {
            interval: String(t.interval),
            seconds: String(secondsBilled),
            charged: String(t.userCharged),
            promo: String(t.promoCharged ?? 0),
            balance: String(after),
          },
        },
        t.promoCharged > 0 && t.userCharged === 0
          ? tr('meter.tickFree', { time: formatDuration(secondsBilled), balance: formatMoney(after) })
          : tr(t.promoCharged > 0 ? 'meter.tickPartlyFree' : 'meter.tick', {
              time: formatDuration(secondsBilled),
              charged: formatMoney(t.userCharged),
              balance: formatMoney(after),
            }),
      ),
    );
    setBalance(after);
  }

  /**
   * Takes one interval's charge from the balance, once.
   * @param {Tick} t
   */
  function update(t) {
    if (t.session.id !== session.id || t.interval <= billedThrough || seen.has(t.interval)) return;
    if (balance === null) early.push(t);
    else charge(t);
  }

  return {
    el,
    update,
    /**
     * Sets the opening balance and charges the ticks that came before it.
     * @param {Opening} opening
     */
    open(opening) {
      billedThrough = opening.billedThrough;
      lastTickAt = Date.now();
      setBalance(opening.balance);
      for (const t of early.splice(0)) update(t);
    },
    /**
     * The session switched service: time left is counted at the new rate from the seconds billed so far.
     * @param {Session} s
     */
    switchRate(s) {
      rate = s.ratePerMinute;
      rateFrom = s.summary.secondsBilled;
      secondsBilled = Math.max(secondsBilled, rateFrom);
      renderTimeLeft();
    },
    /**
     * Adds a top-up made during the session to the running balance.
     * @param {number} amount
     */
    credit(amount) {
      if (balance !== null) setBalance(balance + amount);
    },
    dispose() {
      clearInterval(countdown);
    },
  };
}
