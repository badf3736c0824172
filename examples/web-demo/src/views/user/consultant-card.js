/** One consultant in the user's directory: presence, rating, specialities and a button per service. */

import { h } from '../../dom.js';
import { formatNumber, formatRate, initials, serviceLabel } from '../../format.js';
import { t } from '../../i18n.js';
import { freeBadge } from './free-minutes.js';

/**
 * @typedef {'chat' | 'voice' | 'video'} Service
 * @typedef {{ id: string, name: string, bio?: string, specialities: string[], languages: string[],
 *   rates: { chat: number, voice: number, video: number }, rating: number, reviews: number,
 *   experienceYears?: number, status: 'online' | 'busy' | 'away' | 'offline' }} Consultant
 */

/** The presences with their own word (`card.status.<status>`); `away`: online outside their weekly hours, still requestable. */
const STATUSES = new Set(['online', 'busy', 'away', 'offline']);
/** Who can take a request now. */
const REQUESTABLE = new Set(['online', 'away']);

/**
 * The services a consultant offers (those with a rate).
 * @param {Consultant} c
 * @returns {Service[]}
 */
export function servicesOffered(c) {
  return /** @type {const} */ (['chat', 'voice', 'video']).filter((s) => Number.isSafeInteger(c.rates?.[s]));
}

/**
 * @param {Consultant} c
 * @param {(consultant: Consultant, service: Service) => void} onRequest
 * @param {{ freeSeconds?: number, onJoinWaitlist?: (consultant: Consultant) => void }} [extras]
 *   the free seconds the user's next consultation with `c` starts with; joining the waitlist of a busy consultant
 */
export function renderConsultantCard(c, onRequest, extras = {}) {
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
          h(
            'span',
            { class: `status status-${c.status}`, 'data-testid': 'consultant-status' },
            t(`card.status.${STATUSES.has(c.status) ? c.status : 'offline'}`),
          ),
          h(
            'span',
            { class: 'muted' },
            c.rating === null || c.rating === undefined
              ? ` · ${t('card.new')}`
              : ` · ★ ${formatNumber(Number(c.rating), 1)} (${formatNumber(c.reviews ?? 0)})`,
            c.experienceYears ? ` · ${t('card.years', { count: c.experienceYears })}` : '',
          ),
        ),
      ),
    ),
    c.bio ? h('p', { class: 'bio muted small' }, c.bio) : null,
    h(
      'ul',
      { class: 'tags', 'aria-label': t('card.specialities') },
      (c.specialities ?? []).map((s) => h('li', { class: 'tag' }, s)),
    ),
    h('p', { class: 'muted small' }, t('card.speaks', { languages: (c.languages ?? []).join(', ') || '—' })),
    freeBadge(extras.freeSeconds),
    h(
      'div',
      { class: 'rates', role: 'group', 'aria-label': t('card.start', { name: c.name }) },
      servicesOffered(c).map((service) =>
        h(
          'button',
          {
            type: 'button',
            class: `rate-btn rate-${service}`,
            // Only an online (or away) consultant can take a request; busy and offline ones show their rates greyed.
            disabled: !REQUESTABLE.has(c.status),
            'aria-label': t('card.serviceWith', {
              service: serviceLabel(service),
              name: c.name,
              rate: formatRate(c.rates?.[service] ?? 0),
            }),
            'data-testid': `request-${service}`,
            onclick: () => onRequest(c, service),
          },
          h('span', { class: 'rate-service' }, t(`card.button.${service}`)),
          h('span', { class: 'rate-price' }, formatRate(c.rates?.[service] ?? 0)),
        ),
      ),
    ),
    c.status === 'busy' && extras.onJoinWaitlist
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-ghost join-waitlist',
            'data-testid': 'join-waitlist',
            onclick: () => extras.onJoinWaitlist?.(c),
          },
          t('request.joinWaitlist'),
        )
      : null,
  );
}
