export { hostStoreContract, type MakeHostStore } from './contract.js';
export { anAuditEntry, anOrder, aProfile, aUser, T0 } from './fixtures.js';
