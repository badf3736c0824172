/** The chat panel: history replay, live messages, replies, reactions, typing indicator and read ticks. */

import { api } from './api.js';
import { renderMessage } from './chat-message.js';
import { h, toast } from './dom.js';
import { t } from './i18n.js';
import { on, rt, state } from './state.js';

/** A client message id; `crypto.randomUUID` needs a secure context, so fall back off localhost. */
function newId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/** @typedef {import('./chat-message.js').Message} Message */

/**
 * Creates a chat panel bound to one conversation.
 * @param {{ conversationId: string, otherName: string }} options
 * @returns {{ el: HTMLElement, dispose: () => void, setEnabled: (enabled: boolean) => void }}
 */
export function createChat({ conversationId, otherName }) {
  const me = state.user;
  const mySide = me?.role === 'consultant' ? 'consultant' : 'user';
  const otherSide = mySide === 'user' ? 'consultant' : 'user';
  /** @type {Map<number, Message>} */
  const messages = new Map();
  /** @type {Map<number, HTMLElement>} */
  const rows = new Map();
  let otherRead = 0;
  let myRead = 0;
  /** @type {number | null} */
  let replyTo = null;

  const list = h('ol', {
    class: 'messages',
    'data-testid': 'messages',
    'aria-label': t('chat.conversationWith', { name: otherName }),
    'aria-live': 'polite',
    'aria-relevant': 'additions',
  });
  const empty = h('p', { class: 'messages-empty muted' }, t('chat.sayHello', { name: otherName }));
  const typing = h(
    'p',
    { class: 'typing', 'data-testid': 'typing', 'aria-live': 'polite', hidden: true },
    h('span', { class: 'typing-dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')),
    t('chat.typing', { name: otherName }),
  );
  const replyBar = h('div', { class: 'reply-bar', 'data-testid': 'reply-bar', hidden: true });
  const input = /** @type {HTMLTextAreaElement} */ (
    h('textarea', {
      id: `composer-${conversationId}`,
      class: 'composer-input',
      rows: 1,
      maxlength: 4000,
      placeholder: t('chat.placeholder'),
      'data-testid': 'chat-input',
      onkeydown: onKeyDown,
      oninput: onInput,
    })
  );
  const send = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      {
        class: 'btn btn-primary composer-send',
        type: 'submit',
        'data-testid': 'chat-send',
        'aria-label': t('chat.send'),
      },
      h('span', { 'aria-hidden': 'true' }, '➤'),
    )
  );
  const form = h(
    'form',
    { class: 'composer', onsubmit: onSend },
    h('label', { class: 'sr-only', for: input.id }, t('chat.messageTo', { name: otherName })),
    input,
    send,
  );
  const scroller = h('div', { class: 'messages-scroll' }, empty, list);
  const el = h(
    'section',
    { class: 'chat', 'aria-label': t('service.chat'), 'data-testid': 'chat' },
    scroller,
    typing,
    replyBar,
    form,
  );

  /** @type {Array<() => void>} */
  const offs = [];
  offs.push(
    on('message.created', (/** @type {Message} */ m) => {
      if (m.conversationId !== conversationId) return;
      upsert(m);
      if (m.authorId !== me?.id) {
        setTyping(false);
        markRead();
      }
    }),
  );
  offs.push(
    on('message.updated', (/** @type {Message} */ m) => {
      if (m.conversationId === conversationId) upsert(m);
    }),
  );
  offs.push(
    on('message.reaction', (/** @type {{ message: Message }} */ e) => {
      if (e.message?.conversationId === conversationId) upsert(e.message);
    }),
  );
  offs.push(
    on('message.read', (/** @type {{ conversationId: string, side: string, seq: number }} */ r) => {
      if (r.conversationId !== conversationId || r.side !== otherSide) return;
      otherRead = Math.max(otherRead, r.seq);
      for (const [seq, m] of messages) if (m.authorId === me?.id) renderTicks(seq);
    }),
  );
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let typingTimer;
  offs.push(
    on('typing', (/** @type {{ conversationId: string, side: string, typing: boolean }} */ t) => {
      if (t.conversationId !== conversationId || t.side !== otherSide) return;
      setTyping(t.typing);
      clearTimeout(typingTimer);
      if (t.typing) typingTimer = setTimeout(() => setTyping(false), 6000);
    }),
  );
  // The newest page of history first (earlier consultations too), then join: the client replays what
  // it has not delivered yet and rejoins by itself after a reconnect.
  void api
    .messages(conversationId)
    .then((/** @type {any} */ page) => {
      for (const m of page?.messages ?? []) if (!messages.has(m.seq)) upsert(m);
    })
    .catch(() => undefined)
    .then(() => state.client?.join(conversationId))
    .then((/** @type {any} */ result) => {
      const read = result?.conversation?.readSeq;
      if (read) otherRead = Math.max(otherRead, read[otherSide] ?? 0);
      for (const [seq, m] of messages) if (m.authorId === me?.id) renderTicks(seq);
      markRead();
    })
    .catch((/** @type {Error} */ error) => console.warn('join failed', error));

  /** @param {boolean} value */
  function setTyping(value) {
    typing.hidden = !value;
  }

  /** @param {Message} m */
  function upsert(m) {
    messages.set(m.seq, m);
    const mine = m.authorId === me?.id;
    const row = renderMessage(m, {
      mine,
      quoted: m.replyTo ? messages.get(m.replyTo) : undefined,
      otherName,
      onReply: () => startReply(m),
      onReact: (emoji) => react(m, emoji),
    });
    const old = rows.get(m.seq);
    if (old) old.replaceWith(row);
    else {
      // Keep sequence order even if something arrives out of order.
      const next = [...rows.keys()].filter((s) => s > m.seq).sort((a, b) => a - b)[0];
      const before = next === undefined ? null : (rows.get(next) ?? null);
      list.insertBefore(row, before);
    }
    rows.set(m.seq, row);
    empty.hidden = rows.size > 0;
    scroller.scrollTop = scroller.scrollHeight;
    if (mine) renderTicks(m.seq);
  }

  /**
   * Sets this side's reaction to a message; choosing the same emoji again takes it back.
   * @param {Message} m
   * @param {string} emoji
   */
  function react(m, emoji) {
    const current = m.reactions?.[mySide];
    void rt({
      type: 'chat.react',
      conversationId,
      seq: m.seq,
      emoji: current === emoji ? null : emoji,
    }).catch((/** @type {Error} */ e) => console.warn(e));
  }

  /** @param {number} seq */
  function renderTicks(seq) {
    const ticks = rows.get(seq)?.querySelector('[data-testid="ticks"]');
    if (!ticks) return;
    const read = seq <= otherRead;
    ticks.textContent = read ? '✓✓' : '✓';
    ticks.setAttribute('aria-label', read ? t('chat.read') : t('chat.sent'));
    ticks.classList.toggle('ticks-read', read);
    /** @type {HTMLElement} */ (ticks).dataset.read = String(read);
  }

  function markRead() {
    const last = Math.max(0, ...[...messages.values()].filter((m) => m.authorId !== me?.id).map((m) => m.seq));
    if (last <= myRead || document.visibilityState === 'hidden') return;
    myRead = last;
    void rt({ type: 'chat.read', conversationId, seq: last }).catch(() => undefined);
  }

  /** @param {Message} m */
  function startReply(m) {
    replyTo = m.seq;
    replyBar.replaceChildren(
      h('span', { class: 'reply-label' }, t('chat.replyingTo')),
      h('span', { class: 'reply-snippet' }, m.text.slice(0, 80)),
      h(
        'button',
        { type: 'button', class: 'icon-btn', 'aria-label': t('chat.cancelReply'), onclick: cancelReply },
        '✕',
      ),
    );
    replyBar.hidden = false;
    input.focus();
  }

  function cancelReply() {
    replyTo = null;
    replyBar.hidden = true;
  }

  let typingSent = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let idleTimer;
  function onInput() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
    if (!typingSent) {
      typingSent = true;
      void rt({ type: 'chat.typing', conversationId, typing: true }).catch(() => undefined);
    }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(stopTyping, 2500);
  }

  function stopTyping() {
    clearTimeout(idleTimer);
    if (!typingSent) return;
    typingSent = false;
    void rt({ type: 'chat.typing', conversationId, typing: false }).catch(() => undefined);
  }

  /** @param {KeyboardEvent} event */
  function onKeyDown(event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  }

  /** @param {SubmitEvent} event */
  async function onSend(event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    /** @type {Record<string, unknown>} */
    const frame = { type: 'chat.send', conversationId, clientMessageId: newId(), text };
    if (replyTo !== null) frame.replyTo = replyTo;
    input.value = '';
    input.style.height = 'auto';
    cancelReply();
    stopTyping();
    try {
      const message = await rt(frame);
      upsert(/** @type {Message} */ (message));
    } catch (error) {
      // The text goes back in the box, and the reason (a sentence from ./messages.js) shows, to edit or retry.
      input.value = text;
      toast(/** @type {Error} */ (error).message, 'error');
    }
  }

  return {
    el,
    dispose() {
      for (const off of offs) off();
      clearTimeout(idleTimer);
      clearTimeout(typingTimer);
    },
    setEnabled(enabled) {
      input.disabled = !enabled;
      send.disabled = !enabled;
      input.placeholder = enabled ? t('chat.placeholder') : t('chat.ended');
    },
  };
}
