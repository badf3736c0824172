/**
 * The admin's Approvals section: consultants by approval status, pending first. A new consultant appears in
 * the directory and takes paid consultations only once approved; a rejection or suspension carries a reason
 * the consultant reads.
 */

import { api } from '../../api.js';
import { field, h, mount, toast } from '../../dom.js';
import { formatRate } from '../../format.js';
import { openPrompt } from '../../prompt-dialog.js';
import { moderationSentence } from './moderation-messages.js';

/**
 * @typedef {{ consultantId: string, status: string, statusReason: string | null, bio: string,
 *   experienceYears: number, specialities: string[], languages: string[], photoUrl: string | null,
 *   rates: Record<string, number | undefined>, timeZone: string, account: { name: string, email: string } | null }} Applicant
 */

const EMPTY = {
  pending: 'Nobody is waiting for approval.',
  approved: 'No consultant is approved yet.',
  rejected: 'No consultant was rejected.',
  suspended: 'No consultant is suspended.',
};

/** @param {{ onDecided?: () => void }} [deps] */
export function createApprovals({ onDecided } = {}) {
  const status = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'approvals-status', 'data-testid': 'approvals-status', onchange: () => void update() },
      h('option', { value: 'pending' }, 'Awaiting approval'),
      h('option', { value: 'approved' }, 'Approved'),
      h('option', { value: 'rejected' }, 'Rejected'),
      h('option', { value: 'suspended' }, 'Suspended'),
    )
  );
  const listEl = h('ul', { class: 'applicants', 'data-testid': 'approvals' });
  const el = h(
    'section',
    { class: 'card', 'data-testid': 'admin-approvals' },
    h('h2', {}, 'Consultant approvals'),
    h(
      'p',
      { class: 'muted small' },
      'New consultants appear in the directory and take paid consultations only once you approve them.',
    ),
    h('div', { class: 'filter-row' }, field('Show', status)),
    listEl,
  );

  async function update() {
    try {
      const applicants = /** @type {Applicant[]} */ (await api.adminConsultants(status.value));
      const key = /** @type {keyof typeof EMPTY} */ (status.value);
      if (applicants.length === 0) mount(listEl, h('li', { class: 'muted' }, EMPTY[key]));
      else mount(listEl, applicants.map(renderApplicant));
    } catch (e) {
      mount(listEl, h('li', { class: 'form-error' }, moderationSentence(e)));
    }
  }

  /**
   * @param {Applicant} a
   * @param {'approve' | 'reject' | 'suspend'} decision
   * @param {string} [reason]
   */
  async function decide(a, decision, reason) {
    await api.adminDecide(a.consultantId, decision, reason);
    const name = a.account?.name ?? 'The consultant';
    const done = { approve: 'is approved and listed', reject: 'was not approved', suspend: 'is suspended' }[decision];
    toast(`${name} ${done}.`, 'success');
    onDecided?.();
    await update();
  }

  /**
   * @param {Applicant} a
   * @param {'reject' | 'suspend'} decision
   */
  function askReason(a, decision) {
    const name = a.account?.name ?? 'this consultant';
    openPrompt({
      title: decision === 'reject' ? `Reject ${name}` : `Suspend ${name}`,
      intro:
        decision === 'reject'
          ? 'They will read your reason and can update their profile before being reviewed again.'
          : 'They disappear from the directory and their live consultation ends, charging what was served.',
      label: 'Reason',
      required: true,
      confirmText: decision === 'reject' ? 'Reject' : 'Suspend',
      danger: true,
      testid: `${decision}-dialog`,
      onSubmit: async (reason) => {
        try {
          await decide(a, decision, reason.trim());
        } catch (e) {
          throw new Error(moderationSentence(e));
        }
      },
    });
  }

  /** @param {Applicant} a */
  function renderApplicant(a) {
    const rates = Object.entries(a.rates)
      .filter(([, rate]) => rate !== undefined)
      .map(([service, rate]) => `${service} ${formatRate(/** @type {number} */ (rate))}`)
      .join(' · ');
    /** @param {string} text @param {'approve' | 'reject' | 'suspend'} decision @param {string} cls */
    const button = (text, decision, cls) =>
      h(
        'button',
        {
          type: 'button',
          class: `btn ${cls}`,
          'data-testid': decision,
          onclick: () =>
            decision === 'approve'
              ? void decide(a, 'approve').catch((e) => toast(moderationSentence(e), 'error'))
              : askReason(a, decision),
        },
        text,
      );
    return h(
      'li',
      { class: 'applicant', 'data-testid': 'applicant', dataset: { id: a.consultantId, status: a.status } },
      h(
        'div',
        { class: 'applicant-head' },
        h('strong', {}, a.account?.name ?? a.consultantId),
        h('span', { class: 'muted small' }, a.account?.email ?? ''),
      ),
      h(
        'p',
        { class: 'small' },
        `${a.experienceYears} years · ${a.specialities.join(', ') || 'no specialities yet'} · speaks ${a.languages.join(', ') || '—'}`,
      ),
      h('p', { class: 'small' }, rates || 'No rates set'),
      a.bio ? h('p', { class: 'muted small applicant-bio' }, a.bio) : h('p', { class: 'muted small' }, 'No bio yet.'),
      a.photoUrl
        ? h('a', { href: a.photoUrl, target: '_blank', rel: 'noopener noreferrer', class: 'small' }, 'Open their photo')
        : null,
      a.statusReason ? h('p', { class: 'notice', dataset: { state: 'failed' } }, `Reason: ${a.statusReason}`) : null,
      h(
        'div',
        { class: 'applicant-actions' },
        a.status !== 'approved' ? button('Approve', 'approve', 'btn-primary') : null,
        a.status === 'pending' ? button('Reject', 'reject', 'btn-ghost') : null,
        a.status === 'approved' ? button('Suspend', 'suspend', 'btn-danger') : null,
      ),
    );
  }

  return { el, update };
}
