/**
 * The admin's Payouts section: payouts waiting for an operator (the manual provider). The operator pays
 * each by bank transfer, then marks it paid with the bank's reference, or failed with the reason (the
 * money goes back to the consultant's earnings).
 */

import { api } from '../../api.js';
import { h, mount, toast } from '../../dom.js';
import { formatMoney, formatTime } from '../../format.js';
import { t } from '../../i18n.js';
import { openPrompt } from '../../prompt-dialog.js';
import { asList } from '../../session.js';

/**
 * @typedef {{ id: string, consultantId: string, amount: number, status: string, createdAt: number }} Payout
 */

/** The table's columns, each headed by `payoutQueue.column.<column>` in the locales. */
const COLUMNS = ['requested', 'consultant', 'amount', 'settle'];
/** A column's heading, also each cell's label on a phone. @param {string} column */
const heading = (column) => t(`payoutQueue.column.${column}`);

export function createPayoutQueue() {
  const tbody = h('tbody', { 'data-testid': 'admin-payouts' });
  const el = h(
    'section',
    { class: 'card', 'data-testid': 'payout-queue' },
    h('h2', {}, t('payoutQueue.title')),
    h('p', { class: 'muted small' }, t('payoutQueue.lead')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table' },
        h('caption', { class: 'sr-only' }, t('payoutQueue.caption')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            COLUMNS.map((column) => h('th', { scope: 'col' }, heading(column))),
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
      if (payouts.length === 0) mount(tbody, message(t('payoutQueue.empty')));
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
      h('td', { 'data-label': heading('requested') }, formatTime(p.createdAt, true)),
      h('td', { 'data-label': heading('consultant'), title: p.consultantId }, who),
      h('td', { 'data-label': heading('amount') }, formatMoney(p.amount)),
      h(
        'td',
        { 'data-label': heading('settle') },
        h(
          'div',
          { class: 'inline-form' },
          h(
            'button',
            { type: 'button', class: 'btn btn-primary btn-sm', 'data-testid': 'mark-paid', onclick: settle('paid') },
            t('payoutQueue.markPaid'),
          ),
          h(
            'button',
            { type: 'button', class: 'btn btn-ghost btn-sm', 'data-testid': 'mark-failed', onclick: settle('failed') },
            t('payoutQueue.markFailed'),
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
      title: paid ? t('payoutQueue.titlePaid') : t('payoutQueue.titleFailed'),
      intro: paid
        ? t('payoutQueue.introPaid', { money: formatMoney(p.amount), who })
        : t('payoutQueue.introFailed', { money: formatMoney(p.amount), who }),
      label: paid ? t('payoutQueue.reference') : t('approvals.reason'),
      hint: paid ? t('payoutQueue.referenceHint') : t('payoutQueue.reasonHint'),
      required: true,
      confirmText: paid ? t('payoutQueue.markPaid') : t('payoutQueue.markFailed'),
      danger: !paid,
      testid: paid ? 'settle-paid' : 'settle-failed',
      onSubmit: async (note) => {
        await api.settlePayout(p.id, outcome, note.trim());
        toast(t(`payoutQueue.marked.${outcome}`, { money: formatMoney(p.amount), who }), 'success');
        await update();
      },
    });
  }

  return { el, update };
}
