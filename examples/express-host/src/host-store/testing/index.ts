export { hostStoreContract, type MakeHostStore } from './contract.js';
export { anAuditEntry, aProfile, aSetting, aUser, T0 } from './fixtures.js';
