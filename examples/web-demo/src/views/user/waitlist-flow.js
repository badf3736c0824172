/**
 * Waiting for a busy consultant, from joining to the slot offered: it shows the waitlist stage,
 * follows the `waitlist.position` and `waitlist.offer` events, and hands a taken offer to the
 * consultation (the request the consultant answers), or goes back to the directory.
 */

import { api } from '../../api.js';
import { toast } from '../../dom.js';
import { hasText, t } from '../../i18n.js';
import { asSession } from '../../session.js';
import { on } from '../../state.js';
import { lastBirthDetails } from './request.js';
import { createWaitlistStage } from './waitlist.js';

/**
 * @typedef {import('./consultant-card.js').Consultant} Consultant
 * @typedef {import('./consultant-card.js').Service} Service
 * @typedef {import('./request.js').BirthDetails} BirthDetails
 * @typedef {import('./waitlist.js').WaitlistView} WaitlistView
 * @typedef {import('../../session.js').Session} Session
 * @typedef {{ entry: { consultantId: string, service: Service }, position: number, length: number,
 *   estimatedWaitSeconds: number }} QueuedEvent
 */

/**
 * The `waitlist.position` event's data (the engine's queue position, its entry nested) as the flat
 * position the REST view gives and the stage draws.
 * @param {QueuedEvent} queued
 * @returns {import('./waitlist.js').Position}
 */
function positionOf({ entry, position, length, estimatedWaitSeconds }) {
  return { consultantId: entry.consultantId, service: entry.service, position, length, estimatedWaitSeconds };
}

/**
 * A message for a person from a failed call.
 * @param {unknown} error
 */
export function waitlistMessage(error) {
  const code = /** @type {{ code?: string }} */ (error)?.code ?? '';
  // What a person reads when a waitlist action fails, by error code (`waitlist.error.<CODE>`): a sentence with a next step.
  return code && hasText(`waitlist.error.${code}`) ? t(`waitlist.error.${code}`) : t('error.UNKNOWN');
}

/**
 * @param {{ showStage: (stage: { el: HTMLElement, dispose?: () => void }) => void,
 *   onTaken: (consultant: Consultant, session: Session, details: BirthDetails | null) => Promise<void>,
 *   onDone: () => void }} deps
 *   `onTaken` starts the consultation the taken offer became; `onDone` goes back to the directory
 */
export function createWaitlistFlow({ showStage, onTaken, onDone }) {
  /** The consultant waited for, the birth details to send once the slot is taken, and the stage on screen. */
  /** @type {{ consultant: Consultant, details: BirthDetails | null, stage: ReturnType<typeof createWaitlistStage>, offerId: string | null, lapsed: boolean } | null} */
  let current = null;

  /** Throws the person's message for a failed call. @param {() => Promise<void>} action */
  const explained = async (action) => {
    try {
      await action();
    } catch (e) {
      throw new Error(waitlistMessage(e));
    }
  };

  /**
   * @param {Consultant} consultant @param {Service} service @param {BirthDetails | null} details
   * @param {WaitlistView} view
   */
  function show(consultant, service, details, view) {
    const stage = createWaitlistStage({
      consultantName: consultant.name,
      view,
      onLeave: () =>
        explained(async () => {
          await api.leaveWaitlist(consultant.id);
          finish(t('waitlist.left', { name: consultant.name }), 'info');
        }),
      onTake: (offerId) =>
        explained(async () => {
          const session = asSession(await api.waitlistOffer(offerId, 'accept'));
          current = null;
          await onTaken(consultant, session, details);
        }),
      onPass: (offerId) =>
        explained(async () => {
          await api.waitlistOffer(offerId, 'pass');
          finish(t('waitlist.passed', { name: consultant.name }), 'info');
        }),
      onJoinAgain: () =>
        explained(async () => {
          show(
            consultant,
            service,
            details,
            /** @type {WaitlistView} */ (await api.joinWaitlist(consultant.id, service)),
          );
        }),
      onBack: async () => {
        current = null;
        onDone();
      },
    });
    current = { consultant, details, stage, offerId: view.offer?.id ?? null, lapsed: false };
    showStage(stage);
  }

  /** @param {string} text @param {'info' | 'error'} kind */
  function finish(text, kind) {
    current = null;
    toast(text, kind);
    onDone();
  }

  /** @param {WaitlistView} view */
  function update(view) {
    if (!current) return;
    current.offerId = view.offer?.id ?? null;
    current.stage.update(view);
  }

  const offs = [
    on('waitlist.position', (/** @type {QueuedEvent} */ queued) => {
      const position = positionOf(queued);
      if (current && !current.offerId && !current.lapsed && position.consultantId === current.consultant.id) {
        update({ waiting: position, offer: null });
      }
    }),
    on('waitlist.offer', (/** @type {Session} */ offer) => {
      if (current && offer.consultantId === current.consultant.id) update({ waiting: null, offer });
    }),
    on('consultation.ended', (/** @type {{ session: Session }} */ e) => {
      if (!current || e.session.id !== current.offerId) return;
      if (e.session.endReason === 'expired') {
        // Stays on screen until the person chooses: they may have stepped away when it lapsed.
        current.lapsed = true;
        update({ waiting: null, offer: null });
      }
    }),
  ];

  return {
    /** True while the user waits or holds an offer on screen. */
    get active() {
      return current !== null;
    },
    /**
     * Joins the consultant's waitlist; a consultant free meanwhile offers the slot at once.
     * @param {Consultant} consultant @param {Service} service @param {BirthDetails} details
     */
    async join(consultant, service, details) {
      await explained(async () => {
        const view = /** @type {WaitlistView} */ (await api.joinWaitlist(consultant.id, service));
        show(consultant, service, details, view);
      });
    },
    /** Shows where the user waits after a reload; false when they wait nowhere. */
    async resume() {
      const view = /** @type {WaitlistView} */ (await api.myWaitlist());
      const held = view.offer ?? view.waiting;
      if (!held) return false;
      const consultant = /** @type {Consultant} */ (await api.consultant(held.consultantId));
      show(consultant, /** @type {Service} */ (held.service), lastBirthDetails(), view);
      return true;
    },
    dispose() {
      current?.stage.dispose();
      for (const off of offs) off();
    },
  };
}
