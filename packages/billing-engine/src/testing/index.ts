export { ManualClock } from '@jyotishconnect/core';
export { type BillingStoreFixture, billingStoreContract, type MakeBillingStore } from './contract.js';
export { createTestBilling, type TestBilling, type TestBillingOptions } from './world.js';
