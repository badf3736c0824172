export { ManualClock } from '@jyotishconnect/core';
export { type BillingStoreFixture, billingStoreContract, type MakeBillingStore } from './contract.js';
export { CrashableClock } from './simulation/crash.js';
export { createMemorySimulationWorld } from './simulation/memory-world.js';
export {
  type SimulationOptions,
  type SimulationReport,
  type SimulationWorld,
  simulateConsultations,
} from './simulation/simulation.js';
export { createTestBilling, type TestBilling, type TestBillingOptions } from './world.js';
