import { createMemoryPaymentStore, createMemoryPayoutStore } from '@jyotishconnect/payments/memory';
import { paymentStoreContract, payoutStoreContract } from '@jyotishconnect/payments/testing';

paymentStoreContract('memory', async () => ({ store: createMemoryPaymentStore() }));
payoutStoreContract('memory', async () => ({ store: createMemoryPayoutStore() }));
