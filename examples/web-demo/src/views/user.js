/** The user's view: consultants, the request with birth details, the live session with balance, wallet and history. */

import { api } from '../api.js';
import { field, h, mount, toast } from '../dom.js';
import {
  describeEndReason,
  formatDuration,
  formatMoney,
  formatRate,
  formatTime,
  initials,
  secondsFundedBy,
  serviceLabel,
} from '../format.js';
import { createMeter } from '../meter.js';
import { findOpenConsultation, openingOf } from '../resume.js';
import { asList, asSession, createSessionPanel, renderSummary } from '../session.js';
import { on, rt, state } from '../state.js';
import { createStatement, createTopUpForm, topUp } from '../wallet.js';

/**
 * @typedef {import('../session.js').Session} Session
 * @typedef {import('../session.js').Summary} Summary
 * @typedef {import('../session.js').Tick} Tick
 * @typedef {{ id: string, name: string, bio?: string, specialities: string[], languages: string[],
 *   rates: { chat: number, voice: number, video: number }, rating: number, reviews: number,
 *   status: 'online' | 'busy' | 'offline' }} Consultant
 */

const BIRTH_KEY = 'jc.birthDetails';
const LOW_TOPUP = 10000;

/**
 * @param {HTMLElement} root
 * @returns {() => void}
 */
export function renderUser(root) {
  /** @type {Array<() => void>} */
  const offs = [];
  /** @type {Consultant[]} */
  let consultants = [];
  let balance = 0;
  let available = 0;
  /** The session being requested or served. @type {Session | null} */
  let session = null;
  /** @type {Consultant | null} */
  let sessionConsultant = null;
  /** @type {ReturnType<typeof createSessionPanel> | null} */
  let panel = null;
  /** The running balance of the session being served. @type {ReturnType<typeof createMeter> | null} */
  let meter = null;
  /** @type {string | null} */
  let conversationId = null;
  /** Stops the timers of the current stage. @type {() => void} */
  let stageCleanup = () => undefined;

  // ---------- top-level layout ----------
  const chip = /** @type {HTMLElement} */ (document.getElementById('balance-chip'));
  chip.hidden = false;
  const tabs = [
    { id: 'consult', label: 'Consult' },
    { id: 'wallet', label: 'Wallet' },
    { id: 'history', label: 'History' },
  ];
  /** @type {Record<string, HTMLElement>} */
  const panels = {};
  /** @type {Record<string, HTMLElement>} */
  const tabButtons = {};
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Sections' });
  for (const t of tabs) {
    tabButtons[t.id] = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${t.id}`,
        class: 'tab',
        'aria-controls': `panel-${t.id}`,
        'data-testid': `tab-${t.id}`,
        onclick: () => selectTab(t.id),
      },
      t.label,
    );
    tablist.append(tabButtons[t.id]);
    panels[t.id] = h('section', {
      id: `panel-${t.id}`,
      role: 'tabpanel',
      'aria-labelledby': `tab-${t.id}`,
      class: 'panel',
    });
  }

  /** @param {string} id */
  function selectTab(id) {
    for (const t of tabs) {
      const selected = t.id === id;
      tabButtons[t.id].setAttribute('aria-selected', String(selected));
      tabButtons[t.id].tabIndex = selected ? 0 : -1;
      panels[t.id].hidden = !selected;
    }
    if (id === 'wallet') void statement.reload();
    if (id === 'history') void loadHistory();
  }

  // ---------- consult tab ----------
  const stage = h('div', { class: 'stage', 'data-testid': 'stage' });
  const banner = h(
    'div',
    { class: 'banner banner-warn', role: 'alert', 'data-testid': 'low-balance-banner', hidden: true },
    h('p', { class: 'banner-text' }),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-primary btn-sm',
        'data-testid': 'banner-topup',
        onclick: () => quickTopUp(LOW_TOPUP),
      },
      `Top up ${formatMoney(LOW_TOPUP).replace('.00', '')}`,
    ),
  );
  const filters = createFilters(() => void loadConsultants());
  const grid = h('ul', { class: 'consultant-grid', 'data-testid': 'consultants', 'aria-label': 'Consultants' });
  const browse = h(
    'div',
    { class: 'browse' },
    h(
      'div',
      { class: 'section-head' },
      h('h1', {}, 'Talk to an astrologer'),
      h('p', { class: 'muted' }, 'Pick a consultant and how you want to talk. You pay per minute from your wallet.'),
    ),
    filters.el,
    grid,
  );
  panels.consult.append(banner, stage);

  // ---------- wallet tab ----------
  const walletBalance = h('p', { class: 'big-money', 'data-testid': 'wallet-balance', 'aria-live': 'polite' }, '—');
  const walletAvailable = h('p', { class: 'muted small', 'data-testid': 'wallet-available' });
  const statement = createStatement();
  panels.wallet.append(
    h(
      'div',
      { class: 'wallet-grid' },
      h(
        'div',
        { class: 'card' },
        h('h2', {}, 'Wallet balance'),
        walletBalance,
        walletAvailable,
        h('h3', { class: 'subhead' }, 'Add money'),
        createTopUpForm((amount, wallet) => onToppedUp(amount, wallet)),
      ),
      h('div', { class: 'card' }, h('h2', {}, 'Statement'), statement.el),
    ),
  );

  // ---------- history tab ----------
  const history = h('ul', { class: 'history', 'data-testid': 'history' });
  panels.history.append(h('div', { class: 'card' }, h('h2', {}, 'Your consultations'), history));

  mount(root, h('div', { class: 'view view-user', 'data-testid': 'user-view' }, tablist, ...Object.values(panels)));
  selectTab('consult');
  mount(stage, h('p', { class: 'loading' }, 'Loading…'));

  // ---------- data ----------
  async function refreshWallet() {
    try {
      const w = /** @type {any} */ (await api.wallet());
      balance = w.balance;
      available = w.available ?? w.balance;
      renderBalance();
    } catch (e) {
      toast(`Wallet unavailable: ${/** @type {Error} */ (e).message}`, 'error');
    }
  }

  function renderBalance() {
    const text = formatMoney(balance);
    chip.textContent = '';
    chip.append(
      h('span', { class: 'sr-only' }, 'Wallet balance: '),
      h('span', { 'data-testid': 'chip-balance' }, text),
    );
    walletBalance.textContent = text;
    walletAvailable.textContent =
      available !== balance ? `${formatMoney(available)} available (the rest is held for a running consultation)` : '';
  }

  /**
   * The session's meter now sets the running balance; the money held moves with it.
   * @param {Session} s
   */
  function startMeter(s) {
    meter?.dispose();
    meter = createMeter({
      session: s,
      onBalance: (value) => {
        available += value - balance;
        balance = value;
        renderBalance();
      },
    });
    return meter;
  }

  async function loadConsultants() {
    try {
      consultants = /** @type {Consultant[]} */ (asList(await api.consultants(filters.values())));
      renderConsultants();
    } catch (e) {
      mount(grid, h('li', { class: 'form-error' }, `Could not load consultants: ${/** @type {Error} */ (e).message}`));
    }
  }

  function renderConsultants() {
    if (consultants.length === 0) {
      mount(grid, h('li', { class: 'empty muted' }, 'No consultants match these filters.'));
      return;
    }
    mount(grid, consultants.map(renderConsultantCard));
  }

  /** @param {Consultant} c */
  function renderConsultantCard(c) {
    const statusText = c.status === 'online' ? 'Online' : c.status === 'busy' ? 'Busy' : 'Offline';
    const canRequest = c.status === 'online';
    return h(
      'li',
      { class: 'consultant card', 'data-testid': 'consultant-card', dataset: { id: c.id, status: c.status } },
      h(
        'div',
        { class: 'consultant-head' },
        h(
          'div',
          { class: 'avatar', 'aria-hidden': 'true' },
          initials(c.name),
          h('span', { class: `presence-dot presence-${c.status}` }),
        ),
        h(
          'div',
          { class: 'consultant-id' },
          h('h2', { class: 'consultant-name' }, c.name),
          h(
            'p',
            { class: 'small' },
            h('span', { class: `status status-${c.status}`, 'data-testid': 'consultant-status' }, statusText),
            h(
              'span',
              { class: 'muted' },
              c.rating === null || c.rating === undefined
                ? ' · New'
                : ` · ★ ${Number(c.rating).toFixed(1)} (${c.reviews ?? 0})`,
            ),
          ),
        ),
      ),
      c.bio ? h('p', { class: 'bio muted small' }, c.bio) : null,
      h(
        'ul',
        { class: 'tags', 'aria-label': 'Specialities' },
        (c.specialities ?? []).map((s) => h('li', { class: 'tag' }, s)),
      ),
      h('p', { class: 'muted small' }, `Speaks ${(c.languages ?? []).join(', ') || '—'}`),
      h(
        'div',
        { class: 'rates', role: 'group', 'aria-label': `Start a consultation with ${c.name}` },
        offered(c).map((service) =>
          h(
            'button',
            {
              type: 'button',
              class: `rate-btn rate-${service}`,
              disabled: !canRequest,
              'aria-label': `${serviceLabel(service)} with ${c.name}, ${formatRate(c.rates?.[service] ?? 0)}`,
              'data-testid': `request-${service}`,
              onclick: () => openRequest(c, service),
            },
            h('span', { class: 'rate-service' }, service === 'chat' ? 'Chat' : service === 'voice' ? 'Call' : 'Video'),
            h('span', { class: 'rate-price' }, formatRate(c.rates?.[service] ?? 0)),
          ),
        ),
      ),
    );
  }

  // ---------- request flow ----------
  /**
   * @param {Consultant} c
   * @param {'chat' | 'voice' | 'video'} service
   */
  function openRequest(c, service) {
    /** @type {Record<string, string>} */
    const saved = JSON.parse(localStorage.getItem(BIRTH_KEY) ?? '{}');
    /** @param {string} name @param {string} type @param {Record<string, unknown>} [extra] */
    const input = (name, type, extra = {}) =>
      /** @type {HTMLInputElement} */ (
        h('input', { name, type, value: saved[name] ?? '', 'data-testid': `birth-${name}`, ...extra })
      );
    const name = input('name', 'text', {
      required: true,
      autocomplete: 'name',
      value: saved.name ?? state.user?.name ?? '',
    });
    const dob = input('dateOfBirth', 'date', { required: true, max: new Date().toISOString().slice(0, 10) });
    const tob = input('timeOfBirth', 'time');
    const place = input('placeOfBirth', 'text', { required: true, placeholder: 'City, state, country' });
    const question = /** @type {HTMLTextAreaElement} */ (
      h(
        'textarea',
        { name: 'question', rows: 3, maxlength: 1000, 'data-testid': 'birth-question' },
        saved.question ?? '',
      )
    );
    const serviceSelect = /** @type {HTMLSelectElement} */ (
      h(
        'select',
        { name: 'service', 'data-testid': 'request-service' },
        offered(c).map((s) =>
          h('option', { value: s, selected: s === service }, `${serviceLabel(s)} · ${formatRate(c.rates[s])}`),
        ),
      )
    );
    const estimate = h('p', { class: 'estimate', 'data-testid': 'estimate', 'aria-live': 'polite' });
    const updateEstimate = () => {
      const rate = c.rates[/** @type {'chat'} */ (serviceSelect.value)];
      estimate.textContent = `Your ${formatMoney(balance)} pays for about ${formatDuration(secondsFundedBy(balance, rate))} at ${formatRate(rate)}.`;
    };
    serviceSelect.addEventListener('change', updateEstimate);
    updateEstimate();
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const submit = /** @type {HTMLButtonElement} */ (
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'request-submit' }, 'Send request')
    );
    const dialog = /** @type {HTMLDialogElement} */ (
      h(
        'dialog',
        { class: 'sheet', 'aria-labelledby': 'request-title', 'data-testid': 'request-dialog' },
        h(
          'form',
          {
            class: 'stack',
            onsubmit: async (/** @type {SubmitEvent} */ event) => {
              event.preventDefault();
              error.hidden = true;
              if (!name.value.trim() || !dob.value || !place.value.trim()) {
                error.textContent = 'Please fill in your name, date and place of birth.';
                error.hidden = false;
                return;
              }
              const details = {
                name: name.value.trim(),
                dateOfBirth: dob.value,
                timeOfBirth: tob.value || null,
                placeOfBirth: place.value.trim(),
                question: question.value.trim(),
              };
              localStorage.setItem(BIRTH_KEY, JSON.stringify({ ...details, timeOfBirth: details.timeOfBirth ?? '' }));
              submit.disabled = true;
              try {
                await requestConsultation(c, /** @type {'chat'} */ (serviceSelect.value), details);
                dialog.close();
              } catch (e) {
                error.textContent = /** @type {Error} */ (e).message;
                error.hidden = false;
              } finally {
                submit.disabled = false;
              }
            },
          },
          h(
            'header',
            { class: 'sheet-head' },
            h('h2', { id: 'request-title' }, `Consult ${c.name}`),
            h(
              'button',
              { type: 'button', class: 'icon-btn', 'aria-label': 'Close', onclick: () => dialog.close() },
              '✕',
            ),
          ),
          field('How do you want to talk?', serviceSelect),
          h(
            'fieldset',
            { class: 'birth-card' },
            h('legend', {}, 'Birth details'),
            h('p', { class: 'muted small' }, `${c.name} sees these before accepting.`),
            field('Full name', name),
            h(
              'div',
              { class: 'row-2' },
              field('Date of birth', dob),
              field('Time of birth', tob, 'Leave empty if unknown.'),
            ),
            field('Place of birth', place),
            field('Your question', question),
          ),
          estimate,
          error,
          h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => dialog.close() }, 'Cancel'),
            submit,
          ),
        ),
      )
    );
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  /**
   * @param {Consultant} c
   * @param {'chat' | 'voice' | 'video'} service
   * @param {Record<string, unknown>} details
   */
  async function requestConsultation(c, service, details) {
    await refreshWallet();
    // A conversation exists only within a consultation: the request comes first, then the card.
    const s = asSession(await api.requestConsultation(c.id, service));
    const conversation = /** @type {any} */ (await rt({ type: 'conversation.open', consultantId: c.id }));
    await api.putBirthDetails(conversation.id, details);
    sessionConsultant = c;
    session = s;
    conversationId = conversation.id;
    startMeter(s).open({ balance, billedThrough: 0 });
    if (s.status === 'active') showLive();
    else if (s.status === 'ended') showEnded(s, s.summary);
    else showWaiting();
  }

  /** Comes back to the consultation that was open when the page was (re)loaded, waiting or live; false if none. */
  async function resumeOpenConsultation() {
    const open = await findOpenConsultation();
    if (!open) return false;
    session = open;
    // The meter exists before the balance is read: ticks arriving meanwhile wait in it, none is lost.
    const resumed = startMeter(open);
    const [consultant, conversation, opening] = await Promise.all([
      api.consultant(open.consultantId),
      rt({ type: 'conversation.open', consultantId: open.consultantId }),
      openingOf(open.id),
    ]);
    if (session?.id !== open.id) return true; // it ended while loading: the end handler took over
    sessionConsultant = /** @type {Consultant} */ (consultant);
    conversationId = /** @type {any} */ (conversation).id;
    resumed.open(opening);
    if (open.status === 'requested') showWaiting();
    else showLive();
    return true;
  }

  // ---------- stages ----------
  function showBrowse() {
    stageCleanup();
    panel?.dispose();
    panel = null;
    meter?.dispose();
    meter = null;
    session = null;
    banner.hidden = true;
    mount(stage, browse);
    void loadConsultants();
  }

  function showWaiting() {
    if (!session || !sessionConsultant) return;
    const s = session;
    const left = h('span', { 'data-testid': 'request-countdown' }, '');
    const tickWait = () => {
      left.textContent = formatDuration((s.requestExpiresAt - Date.now()) / 1000);
    };
    tickWait();
    const timer = setInterval(tickWait, 1000);
    const cancel = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-ghost',
        'data-testid': 'cancel-request',
        onclick: async () => {
          try {
            await api.consultationAction(s.id, 'cancel');
          } catch (e) {
            toast(/** @type {Error} */ (e).message, 'error');
          }
        },
      },
      'Cancel request',
    );
    const card = h(
      'div',
      { class: 'card waiting', 'data-testid': 'waiting', role: 'status' },
      h('div', { class: 'pulse', 'aria-hidden': 'true' }, initials(sessionConsultant.name)),
      h('h2', {}, `Waiting for ${sessionConsultant.name} to accept`),
      h(
        'p',
        { class: 'muted' },
        `${serviceLabel(s.service)} at ${formatRate(s.ratePerMinute)}. Nothing is charged until the consultation starts.`,
      ),
      h('p', {}, 'Request expires in ', left),
      cancel,
    );
    mount(stage, card);
    stageCleanup = () => clearInterval(timer);
  }

  function showLive() {
    stageCleanup();
    if (!session || !sessionConsultant || !conversationId || !meter || panel) return;
    panel = createSessionPanel({
      session,
      conversationId,
      otherName: sessionConsultant.name,
      caller: true,
      meter: meter.el,
      onEnd: (s, summary) => showEnded(s, summary),
    });
    mount(stage, panel.el);
  }

  /**
   * @param {Session} s
   * @param {Summary} summary
   */
  function showEnded(s, summary) {
    stageCleanup();
    meter?.dispose();
    meter = null;
    banner.hidden = true;
    const unaccepted = s.endReason === 'rejected' || s.endReason === 'cancelled' || s.endReason === 'expired';
    const chatPanel = panel;
    panel = null;
    void refreshWallet();
    if (unaccepted) {
      chatPanel?.dispose();
      toast(describeEndReason(s.endReason), s.endReason === 'cancelled' ? 'info' : 'error');
      session = null;
      showBrowse();
      return;
    }
    const stars = h(
      'fieldset',
      { class: 'stars' },
      h('legend', {}, `Rate ${sessionConsultant?.name ?? 'your consultant'}`),
      [1, 2, 3, 4, 5].map((n) =>
        h(
          'label',
          { class: 'star' },
          h('input', { type: 'radio', name: 'stars', value: String(n), required: true, 'data-testid': `star-${n}` }),
          h('span', { 'aria-hidden': 'true' }, '★'),
          h('span', { class: 'sr-only' }, `${n} star${n > 1 ? 's' : ''}`),
        ),
      ),
    );
    const review = h('textarea', { name: 'review', rows: 3, maxlength: 1000, 'data-testid': 'review' });
    const ratingForm = h(
      'form',
      {
        class: 'stack rating',
        'data-testid': 'rating-form',
        onsubmit: async (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          const form = /** @type {HTMLFormElement} */ (event.currentTarget);
          const data = new FormData(form);
          const n = Number(data.get('stars'));
          if (!n) {
            toast('Choose 1 to 5 stars', 'error');
            return;
          }
          try {
            await api.rate(s.id, n, String(data.get('review') ?? ''));
            mount(form, h('p', { class: 'success', 'data-testid': 'rating-thanks' }, 'Thank you for your feedback!'));
          } catch (e) {
            toast(/** @type {Error} */ (e).message, 'error');
          }
        },
      },
      stars,
      field('Review (optional)', review),
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'rating-submit' }, 'Submit rating'),
    );
    const card = h(
      'div',
      { class: 'card ended', 'data-testid': 'ended' },
      h('h2', {}, 'Consultation summary'),
      renderSummary(s, summary, 'user'),
      ratingForm,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost',
          'data-testid': 'back-to-list',
          onclick: () => {
            chatPanel?.dispose();
            showBrowse();
          },
        },
        'Back to consultants',
      ),
    );
    mount(stage, h('div', { class: 'ended-layout' }, card, chatPanel?.el));
    session = null;
  }

  // ---------- money ----------
  /** @param {number} amount */
  async function quickTopUp(amount) {
    try {
      const wallet = await topUp(amount);
      toast(`${formatMoney(amount)} added to your wallet`, 'success');
      onToppedUp(amount, wallet);
    } catch (e) {
      toast(/** @type {Error} */ (e).message, 'error');
    }
  }

  /**
   * @param {number} amount
   * @param {{ balance: number, available?: number } | null} wallet
   */
  function onToppedUp(amount, wallet) {
    if (meter) {
      // During a session the balance follows the ticks; add the credit to the same running figure.
      meter.credit(amount);
    } else if (wallet) {
      balance = wallet.balance;
      available = wallet.available ?? wallet.balance;
    } else {
      void refreshWallet();
    }
    banner.hidden = true;
    renderBalance();
    void statement.reload();
  }

  // ---------- history ----------
  async function loadHistory() {
    try {
      const list = asList(await api.consultations()).map(asSession);
      if (list.length === 0) {
        mount(history, h('li', { class: 'muted' }, 'No consultations yet.'));
        return;
      }
      mount(
        history,
        list.map((s) =>
          h(
            'li',
            { class: 'history-row', 'data-testid': 'history-row' },
            h(
              'div',
              {},
              h(
                'p',
                {},
                h('strong', {}, consultants.find((c) => c.id === s.consultantId)?.name ?? 'Consultant'),
                ` · ${serviceLabel(s.service)}`,
              ),
              h(
                'p',
                { class: 'muted small' },
                `${formatTime(s.requestedAt, true)} · ${s.status === 'ended' ? describeEndReason(s.endReason) : s.status}`,
              ),
            ),
            h(
              'div',
              { class: 'right' },
              h('p', {}, formatMoney(s.summary?.userCharged ?? 0)),
              h('p', { class: 'muted small' }, formatDuration(s.summary?.secondsBilled ?? 0)),
            ),
          ),
        ),
      );
    } catch (e) {
      mount(history, h('li', { class: 'form-error' }, /** @type {Error} */ (e).message));
    }
  }

  // ---------- real-time ----------
  offs.push(
    on('consultation.accepted', (/** @type {Session} */ s) => {
      if (session && s.id === session.id) {
        session = s;
        showLive();
      }
    }),
    on('consultation.started', (/** @type {Session} */ s) => {
      if (session && s.id === session.id) {
        session = s;
        showLive();
        panel?.startCall();
      }
    }),
    on('consultation.tick', (/** @type {Tick} */ t) => {
      if (!session || t.session.id !== session.id) return;
      session = t.session;
      meter?.update(t);
    }),
    on('consultation.lowBalance', (/** @type {{ session: Session, secondsLeft: number }} */ e) => {
      if (!session || e.session.id !== session.id) return;
      const text = banner.querySelector('.banner-text');
      if (text) text.textContent = `Low balance: about ${formatDuration(e.secondsLeft)} left. Top up to keep talking.`;
      banner.hidden = false;
    }),
    on('consultation.ended', (/** @type {{ session: Session, summary: Summary }} */ e) => {
      // The live panel handles its own end; this covers a request that was never accepted.
      if (session && e.session.id === session.id && !panel) showEnded(e.session, e.summary);
    }),
    on('presence', () => {
      if (!session) void loadConsultants();
    }),
  );

  void (async () => {
    try {
      if (await resumeOpenConsultation()) return;
    } catch (e) {
      toast(`Could not look up your consultation: ${/** @type {Error} */ (e).message}`, 'error');
    }
    await refreshWallet();
    showBrowse();
  })();
  const poll = setInterval(() => {
    if (!session && !panels.consult.hidden) void loadConsultants();
  }, 15000);

  return () => {
    clearInterval(poll);
    stageCleanup();
    panel?.dispose();
    meter?.dispose();
    for (const off of offs) off();
    chip.hidden = true;
  };
}

/**
 * The services a consultant offers (those with a rate).
 * @param {Consultant} c
 * @returns {Array<'chat' | 'voice' | 'video'>}
 */
function offered(c) {
  return /** @type {const} */ (['chat', 'voice', 'video']).filter((s) => Number.isSafeInteger(c.rates?.[s]));
}

/** The filter bar above the consultant list. */
function createFilters(/** @type {() => void} */ onChange) {
  const service = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'filter-service', 'data-testid': 'filter-service', onchange: onChange },
      h('option', { value: '' }, 'Any'),
      h('option', { value: 'chat' }, 'Chat'),
      h('option', { value: 'voice' }, 'Voice'),
      h('option', { value: 'video' }, 'Video'),
    )
  );
  const speciality = /** @type {HTMLInputElement} */ (
    h('input', { id: 'filter-speciality', type: 'search', placeholder: 'e.g. Vedic, Tarot', onchange: onChange })
  );
  const language = /** @type {HTMLInputElement} */ (
    h('input', { id: 'filter-language', type: 'search', placeholder: 'e.g. Hindi', onchange: onChange })
  );
  const sort = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'filter-sort', onchange: onChange },
      h('option', { value: 'rating' }, 'Top rated'),
      h('option', { value: 'price' }, 'Lowest price'),
    )
  );
  const el = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Filter consultants',
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        onChange();
      },
    },
    field('Service', service),
    field('Speciality', speciality),
    field('Language', language),
    field('Sort by', sort),
  );
  return {
    el,
    values: () => ({
      service: service.value,
      speciality: speciality.value.trim(),
      language: language.value.trim(),
      sort: sort.value,
    }),
  };
}
