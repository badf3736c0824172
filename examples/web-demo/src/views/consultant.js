/** The consultant's view: availability, incoming requests with birth details, the live session and earnings. */

import { api } from '../api.js';
import { field, h, mount, toast } from '../dom.js';
import {
  describeEndReason,
  formatDuration,
  formatMoney,
  formatRate,
  formatTime,
  parseRupees,
  serviceLabel,
} from '../format.js';
import { asList, asSession, createSessionPanel, renderSummary } from '../session.js';
import { on, rt, state } from '../state.js';

/**
 * @typedef {import('../session.js').Session} Session
 * @typedef {import('../session.js').Summary} Summary
 * @typedef {import('../session.js').Tick} Tick
 */

/**
 * @param {HTMLElement} root
 * @returns {() => void}
 */
export function renderConsultant(root) {
  /** @type {Array<() => void>} */
  const offs = [];
  /** Pending requests by session id, with where their birth details show and whether an update filled it. @type {Map<string, { session: Session, el: HTMLElement, timer: ReturnType<typeof setInterval>, details: HTMLElement, updated: boolean }>} */
  const requests = new Map();
  /** @type {ReturnType<typeof createSessionPanel> | null} */
  let panel = null;
  /** @type {Session | null} */
  let live = null;
  let online = false;
  /** @type {Record<string, number>} */
  let earnings = {};

  // ---------- availability ----------
  const toggle = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      {
        type: 'button',
        role: 'switch',
        class: 'switch',
        'aria-checked': 'false',
        'aria-labelledby': 'online-label',
        'data-testid': 'online-toggle',
        disabled: true, // until the directory says where the switch stands
        onclick: () => setOnline(!online),
      },
      h('span', { class: 'switch-thumb', 'aria-hidden': 'true' }),
    )
  );
  const onlineText = h(
    'span',
    { class: 'muted small', 'data-testid': 'online-text', 'aria-live': 'polite' },
    'You are offline',
  );
  const availability = h(
    'div',
    { class: 'card availability' },
    h('div', {}, h('h2', { id: 'online-label' }, 'Available for consultations'), onlineText),
    toggle,
  );

  /** @param {boolean} value */
  async function setOnline(value) {
    toggle.disabled = true;
    try {
      await api.setAvailability(value);
      online = value;
      toggle.setAttribute('aria-checked', String(value));
      onlineText.textContent = value ? 'You are online: users can request you' : 'You are offline';
    } catch (e) {
      toast(`Could not change availability: ${/** @type {Error} */ (e).message}`, 'error');
    } finally {
      toggle.disabled = false;
    }
  }

  // ---------- requests ----------
  const requestList = h('ul', {
    class: 'requests',
    'data-testid': 'requests',
    'aria-live': 'polite',
    'aria-label': 'Incoming requests',
  });
  const requestsEmpty = h(
    'p',
    { class: 'muted', 'data-testid': 'requests-empty' },
    'No requests right now. Stay online to receive them.',
  );
  const requestsCard = h('section', { class: 'card' }, h('h2', {}, 'Incoming requests'), requestsEmpty, requestList);

  /** @param {Session} s */
  async function addRequest(s) {
    if (requests.has(s.id) || s.status !== 'requested') return;
    const countdown = h('span', { class: 'countdown', 'data-testid': 'request-countdown' });
    const details = h(
      'div',
      { class: 'birth-details', 'data-testid': 'birth-details' },
      h('p', { class: 'muted small' }, 'Loading birth details…'),
    );
    const accept = h(
      'button',
      { type: 'button', class: 'btn btn-primary', 'data-testid': 'accept', onclick: () => answer(s, 'accept') },
      'Accept',
    );
    const reject = h(
      'button',
      { type: 'button', class: 'btn btn-ghost', 'data-testid': 'reject', onclick: () => answer(s, 'reject') },
      'Decline',
    );
    const el = h(
      'li',
      { class: 'request', 'data-testid': 'request', dataset: { session: s.id, service: s.service } },
      h(
        'div',
        { class: 'request-head' },
        h('span', { class: `pill pill-${s.service}` }, serviceLabel(s.service)),
        h('span', { class: 'muted small' }, formatRate(s.ratePerMinute)),
        h('span', { class: 'spacer' }),
        h('span', { class: 'small' }, 'Expires in ', countdown),
      ),
      details,
      h('div', { class: 'actions' }, reject, accept),
    );
    const update = () => {
      const left = (s.requestExpiresAt - Date.now()) / 1000;
      countdown.textContent = formatDuration(left);
      countdown.classList.toggle('warn', left < 15);
    };
    update();
    const timer = setInterval(update, 1000);
    const request = { session: s, el, timer, details, updated: false };
    requests.set(s.id, request);
    requestList.prepend(el);
    requestsEmpty.hidden = true;
    try {
      const conversation = /** @type {any} */ (await rt({ type: 'conversation.open', userId: s.userId }));
      // An update that arrived meanwhile is newer than this read.
      if (!request.updated) mount(details, renderBirthDetails(conversation.birthDetails));
    } catch {
      mount(details, h('p', { class: 'muted small' }, 'Birth details unavailable.'));
    }
  }

  /** @param {string} id */
  function removeRequest(id) {
    const r = requests.get(id);
    if (!r) return;
    clearInterval(r.timer);
    r.el.remove();
    requests.delete(id);
    requestsEmpty.hidden = requests.size > 0;
  }

  /**
   * @param {Session} s
   * @param {'accept' | 'reject'} action
   */
  async function answer(s, action) {
    const r = requests.get(s.id);
    for (const b of r?.el.querySelectorAll('button') ?? []) /** @type {HTMLButtonElement} */ (b).disabled = true;
    try {
      const result = asSession(await api.consultationAction(s.id, action));
      removeRequest(s.id);
      if (action === 'accept') await startLive(result?.id ? result : s);
    } catch (e) {
      toast(/** @type {Error} */ (e).message, 'error');
      removeRequest(s.id);
    }
  }

  // ---------- live session ----------
  const stage = h('div', { class: 'stage', 'data-testid': 'stage' });
  const earnedNow = h(
    'span',
    { class: 'meter-value', 'data-testid': 'session-earned', 'aria-live': 'polite' },
    formatMoney(0),
  );

  /** @param {Session} s */
  async function startLive(s) {
    if (panel) return;
    live = s;
    const conversation = /** @type {any} */ (await rt({ type: 'conversation.open', userId: s.userId }));
    const who = conversation.birthDetails?.name ?? 'Client';
    earnedNow.textContent = formatMoney(s.summary.consultantShare);
    const meter = h(
      'div',
      { class: 'meter' },
      h('div', { class: 'meter-item' }, h('span', { class: 'meter-label' }, 'Earned this session'), earnedNow),
      h(
        'div',
        { class: 'meter-item' },
        h('span', { class: 'meter-label' }, 'Rate'),
        h('span', { class: 'meter-value' }, formatRate(s.ratePerMinute)),
      ),
      conversation.birthDetails
        ? h(
            'details',
            { class: 'charges' },
            h('summary', {}, 'Birth details'),
            renderBirthDetails(conversation.birthDetails),
          )
        : null,
    );
    panel = createSessionPanel({
      session: s,
      conversationId: conversation.id,
      otherName: who,
      caller: false,
      meter,
      onEnd: (ended, summary) => showEnded(ended, summary),
    });
    mount(stage, panel.el);
    stage.hidden = false;
    if (s.status === 'active') panel.startCall();
  }

  /**
   * @param {Session} s
   * @param {Summary} summary
   */
  function showEnded(s, summary) {
    const chatPanel = panel;
    panel = null;
    live = null;
    void loadEarnings();
    mount(
      stage,
      h(
        'div',
        { class: 'ended-layout' },
        h(
          'div',
          { class: 'card ended', 'data-testid': 'ended' },
          h('h2', {}, 'Consultation summary'),
          renderSummary(s, summary, 'consultant'),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-ghost',
              'data-testid': 'dismiss-summary',
              onclick: () => {
                chatPanel?.dispose();
                mount(stage);
                stage.hidden = true;
              },
            },
            'Done',
          ),
        ),
        chatPanel?.el,
      ),
    );
  }

  // ---------- earnings ----------
  const earningsList = h('dl', { class: 'summary-grid', 'data-testid': 'earnings' });
  const payoutAmount = /** @type {HTMLInputElement} */ (
    h('input', { id: 'payout-amount', type: 'text', inputmode: 'decimal', 'data-testid': 'payout-amount' })
  );
  const payoutError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  /** @type {string | null} */
  let payoutKey = null;
  // Another amount is another payout, with a key of its own.
  payoutAmount.addEventListener('input', () => {
    payoutKey = null;
  });
  const payoutForm = h(
    'form',
    {
      class: 'stack',
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        payoutError.hidden = true;
        const paise = parseRupees(payoutAmount.value);
        if (!paise) {
          payoutError.textContent = 'Enter an amount in rupees.';
          payoutError.hidden = false;
          return;
        }
        try {
          // Kept until the payout succeeds: submitting again after a lost answer pays once.
          payoutKey ??= crypto.randomUUID();
          await api.payout(paise, payoutKey);
          payoutKey = null;
          toast(`Payout of ${formatMoney(paise)} requested`, 'success');
          payoutAmount.value = '';
          await loadEarnings();
        } catch (e) {
          payoutError.textContent = /** @type {Error} */ (e).message;
          payoutError.hidden = false;
        }
      },
    },
    field('Payout amount in rupees', payoutAmount),
    payoutError,
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'payout-submit' }, 'Request payout'),
  );
  const earningsCard = h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Earnings'),
    earningsList,
    h('h3', { class: 'subhead' }, 'Withdraw'),
    payoutForm,
  );

  const EARNING_LABELS = {
    balance: 'Wallet balance',
    available: 'Available to withdraw',
    total: 'Total earned',
    today: 'Today',
    minimumPayout: 'Minimum payout',
  };

  async function loadEarnings() {
    try {
      earnings = /** @type {any} */ (await api.earnings());
      renderEarnings();
    } catch (e) {
      mount(earningsList, h('p', { class: 'form-error' }, /** @type {Error} */ (e).message));
    }
  }

  function renderEarnings() {
    const rows = Object.entries(earnings ?? {}).filter(([, v]) => typeof v === 'number');
    mount(
      earningsList,
      rows.map(([k, value]) => {
        const money = k !== 'sessions' && k !== 'count';
        return h(
          'div',
          { class: 'summary-row' },
          h('dt', {}, EARNING_LABELS[/** @type {keyof typeof EARNING_LABELS} */ (k)] ?? k),
          h('dd', { 'data-testid': `earnings-${k}` }, money ? formatMoney(value) : String(value)),
        );
      }),
    );
  }

  // ---------- recent sessions ----------
  const recent = h('ul', { class: 'history', 'data-testid': 'recent' });
  async function loadRecent() {
    try {
      const list = asList(await api.consultations()).map(asSession);
      for (const s of list) if (s.status === 'requested') void addRequest(s);
      const active = list.find((s) => s.status === 'active' || s.status === 'paused');
      if (active && !panel) void startLive(active);
      const done = list.filter((s) => s.status === 'ended').slice(0, 8);
      mount(
        recent,
        done.length === 0
          ? h('li', { class: 'muted' }, 'No consultations yet.')
          : done.map((s) =>
              h(
                'li',
                { class: 'history-row' },
                h(
                  'div',
                  {},
                  h('p', {}, serviceLabel(s.service)),
                  h(
                    'p',
                    { class: 'muted small' },
                    `${formatTime(s.requestedAt, true)} · ${describeEndReason(s.endReason)}`,
                  ),
                ),
                h(
                  'div',
                  { class: 'right' },
                  h('p', {}, formatMoney(s.summary?.consultantShare ?? 0)),
                  h('p', { class: 'muted small' }, formatDuration(s.summary?.secondsBilled ?? 0)),
                ),
              ),
            ),
      );
    } catch (e) {
      mount(recent, h('li', { class: 'form-error' }, /** @type {Error} */ (e).message));
    }
  }

  mount(
    root,
    h(
      'div',
      { class: 'view view-consultant', 'data-testid': 'consultant-view' },
      h(
        'div',
        { class: 'section-head' },
        h('h1', {}, `Namaste, ${state.user?.name ?? ''}`),
        h('p', { class: 'muted' }, 'Go online to receive chat, voice and video requests.'),
      ),
      h(
        'div',
        { class: 'consultant-grid-layout' },
        h('div', { class: 'col-main' }, availability, requestsCard, stage),
        h(
          'div',
          { class: 'col-side' },
          earningsCard,
          h('section', { class: 'card' }, h('h2', {}, 'Recent consultations'), recent),
        ),
      ),
    ),
  );
  stage.hidden = true;

  // ---------- real-time ----------
  offs.push(
    on('consultation.requested', (/** @type {Session} */ s) => {
      if (s.consultantId === state.user?.id) void addRequest(s);
    }),
    // The user attaches their birth details right after requesting: show them as they arrive.
    on('conversation.updated', (/** @type {any} */ conversation) => {
      for (const request of requests.values()) {
        if (request.session.userId === conversation.userId) {
          request.updated = true;
          mount(request.details, renderBirthDetails(conversation.birthDetails));
        }
      }
    }),
    on('consultation.tick', (/** @type {Tick} */ t) => {
      if (!live || t.session.id !== live.id) return;
      earnedNow.textContent = formatMoney(t.session.summary.consultantShare);
      // Each interval credits the consultant's wallet as it is charged: the earnings read now include it.
      void loadEarnings();
    }),
    on('consultation.ended', (/** @type {{ session: Session }} */ e) => {
      if (requests.has(e.session.id)) {
        removeRequest(e.session.id);
        toast(describeEndReason(e.session.endReason));
      }
      if (!live || e.session.id !== live.id) void loadRecent();
    }),
  );

  void (async () => {
    try {
      // The directory entry carries this consultant's own availability switch.
      const mine = asList(await api.consultants()).find((c) => c.id === state.user?.id);
      online = mine?.available ?? false;
      toggle.setAttribute('aria-checked', String(online));
      onlineText.textContent = online ? 'You are online: users can request you' : 'You are offline';
    } catch {
      /* keep offline */
    } finally {
      toggle.disabled = false;
    }
  })();
  void loadEarnings();
  void loadRecent();

  return () => {
    for (const r of requests.values()) clearInterval(r.timer);
    panel?.dispose();
    for (const off of offs) off();
  };
}

/**
 * @param {{ name: string, dateOfBirth: string, timeOfBirth: string | null, placeOfBirth: string, question: string } | null} d
 */
function renderBirthDetails(d) {
  if (!d) return h('p', { class: 'muted small' }, 'No birth details shared.');
  return h(
    'dl',
    { class: 'birth-grid' },
    h('div', {}, h('dt', {}, 'Name'), h('dd', { 'data-testid': 'bd-name' }, d.name)),
    h(
      'div',
      {},
      h('dt', {}, 'Born'),
      h(
        'dd',
        { 'data-testid': 'bd-born' },
        `${d.dateOfBirth}${d.timeOfBirth ? `, ${d.timeOfBirth}` : ', time unknown'}`,
      ),
    ),
    h('div', {}, h('dt', {}, 'Place'), h('dd', { 'data-testid': 'bd-place' }, d.placeOfBirth)),
    d.question
      ? h('div', { class: 'wide' }, h('dt', {}, 'Question'), h('dd', { 'data-testid': 'bd-question' }, d.question))
      : null,
  );
}
