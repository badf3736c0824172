import type { BillingEngine } from '@jyotishconnect/billing-engine';

/**
 * What the transport needs from the consultation service: a billing engine
 * satisfies it as is. Each call names the acting participant, and the engine
 * checks that they may act on the session.
 */
export type ConsultationBilling = Pick<
  BillingEngine,
  | 'request'
  | 'accept'
  | 'reject'
  | 'cancel'
  | 'end'
  | 'offerService'
  | 'acceptService'
  | 'declineService'
  | 'pause'
  | 'resume'
  | 'getSession'
  | 'openSessionOf'
  | 'joinWaitlist'
  | 'leaveWaitlist'
  | 'waitlistPosition'
  | 'waitlistOf'
  | 'takeOffer'
  | 'passOffer'
  | 'absent'
  | 'present'
  | 'on'
  | 'off'
>;
