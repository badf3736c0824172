/**
 * The consultant's view: availability and incoming requests, the live session then its summary, and
 * beside them earnings (with payouts) and recent consultations. This module owns the session being served.
 */

import { api } from '../../api.js';
import { h, mount } from '../../dom.js';
import { t } from '../../i18n.js';
import { createNotificationSettings } from '../../notification-settings.js';
import { asList, asSession, createSummaryStage } from '../../session.js';
import { on, rt, state } from '../../state.js';
import { createApprovalNotice } from './approval-notice.js';
import { createAvailability } from './availability.js';
import { createEarnings } from './earnings.js';
import { createLive } from './live.js';
import { createProfileEditor } from './profile-editor.js';
import { createPromotion } from './promotion.js';
import { clientNames, createRecent } from './recent.js';
import { createRequests } from './requests.js';

/**
 * @typedef {import('../../session.js').Session} Session
 * @typedef {import('../../session.js').Summary} Summary
 * @typedef {import('../../session.js').Tick} Tick
 */

/**
 * @param {HTMLElement} root
 * @returns {() => void}
 */
export function renderConsultant(root) {
  /** The session being served, from its acceptance until it ends. @type {Session | null} */
  let live = null;
  /** Its stage, once its conversation is open; it becomes the summary's when the session ends. @type {ReturnType<typeof createLive> | null} */
  let liveStage = null;
  /** Stops what the stage on screen runs (a finished session's chat) when it goes. @type {() => void} */
  let disposeStage = () => undefined;

  const availability = createAvailability();
  const requests = createRequests({ onAccepted: startLive });
  const stage = h('div', { class: 'stage', 'data-testid': 'stage' });
  const earnings = createEarnings();
  const recent = createRecent();
  const approval = createApprovalNotice();
  const profile = createProfileEditor({ onSaved: approval.show });
  const emailSettings = createNotificationSettings();
  const promotion = createPromotion();
  mount(
    root,
    h(
      'div',
      { class: 'view view-consultant', 'data-testid': 'consultant-view' },
      h(
        'div',
        { class: 'section-head' },
        h('h1', {}, t('consultant.greeting', { name: state.user?.name ?? '' })),
        availability.subtitle,
      ),
      h(
        'div',
        { class: 'consultant-grid-layout' },
        // The session being served comes first: above the fold on a desktop, at the top on a phone.
        h('div', { class: 'col-main' }, approval.el, stage, availability.el, requests.el, profile.el),
        h('div', { class: 'col-side' }, earnings.el, promotion.el, recent.el, emailSettings.el),
      ),
    ),
  );
  stage.hidden = true;
  void emailSettings.load();

  /**
   * Shows a stage above the switch and the requests, or hides the place when there is none.
   * @param {{ el: HTMLElement, dispose?: () => void } | null} next
   */
  function showStage(next) {
    disposeStage();
    disposeStage = next?.dispose ?? (() => undefined);
    if (next) mount(stage, next.el);
    else mount(stage);
    stage.hidden = !next;
  }

  /** @param {Session} s */
  async function startLive(s) {
    if (liveStage) return;
    live = s;
    const conversation = /** @type {any} */ (await rt({ type: 'conversation.open', userId: s.userId }));
    liveStage = createLive({ session: s, conversation, onEnd: showEnded });
    // The live stage is not disposed with the stage: its chat stays on screen in the summary.
    showStage({ el: liveStage.el });
  }

  /**
   * @param {Session} s
   * @param {Summary} summary
   */
  function showEnded(s, summary) {
    const panel = liveStage;
    liveStage = null;
    live = null;
    void earnings.update();
    void loadConsultations(); // the finished one joins the recent list
    const done = h(
      'button',
      { type: 'button', class: 'btn btn-ghost', 'data-testid': 'dismiss-summary', onclick: () => showStage(null) },
      t('consultant.done'),
    );
    showStage(createSummaryStage({ session: s, summary, side: 'consultant', panel, actions: [done] }));
  }

  /** Reads the consultant's consultations: lists the pending requests, resumes a live one, shows the ended. */
  async function loadConsultations() {
    try {
      const [sessions, conversations] = await Promise.all([api.consultations(), api.conversations()]);
      const list = asList(sessions).map(asSession);
      for (const s of list) if (s.status === 'requested') void requests.add(s);
      const active = list.find((s) => s.status === 'active' || s.status === 'paused');
      if (active && !liveStage) void startLive(active);
      recent.update(list, clientNames(asList(conversations)));
    } catch (e) {
      recent.fail(/** @type {Error} */ (e));
    }
  }

  const offs = [
    on('consultation.requested', (/** @type {Session} */ s) => {
      if (s.consultantId === state.user?.id) void requests.add(s);
    }),
    on('conversation.updated', (/** @type {any} */ conversation) => requests.update(conversation)),
    on('consultation.tick', (/** @type {Tick} */ tick) => {
      if (!live || tick.session.id !== live.id) return;
      liveStage?.update(tick.session);
      // Each interval credits the consultant's wallet as it is charged: the earnings read now include it.
      void earnings.update();
    }),
    on('consultation.ended', (/** @type {{ session: Session }} */ e) => {
      requests.ended(e.session);
      // The live session's own panel shows its end; any other may belong in the recent list.
      if (!live || e.session.id !== live.id) void loadConsultations();
    }),
  ];

  void availability.update();
  void profile.update();
  void earnings.update();
  void loadConsultations();

  return () => {
    requests.dispose();
    earnings.dispose();
    disposeStage();
    liveStage?.dispose();
    for (const off of offs) off();
  };
}
