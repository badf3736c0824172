/**
 * Waiting for a busy consultant, from joining to the slot offered: it shows the waitlist stage,
 * follows the `waitlist.position` and `waitlist.offer` events, and hands a taken offer to the
 * consultation (the request the consultant answers), or goes back to the directory.
 */

import { api } from '../../api.js';
import { toast } from '../../dom.js';
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
 */

/** What a person reads when a waitlist action fails, by error code: a sentence with a next step. */
const MESSAGES = {
  USER_BUSY: 'You already have a consultation or an offer open. Finish it first, then join the waitlist.',
  ALREADY_QUEUED: 'You are already waiting for another consultant. Leave that waitlist first.',
  CONSULTANT_OFFLINE: 'This consultant has just gone offline. Pick another consultant, or try again later.',
  CONSULTANT_NOT_FOUND: 'This consultant is no longer listed. Pick another consultant.',
  SERVICE_NOT_OFFERED: 'This consultant no longer offers this service. Choose another way to talk.',
  INVALID_TRANSITION: 'This offer has expired. Join the waitlist again to get the next free slot.',
  INSUFFICIENT_FUNDS: 'Your wallet does not cover the first minute. Top up in the Wallet tab, then try again.',
  NOT_IN_WAITLIST: 'You are no longer in this waitlist. Go back to the consultants to join again.',
};

/**
 * A message for a person from a failed call.
 * @param {unknown} error
 */
export function waitlistMessage(error) {
  const code = /** @type {{ code?: string }} */ (error)?.code ?? '';
  return (
    /** @type {Record<string, string>} */ (MESSAGES)[code] ??
    'Something went wrong. Please try again, or contact support if it keeps happening.'
  );
}

/**
 * @param {{ showStage: (stage: { el: HTMLElement, dispose?: () => void }) => void,
 *   onTaken: (consultant: Consultant, session: Session, details: BirthDetails | null) => Promise<void>,
 *   onDone: () => void }} deps
 *   `onTaken` starts the consultation the taken offer became; `onDone` goes back to the directory
 */
export function createWaitlistFlow({ showStage, onTaken, onDone }) {
  /** The consultant waited for, the birth details to send once the slot is taken, and the stage on screen. */
  /** @type {{ consultant: Consultant, details: BirthDetails | null, stage: ReturnType<typeof createWaitlistStage>, offerId: string | null } | null} */
  let current = null;

  /** Throws the person's message for a failed call. @param {() => Promise<void>} action */
  const explained = async (action) => {
    try {
      await action();
    } catch (e) {
      throw new Error(waitlistMessage(e));
    }
  };

  /** @param {Consultant} consultant @param {BirthDetails | null} details @param {WaitlistView} view */
  function show(consultant, details, view) {
    const stage = createWaitlistStage({
      consultantName: consultant.name,
      view,
      onLeave: () =>
        explained(async () => {
          await api.leaveWaitlist(consultant.id);
          finish(`You left the waitlist for ${consultant.name}.`, 'info');
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
          finish(`You passed. The next person in line for ${consultant.name} gets the slot.`, 'info');
        }),
    });
    current = { consultant, details, stage, offerId: view.offer?.id ?? null };
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
    on('waitlist.position', (/** @type {import('./waitlist.js').Position} */ position) => {
      if (current && !current.offerId && position.consultantId === current.consultant.id) {
        update({ waiting: position, offer: null });
      }
    }),
    on('waitlist.offer', (/** @type {Session} */ offer) => {
      if (current && offer.consultantId === current.consultant.id) update({ waiting: null, offer });
    }),
    on('consultation.ended', (/** @type {{ session: Session }} */ e) => {
      if (!current || e.session.id !== current.offerId) return;
      const name = current.consultant.name;
      if (e.session.endReason === 'expired') {
        finish(`Your slot with ${name} expired. Join the waitlist again to get the next one.`, 'error');
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
        show(consultant, details, view);
      });
    },
    /** Shows where the user waits after a reload; false when they wait nowhere. */
    async resume() {
      const view = /** @type {WaitlistView} */ (await api.myWaitlist());
      const consultantId = view.offer?.consultantId ?? view.waiting?.consultantId;
      if (!consultantId) return false;
      show(/** @type {Consultant} */ (await api.consultant(consultantId)), lastBirthDetails(), view);
      return true;
    },
    dispose() {
      current?.stage.dispose();
      for (const off of offs) off();
    },
  };
}
