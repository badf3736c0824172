export {
  assertOpener,
  assertReader,
  checkCaller,
  type Parties,
  PartiesCache,
  partiesOf,
  writerSide,
} from './access.js';
export { Chat, createChat } from './chat.js';
export type { ChatOptions } from './config.js';
export { systemDraft, textDraft } from './drafts.js';
export {
  ChatError,
  type ChatErrorCode,
  chatErrorCodes,
  conversationNotFound,
  editWindowClosed,
  idempotencyConflict,
  invalidInput,
  messageDeleted,
  messageNotFound,
  notAParticipant,
  notTheAuthor,
  policyRejected,
  replyNotFound,
} from './errors.js';
export type { ChatEvents, PresenceEvent, ReactionEvent, ReadReceipt, TypingEvent } from './events.js';
export { type ConversationGate, conversationClosed } from './gate.js';
export type {
  BirthDetailsInput,
  EditInput,
  HistoryOptions,
  ListConversationsOptions,
  MarkReadInput,
  MessageRef,
  OpenConversationInput,
  ReactInput,
  SendInput,
  SystemMessageInput,
} from './inputs.js';
export { decodeCursor, encodeCursor, fingerprintOf } from './keys.js';
export {
  type ContactInfoPolicyOptions,
  type ContactMatch,
  contactInfoPolicy,
  findContactInfo,
  type MessagePolicy,
  type PolicyDecision,
  type PolicyInput,
  redact,
} from './policy.js';
export { PresenceCounter } from './presence.js';
export {
  type ChatSchemas,
  createChatSchemas,
  historySchema,
  idSchema,
  listSchema,
  markReadSchema,
  messageRefSchema,
  openConversationSchema,
  parseInput,
  reactSchema,
  type SchemaLimits,
  seqSchema,
  systemMessageSchema,
} from './schemas.js';
export type {
  ActivityCursor,
  AppendOutcome,
  ChatStore,
  HistoryQuery,
  MessageChange,
  NewConversation,
  NewMessage,
} from './store.js';
export type {
  Attachment,
  BirthDetails,
  Conversation,
  ConversationPage,
  ConversationSummary,
  HistoryPage,
  Message,
  Participant,
  Reactions,
  ReadState,
  Role,
  Side,
  SystemEvent,
  SystemEventType,
} from './types.js';
