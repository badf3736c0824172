// What each client request does, in one sentence: the protocol's documentation (the AsyncAPI
// document the reference host serves) reads it from the frame schemas. Keyed by frame type, so
// a frame added to `clientFrameSchema` without a sentence here does not compile.

/** One sentence per client request type, read into its zod schema's description. */
export const clientFrameDescriptions = {
  ping: 'Checks the connection; answered with an ack.',
  'conversation.open':
    'Opens (or finds) the conversation between the caller and a consultant (`consultantId`, asked by a user) or a user (`userId`, asked by a consultant).',
  'conversation.join':
    'Subscribes to a conversation the caller takes part in; messages after `afterSeq` are replayed, marked `recovered`.',
  'conversation.leave': 'Stops the events of a conversation on this connection.',
  'chat.send': 'Sends a message; `clientMessageId` makes a retry return the first result instead of sending it twice.',
  'chat.edit': "Edits the caller's own message `seq` while its edit window is open.",
  'chat.delete': "Deletes the caller's own message `seq`.",
  'chat.react': "Sets the caller's reaction to message `seq`, or clears it with `emoji: null`.",
  'chat.read': 'Marks the conversation read up to message `seq`.',
  'chat.delivered': 'Marks the conversation delivered up to message `seq`.',
  'chat.typing': 'Tells the other participant the caller started or stopped typing.',
  'chat.history': 'Reads a page of messages before or after a `seq`, at most `limit` (200).',
  'consultation.request':
    'A user asks a consultant for a consultation of `serviceType`, billed from their wallet once accepted.',
  'consultation.accept': 'The consultant accepts a request; billing starts.',
  'consultation.reject': 'The consultant turns a request down; nothing is charged.',
  'consultation.cancel': 'The user withdraws a request before it is accepted.',
  'consultation.end': 'Either participant ends the consultation; billing stops at the second it ends.',
  'consultation.offerService':
    'The consultant offers to move the running consultation to another service (chat, voice, video).',
  'consultation.acceptService': 'The user accepts the offered service; its rate applies from then on.',
  'consultation.declineService': 'The user declines the offered service; the consultation goes on as it was.',
  'waitlist.join': 'A user queues for a busy consultant; offered the consultation when their turn comes.',
  'waitlist.leave': 'The user leaves the waitlist they are in.',
  'waitlist.status': "The caller's place in the waitlist, if any.",
  'waitlist.take': 'The user takes the consultation the waitlist offered them.',
  'waitlist.pass': 'The user passes on the offered consultation; the next in line is offered it.',
  'call.offer': "Starts a voice or video call in the consultation: the caller's WebRTC SDP offer.",
  'call.answer': "Answers a call: the callee's WebRTC SDP answer.",
  'call.ice': 'A WebRTC ICE candidate for the call, relayed to the other participant.',
  'call.hangup': 'Ends the call; the consultation itself goes on until it is ended.',
} as const;

/** A client request type that has a description. */
export type DescribedFrameType = keyof typeof clientFrameDescriptions;
