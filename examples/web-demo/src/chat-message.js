/** One row of the chat: a system line, or a bubble with its quote, text, time, read ticks, reactions and actions. */

import { h } from './dom.js';
import { formatTime } from './format.js';
import { t } from './i18n.js';

/**
 * @typedef {{ conversationId: string, seq: number, authorId: string, authorRole: string, kind: 'text' | 'system',
 *   text: string, replyTo: number | null, reactions: { user: string | null, consultant: string | null },
 *   event: { type: string, data: Record<string, unknown> } | null, createdAt: number, deletedAt: number | null,
 *   editedAt: number | null }} Message
 */

const REACTIONS = ['🙏', '❤️', '👍', '😊', '✨'];

/** The system events with their own line in the chat (`chat.system.<event>`). */
const SYSTEM_EVENTS = new Set(['session.requested', 'session.started', 'session.lowBalance', 'session.ended']);

/**
 * The row for a message. Its read ticks (`[data-testid="ticks"]`, on this side's own messages) start
 * empty: the chat fills them in, since they change as the other side reads.
 * @param {Message} m
 * @param {{ mine: boolean, quoted: Message | undefined, otherName: string, onReply: () => void,
 *   onReact: (emoji: string) => void }} options `quoted` is the message `m` replies to, if the chat has it
 * @returns {HTMLElement}
 */
export function renderMessage(m, { mine, quoted, otherName, onReply, onReact }) {
  if (m.kind === 'system') {
    const type = m.event?.type ?? '';
    return h(
      'li',
      { class: 'msg-system', 'data-testid': 'system-message', dataset: { seq: String(m.seq), event: type } },
      SYSTEM_EVENTS.has(type) ? t(`chat.system.${type.replace('.', '_')}`) : t('chat.system.update'),
      h('time', { class: 'msg-time' }, ` · ${formatTime(m.createdAt)}`),
    );
  }
  const reactions = [m.reactions?.user, m.reactions?.consultant].filter(Boolean);
  const bubble = h(
    'div',
    { class: 'bubble' },
    quoted
      ? h(
          'blockquote',
          { class: 'quote', 'data-testid': 'quote' },
          quoted.deletedAt ? t('chat.deletedQuote') : quoted.text.slice(0, 140),
        )
      : null,
    h(
      'p',
      { class: 'msg-text', 'data-testid': 'message-text' },
      m.deletedAt ? h('em', {}, t('error.MESSAGE_DELETED')) : m.text,
    ),
    h(
      'div',
      { class: 'msg-meta' },
      m.editedAt ? h('span', {}, 'edited · ') : null,
      h('time', {}, formatTime(m.createdAt)),
      mine ? h('span', { class: 'ticks', 'data-testid': 'ticks' }) : null,
    ),
    reactions.length
      ? h(
          'div',
          { class: 'reactions', 'data-testid': 'reactions', 'aria-label': `Reactions: ${reactions.join(' ')}` },
          reactions.map((r) => h('span', { class: 'reaction' }, String(r))),
        )
      : null,
  );
  return h(
    'li',
    {
      class: `msg ${mine ? 'msg-mine' : 'msg-theirs'}`,
      'data-testid': 'message',
      dataset: { seq: String(m.seq), mine: String(mine) },
    },
    h('span', { class: 'sr-only' }, mine ? t('chat.youSaid') : t('chat.theySaid', { name: otherName })),
    bubble,
    m.deletedAt ? null : renderActions(onReply, onReact),
  );
}

/**
 * Reply, and react through a small picker of emoji.
 * @param {() => void} onReply
 * @param {(emoji: string) => void} onReact
 */
function renderActions(onReply, onReact) {
  const picker = h(
    'div',
    { class: 'react-picker', role: 'group', 'aria-label': t('chat.chooseReaction'), hidden: true },
    REACTIONS.map((emoji) =>
      h(
        'button',
        {
          type: 'button',
          class: 'react-choice',
          'aria-label': t('chat.reactWith', { emoji }),
          'data-testid': `react-${emoji}`,
          onclick: () => {
            picker.hidden = true;
            onReact(emoji);
          },
        },
        emoji,
      ),
    ),
  );
  return h(
    'div',
    { class: 'msg-actions' },
    h(
      'button',
      {
        type: 'button',
        class: 'icon-btn',
        'aria-label': t('chat.reply'),
        'data-testid': 'reply',
        onclick: onReply,
      },
      '↩',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'icon-btn',
        'aria-label': t('chat.addReaction'),
        'aria-haspopup': 'true',
        'data-testid': 'react',
        onclick: () => {
          picker.hidden = !picker.hidden;
        },
      },
      '☺',
    ),
    picker,
  );
}
