export { type ChatCollections, chatCollections, migrateChatCollections } from './mongodb/collections.js';
export { type ConversationDoc, type MessageDoc, toConversation, toMessage } from './mongodb/documents.js';
export { createMongoChatStore, MongoChatStore, type MongoChatStoreOptions } from './mongodb/store.js';
