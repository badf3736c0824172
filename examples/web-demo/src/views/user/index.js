/**
 * The user's view. The Consult tab moves through stages — browse the directory, request (a dialog),
 * wait for the consultant, the live session, the summary — and Wallet and History are tabs beside it.
 * This module owns what the stages share: the wallet figures and the consultation in progress.
 */

import { api } from '../../api.js';
import { h, mount, toast } from '../../dom.js';
import { describeEndReason } from '../../format.js';
import { t } from '../../i18n.js';
import { createMeter } from '../../meter.js';
import { createNotificationSettings } from '../../notification-settings.js';
import { findOpenConsultation, openingOf } from '../../resume.js';
import { asSession, createSessionPanel } from '../../session.js';
import { on, rt } from '../../state.js';
import { createTabs } from '../../tabs.js';
import { createBalance } from './balance.js';
import { createBrowse } from './browse.js';
import { servicesOffered } from './consultant-card.js';
import { createHistory } from './history.js';
import { createLowBalanceBanner } from './low-balance.js';
import { openRequestDialog } from './request.js';
import { createSummary } from './summary.js';
import { createWaiting } from './waiting.js';
import { createWaitlistFlow } from './waitlist-flow.js';
import { createWalletTab } from './wallet-tab.js';

/**
 * @typedef {import('../../session.js').Session} Session
 * @typedef {import('../../session.js').Summary} Summary
 * @typedef {import('../../session.js').Tick} Tick
 * @typedef {import('./consultant-card.js').Consultant} Consultant
 * @typedef {import('./consultant-card.js').Service} Service
 * @typedef {{ session: Session, consultant: Consultant | null, conversationId: string | null,
 *   meter: ReturnType<typeof createMeter>, panel: ReturnType<typeof createSessionPanel> | null }} Consultation
 *   the consultant and conversation are null only while a page that came back to it is still loading them
 */

/** How often the directory showing is loaded again, for changes no event announced. */
const DIRECTORY_REFRESH_MS = 15000;
/** The ways a request ends without a consultation: back to the directory with a notice instead of a summary. */
const UNACCEPTED = new Set(['rejected', 'cancelled', 'expired']);

/**
 * @param {HTMLElement} root
 * @returns {() => void}
 */
export function renderUser(root) {
  /** The consultation being requested or served; null while browsing and once it has ended. @type {Consultation | null} */
  let consultation = null;
  /** Stops what the stage on screen runs (a countdown, a finished session's chat) when another replaces it. @type {() => void} */
  let disposeStage = () => undefined;

  const browse = createBrowse({ onRequest: openRequest, onJoinWaitlist: openJoinWaitlist });
  const waitlist = createWaitlistFlow({ showStage, onTaken: startConsultation, onDone: showBrowse });
  const banner = createLowBalanceBanner({ onToppedUp });
  const stage = h('div', { class: 'stage', 'data-testid': 'stage' });
  const walletTab = createWalletTab({ onToppedUp });
  const balance = createBalance({
    chip: /** @type {HTMLElement} */ (document.getElementById('balance-chip')),
    onChange: walletTab.update,
  });
  const history = createHistory({ nameOf: browse.nameOf });
  const tabs = createTabs(
    [
      { id: 'consult', label: t('user.tabs.consult') },
      { id: 'wallet', label: t('user.tabs.wallet') },
      { id: 'history', label: t('user.tabs.history') },
    ],
    (id) => {
      if (id === 'wallet') void walletTab.reloadStatement();
      if (id === 'history') void history.update();
    },
  );
  tabs.panels.consult.append(banner.el, stage);
  const emailSettings = createNotificationSettings();
  tabs.panels.wallet.append(walletTab.el, emailSettings.el);
  void emailSettings.load();
  tabs.panels.history.append(history.el);
  mount(
    root,
    h('div', { class: 'view view-user', 'data-testid': 'user-view' }, tabs.tablist, ...Object.values(tabs.panels)),
  );
  tabs.select('consult');
  mount(stage, h('p', { class: 'loading' }, t('app.loading')));

  // ---------- money ----------
  /**
   * A meter that sets the running balance from now on; the money held moves with it.
   * @param {Session} session
   */
  function meterFor(session) {
    return createMeter({
      session,
      onBalance: balance.follow,
      onTimeLeft: banner.follow,
    });
  }

  /**
   * From the top-up form or the low-balance banner.
   * @param {number} amount
   * @param {{ balance: number, available?: number } | null} paid the wallet after payment, if the host returned it
   */
  function onToppedUp(amount, paid) {
    if (consultation) {
      // During a session the balance follows the ticks; add the credit to the same running figure.
      consultation.meter.credit(amount);
    } else if (paid) {
      balance.update(paid);
    } else {
      void balance.refresh();
    }
    banner.hide();
    void walletTab.reloadStatement();
  }

  // ---------- starting a consultation ----------
  /** Takes the user to the top-up form, from a dialog that found the wallet short. */
  function openTopUp() {
    tabs.select('wallet');
    /** @type {HTMLInputElement | null} */ (tabs.panels.wallet.querySelector('[data-testid="topup-amount"]'))?.focus();
  }

  /**
   * @param {Consultant} consultant
   * @param {Service} service
   */
  function openRequest(consultant, service) {
    openRequestDialog({
      consultant,
      service,
      balance: balance.balance,
      freeSeconds: browse.freeSecondsOf(consultant.id),
      minimumSeconds: balance.minimumStartSeconds,
      onTopUp: openTopUp,
      onSend: async (chosen, details) => {
        await balance.refresh();
        // A conversation exists only within a consultation: the request comes first, then the card.
        await startConsultation(consultant, asSession(await api.requestConsultation(consultant.id, chosen)), details);
      },
    });
  }

  /**
   * The same dialog for a busy consultant: the details wait with the user until the slot is theirs.
   * @param {Consultant} consultant
   */
  function openJoinWaitlist(consultant) {
    openRequestDialog({
      consultant,
      service: servicesOffered(consultant)[0] ?? 'chat',
      balance: balance.balance,
      freeSeconds: browse.freeSecondsOf(consultant.id),
      minimumSeconds: balance.minimumStartSeconds,
      waitlist: true,
      onSend: (chosen, details) => waitlist.join(consultant, chosen, details),
      onTopUp: openTopUp,
    });
  }

  /**
   * A request is out (sent, or a waitlist slot taken): open its conversation with the birth details, then wait.
   * @param {Consultant} consultant
   * @param {Session} session
   * @param {import('./request.js').BirthDetails | null} details null after a reload lost them
   */
  async function startConsultation(consultant, session, details) {
    await balance.refresh();
    const conversation = /** @type {any} */ (await rt({ type: 'conversation.open', consultantId: consultant.id }));
    if (details) await api.putBirthDetails(conversation.id, details);
    consultation = { session, consultant, conversationId: conversation.id, meter: meterFor(session), panel: null };
    consultation.meter.open({ balance: balance.balance, billedThrough: 0 });
    if (session.status === 'active') showLive();
    else if (session.status === 'ended') showEnded(session, session.summary);
    else showWaiting();
  }

  /** Comes back to the consultation that was open when the page was (re)loaded, waiting or live; false if none. */
  async function resumeOpenConsultation() {
    const open = await findOpenConsultation();
    if (!open) return false;
    // The meter exists before the balance is read: ticks arriving meanwhile wait in it, none is lost.
    const resumed = /** @type {Consultation} */ ({
      session: open,
      consultant: null,
      conversationId: null,
      meter: meterFor(open),
      panel: null,
    });
    consultation = resumed;
    const [consultant, conversation, opening] = await Promise.all([
      api.consultant(open.consultantId),
      rt({ type: 'conversation.open', consultantId: open.consultantId }),
      openingOf(open.id),
    ]);
    if (consultation !== resumed) return true; // it ended while loading: the end handler took over
    resumed.consultant = /** @type {Consultant} */ (consultant);
    resumed.conversationId = /** @type {any} */ (conversation).id;
    resumed.meter.open(opening);
    if (open.status === 'requested') showWaiting();
    else showLive();
    return true;
  }

  // ---------- the stages ----------
  /** @param {{ el: HTMLElement, dispose?: () => void }} next */
  function showStage(next) {
    disposeStage();
    disposeStage = next.dispose ?? (() => undefined);
    mount(stage, next.el);
  }

  function showBrowse() {
    consultation?.panel?.dispose();
    consultation?.meter.dispose();
    consultation = null;
    banner.hide();
    showStage({ el: browse.el });
    void browse.update();
  }

  function showWaiting() {
    if (!consultation?.consultant) return;
    showStage(createWaiting({ session: consultation.session, consultantName: consultation.consultant.name }));
  }

  function showLive() {
    const c = consultation;
    if (!c?.consultant || !c.conversationId || c.panel) return;
    c.panel = createSessionPanel({
      session: c.session,
      conversationId: c.conversationId,
      otherName: c.consultant.name,
      caller: true,
      meter: c.meter.el,
      onEnd: showEnded,
    });
    // The panel is not the stage's to dispose: it stays on screen in the summary.
    showStage({ el: c.panel.el });
  }

  /**
   * @param {Session} session
   * @param {Summary} summary
   */
  function showEnded(session, summary) {
    const ended = consultation;
    consultation = null;
    ended?.meter.dispose();
    banner.hide();
    void balance.refresh();
    if (UNACCEPTED.has(session.endReason ?? '')) {
      ended?.panel?.dispose();
      toast(describeEndReason(session.endReason), session.endReason === 'cancelled' ? 'info' : 'error');
      showBrowse();
      return;
    }
    showStage(
      createSummary({
        session,
        summary,
        consultantName: ended?.consultant?.name,
        panel: ended?.panel ?? null,
        onBack: showBrowse,
      }),
    );
  }

  // ---------- real-time ----------
  /**
   * The consultation in progress, if the event is about it.
   * @param {{ id: string }} session
   */
  const inProgress = (session) => (consultation?.session.id === session.id ? consultation : null);
  const offs = [
    on('consultation.accepted', (/** @type {Session} */ s) => {
      const c = inProgress(s);
      if (!c) return;
      c.session = s;
      showLive();
    }),
    on('consultation.started', (/** @type {Session} */ s) => {
      const c = inProgress(s);
      if (!c) return;
      c.session = s;
      showLive();
      c.panel?.startCall();
    }),
    on('consultation.tick', (/** @type {Tick} */ tick) => {
      const c = inProgress(tick.session);
      if (!c) return;
      c.session = tick.session;
      c.meter.update(tick);
    }),
    on('consultation.serviceChanged', (/** @type {Session} */ s) => {
      const c = inProgress(s);
      if (!c) return;
      c.session = s;
      c.meter.switchRate(s);
    }),
    on('consultation.lowBalance', (/** @type {{ session: Session, secondsLeft: number }} */ e) => {
      if (inProgress(e.session)) banner.update(e.secondsLeft);
    }),
    on('consultation.ended', (/** @type {{ session: Session, summary: Summary }} */ e) => {
      // The live panel handles its own end; this covers a request that was never accepted.
      const c = inProgress(e.session);
      if (c && !c.panel) showEnded(e.session, e.summary);
    }),
    on('presence', () => {
      if (!consultation && !waitlist.active) void browse.update();
    }),
  ];

  void (async () => {
    try {
      if (await resumeOpenConsultation()) return;
      if (await waitlist.resume()) {
        await balance.refresh(); // the waitlist stage has no meter: the chip reads the wallet itself
        return;
      }
    } catch (e) {
      toast(t('user.lookupFailed', { reason: /** @type {Error} */ (e).message }), 'error');
    }
    await balance.refresh();
    showBrowse();
  })();
  const poll = setInterval(() => {
    if (!consultation && !waitlist.active && !tabs.panels.consult.hidden) void browse.update();
  }, DIRECTORY_REFRESH_MS);

  return () => {
    clearInterval(poll);
    disposeStage();
    consultation?.panel?.dispose();
    consultation?.meter.dispose();
    for (const off of offs) off();
    waitlist.dispose();
    balance.dispose();
  };
}
