import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import { billingReportContract, billingStoreContract } from '@jyotishconnect/billing-engine/testing';

billingStoreContract('memory', async () => ({ store: createMemoryBillingStore() }));
billingReportContract('memory', async () => ({ store: createMemoryBillingStore() }));
