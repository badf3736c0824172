export { ManualClock } from '../manual-clock.js';
export { startTestMongo, type TestMongo } from './mongodb-server.js';
export { startTestPostgres, type TestPostgres, type TestPostgresOptions } from './postgres-server.js';
export { propertyRuns, propertyScale } from './property-runs.js';
export { type RecordedMetric, RecordingMetrics } from './recording-metrics.js';
export { startTestRedis, type TestRedis } from './redis-server.js';
