/**
 * The admin's Payouts section: payouts waiting for an operator (the manual provider). The operator pays
 * each by bank transfer, then marks it paid with the bank's reference, or failed with the reason (the
 * money goes back to the consultant's earnings).
 */

import { api } from '../../api.js';
import { h, mount, toast } from '../../dom.js';
import { formatMoney, formatTime } from '../../format.js';
import { openPrompt } from '../../prompt-dialog.js';
import { asList } from '../../session.js';

/**
 * @typedef {{ id: string, consultantId: string, amount: number, status: string, createdAt: number }} Payout
 */

const COLUMNS = ['Requested', 'Consultant', 'Amount', 'Settle'];

export function createPayoutQueue() {
  const tbody = h('tbody', { 'data-testid': 'admin-payouts' });
  const el = h(
    'section',
    { class: 'card', 'data-testid': 'payout-queue' },
    h('h2', {}, 'Payouts awaiting approval'),
    h(
      'p',
      { class: 'muted small' },
      "Pay each by bank transfer, then mark it paid with the transfer's reference. Marked failed, the money goes back to the consultant's earnings.",
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table' },
        h('caption', { class: 'sr-only' }, 'Payouts waiting for an operator, newest first'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            COLUMNS.map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        tbody,
      ),
    ),
  );
  /** Consultants' names by id, read once. @type {Map<string, string>} */
  const names = new Map();

  /** @param {string} text @param {string} [cls] */
  const message = (text, cls = 'muted') => h('tr', {}, h('td', { colspan: COLUMNS.length, class: cls }, text));

  /** Reads the waiting payouts again. */
  async function update() {
    try {
      const [payouts] = await Promise.all([
        /** @type {Promise<Payout[]>} */ (api.adminPayouts('requested')),
        names.size > 0 ? null : readNames(),
      ]);
      if (payouts.length === 0) mount(tbody, message('No payouts are waiting.'));
      else mount(tbody, payouts.map(renderRow));
    } catch (e) {
      mount(tbody, message(/** @type {Error} */ (e).message, 'form-error'));
    }
  }

  async function readNames() {
    try {
      const page = await api.consultants({ pageSize: '50' });
      for (const c of /** @type {Array<{ id: string, name: string }>} */ (asList(page))) names.set(c.id, c.name);
    } catch {
      // Without names the table shows ids.
    }
  }

  /** @param {Payout} p */
  function renderRow(p) {
    const who = names.get(p.consultantId) ?? p.consultantId;
    const settle = (/** @type {'paid' | 'failed'} */ outcome) => () => askSettlement(p, who, outcome);
    return h(
      'tr',
      { 'data-testid': 'admin-payout', dataset: { payout: p.id } },
      h('td', { 'data-label': 'Requested' }, formatTime(p.createdAt, true)),
      h('td', { 'data-label': 'Consultant', title: p.consultantId }, who),
      h('td', { 'data-label': 'Amount' }, formatMoney(p.amount)),
      h(
        'td',
        { 'data-label': 'Settle' },
        h(
          'div',
          { class: 'inline-form' },
          h(
            'button',
            { type: 'button', class: 'btn btn-primary btn-sm', 'data-testid': 'mark-paid', onclick: settle('paid') },
            'Mark paid',
          ),
          h(
            'button',
            { type: 'button', class: 'btn btn-ghost btn-sm', 'data-testid': 'mark-failed', onclick: settle('failed') },
            'Mark failed',
          ),
        ),
      ),
    );
  }

  /**
   * Asks for the bank reference (paid) or the reason (failed), then settles the payout.
   * @param {Payout} p
   * @param {string} who
   * @param {'paid' | 'failed'} outcome
   */
  function askSettlement(p, who, outcome) {
    const paid = outcome === 'paid';
    openPrompt({
      title: paid ? 'Mark payout paid' : 'Mark payout failed',
      intro: paid
        ? `${formatMoney(p.amount)} to ${who}. Mark it paid once the bank transfer has gone through.`
        : `${formatMoney(p.amount)} to ${who}. The money goes back to their earnings, and they can request it again.`,
      label: paid ? 'Bank reference (UTR)' : 'Reason',
      hint: paid
        ? 'The consultant sees it beside the payout.'
        : 'The consultant sees it, e.g. "account number invalid".',
      required: true,
      confirmText: paid ? 'Mark paid' : 'Mark failed',
      danger: !paid,
      testid: paid ? 'settle-paid' : 'settle-failed',
      onSubmit: async (note) => {
        await api.settlePayout(p.id, outcome, note.trim());
        toast(`Payout of ${formatMoney(p.amount)} to ${who} marked ${outcome}`, 'success');
        await update();
      },
    });
  }

  return { el, update };
}
