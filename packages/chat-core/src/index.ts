export type { Parties } from './access.js';
export { Chat, createChat } from './chat.js';
export type { ChatOptions } from './config.js';
export { ChatError, type ChatErrorCode, chatErrorCodes } from './errors.js';
export type { ChatEvents, ReactionEvent, ReadReceipt, TypingEvent } from './events.js';
export type { ConversationGate } from './gate.js';
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
export {
  type ContactInfoPolicyOptions,
  type ContactMatch,
  contactInfoPolicy,
  findContactInfo,
  type MessagePolicy,
  type PolicyDecision,
  type PolicyInput,
} from './policy.js';
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
