import { createMemoryPaymentStore } from '@jyotishconnect/payments/memory';
import { paymentStoreContract } from '@jyotishconnect/payments/testing';

paymentStoreContract('memory', async () => ({ store: createMemoryPaymentStore() }));
