export { type ConversationDoc, type MessageDoc, toConversation, toMessage } from './documents.js';
export { type ChatCollections, chatCollections, migrateChatCollections } from './schema.js';
export { createMongoChatStore, MongoChatStore, type MongoChatStoreOptions } from './store.js';
