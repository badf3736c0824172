import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { chatStoreContract } from '@jyotishconnect/chat-core/testing';

chatStoreContract('memory', async () => ({ store: createMemoryChatStore() }), {
  modelRuns: 200,
  concurrentSends: 1000,
});
