/**
 * The admin's Approvals section: consultants by approval status, pending first. A new consultant appears in
 * the directory and takes paid consultations only once approved; a rejection or suspension carries a reason
 * the consultant reads.
 */

import { api } from '../../api.js';
import { field, h, mount, toast } from '../../dom.js';
import { formatRate } from '../../format.js';
import { t } from '../../i18n.js';
import { openPrompt } from '../../prompt-dialog.js';
import { moderationSentence } from './moderation-messages.js';

/**
 * @typedef {{ consultantId: string, status: string, statusReason: string | null, bio: string,
 *   experienceYears: number, specialities: string[], languages: string[], photoUrl: string | null,
 *   rates: Record<string, number | undefined>, timeZone: string, account: { name: string, email: string } | null }} Applicant
 */

/** @param {{ onDecided?: () => void }} [deps] */
export function createApprovals({ onDecided } = {}) {
  const status = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'approvals-status', 'data-testid': 'approvals-status', onchange: () => void update() },
      h('option', { value: 'pending' }, t('approval.pending')),
      h('option', { value: 'approved' }, t('approvals.approved')),
      h('option', { value: 'rejected' }, t('approvals.rejected')),
      h('option', { value: 'suspended' }, t('approval.suspended')),
    )
  );
  const listEl = h('ul', { class: 'applicants', 'data-testid': 'approvals' });
  const el = h(
    'section',
    { class: 'card', 'data-testid': 'admin-approvals' },
    h('h2', {}, t('approvals.title')),
    h('p', { class: 'muted small' }, t('approvals.lead')),
    h('div', { class: 'filter-row' }, field(t('approvals.show'), status)),
    listEl,
  );

  async function update() {
    try {
      const applicants = /** @type {Applicant[]} */ (await api.adminConsultants(status.value));
      const key = status.value;
      if (applicants.length === 0) mount(listEl, h('li', { class: 'muted' }, t(`approvals.empty.${key}`)));
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
    const name = a.account?.name ?? t('approvals.theConsultant');
    toast(t(`approvals.done.${decision}`, { name }), 'success');
    onDecided?.();
    await update();
  }

  /**
   * @param {Applicant} a
   * @param {'reject' | 'suspend'} decision
   */
  function askReason(a, decision) {
    const name = a.account?.name ?? t('sessions.thisConsultant');
    openPrompt({
      title: t(`approvals.ask.${decision}`, { name }),
      intro: decision === 'reject' ? t('approvals.rejectIntro') : t('approvals.suspendIntro'),
      label: t('approvals.reason'),
      required: true,
      confirmText: decision === 'reject' ? t('approvals.reject') : t('approvals.suspend'),
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
        t('approvals.applicant', {
          years: a.experienceYears,
          specialities: a.specialities.join(', ') || t('approvals.noSpecialities'),
          languages: a.languages.join(', ') || '—',
        }),
      ),
      h('p', { class: 'small' }, rates || t('approvals.noRates')),
      a.bio
        ? h('p', { class: 'muted small applicant-bio' }, a.bio)
        : h('p', { class: 'muted small' }, t('approvals.noBio')),
      a.photoUrl
        ? h(
            'a',
            { href: a.photoUrl, target: '_blank', rel: 'noopener noreferrer', class: 'small' },
            t('approvals.photo'),
          )
        : null,
      a.statusReason ? h('p', { class: 'notice', dataset: { state: 'failed' } }, `Reason: ${a.statusReason}`) : null,
      h(
        'div',
        { class: 'applicant-actions' },
        a.status !== 'approved' ? button(t('approvals.approve'), 'approve', 'btn-primary') : null,
        a.status === 'pending' ? button(t('approvals.reject'), 'reject', 'btn-ghost') : null,
        a.status === 'approved' ? button(t('approvals.suspend'), 'suspend', 'btn-danger') : null,
      ),
    );
  }

  return { el, update };
}
