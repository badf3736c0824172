/** One consultant in the user's directory: presence, rating, specialities and a button per service. */

import { h } from '../../dom.js';
import { formatRate, initials, serviceLabel } from '../../format.js';

/**
 * @typedef {'chat' | 'voice' | 'video'} Service
 * @typedef {{ id: string, name: string, bio?: string, specialities: string[], languages: string[],
 *   rates: { chat: number, voice: number, video: number }, rating: number, reviews: number,
 *   experienceYears?: number, status: 'online' | 'busy' | 'away' | 'offline' }} Consultant
 */

/** `away`: online outside their weekly hours; they can still be requested. */
const STATUS_TEXT = { online: 'Online', busy: 'Busy', away: 'Away', offline: 'Offline' };
/** Who can take a request now. */
const REQUESTABLE = new Set(['online', 'away']);
const SERVICE_BUTTON_TEXT = { chat: 'Chat', voice: 'Call', video: 'Video' };

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
 */
export function renderConsultantCard(c, onRequest) {
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
            STATUS_TEXT[c.status] ?? STATUS_TEXT.offline,
          ),
          h(
            'span',
            { class: 'muted' },
            c.rating === null || c.rating === undefined
              ? ' · New'
              : ` · ★ ${Number(c.rating).toFixed(1)} (${c.reviews ?? 0})`,
            c.experienceYears ? ` · ${c.experienceYears} yrs` : '',
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
      servicesOffered(c).map((service) =>
        h(
          'button',
          {
            type: 'button',
            class: `rate-btn rate-${service}`,
            // Only an online (or away) consultant can take a request; busy and offline ones show their rates greyed.
            disabled: !REQUESTABLE.has(c.status),
            'aria-label': `${serviceLabel(service)} with ${c.name}, ${formatRate(c.rates?.[service] ?? 0)}`,
            'data-testid': `request-${service}`,
            onclick: () => onRequest(c, service),
          },
          h('span', { class: 'rate-service' }, SERVICE_BUTTON_TEXT[service]),
          h('span', { class: 'rate-price' }, formatRate(c.rates?.[service] ?? 0)),
        ),
      ),
    ),
  );
}
