export { anOrder, aRefund, type MakePaymentStore, type PaymentStoreFixture, paymentStoreContract } from './contract.js';
export { aPayout, type PayoutStoreFixture, payoutStoreContract } from './payout-contract.js';
