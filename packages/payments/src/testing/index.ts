export { anOrder, aRefund, type MakePaymentStore, type PaymentStoreFixture, paymentStoreContract } from './contract.js';
