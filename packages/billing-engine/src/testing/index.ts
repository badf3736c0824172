export { ManualClock } from '@jyotishconnect/core';
export { type BillingStoreFixture, billingStoreContract, type MakeBillingStore } from './contract.js';
export { type BillingReportStoreFixture, billingReportContract } from './report-contract.js';
export { CrashableClock } from './simulation/crash.js';
export { createMemorySimulationWorld } from './simulation/memory-world.js';
export type { SimulationReport } from './simulation/report.js';
export type { SimulationOptions, SimulationWorld } from './simulation/setup.js';
export { simulateConsultations } from './simulation/simulation.js';
export { createTestBilling, type TestBilling, type TestBillingOptions } from './world.js';
