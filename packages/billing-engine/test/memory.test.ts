import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import { billingStoreContract } from '@jyotishconnect/billing-engine/testing';

billingStoreContract('memory', async () => ({ store: createMemoryBillingStore() }));
