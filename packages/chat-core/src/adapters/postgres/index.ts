export { type ChatTables, chatTables, migrateChatStore } from './schema.js';
export { createPostgresChatStore, PostgresChatStore, type PostgresChatStoreOptions } from './store.js';
