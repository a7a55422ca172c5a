export { openStore, openAdvisoryStore, isPostgresUrl } from './open.js';
export type { Store, MonitorStore, RecordsStore, RepoSeries, RunSummary, ReviewSnapshot, FindingRow, TriageDecision, UpdateCheck, ReleaseStepRecord } from './types.js';
export type { AdvisoryCoverage, AdvisoryStore, AdvisoryStream, SourceInfo, SourceStatus, StoreStatus, WriteOptions, WriteSummary } from './advisories/types.js';
export { MemoryAdvisoryStore } from './advisories/memory.js';
export { cpeVendorProduct } from './advisories/keys.js';
export { redactUrl } from './postgres/database.js';
export { MIGRATIONS, LATEST_VERSION } from './migrations/index.js';
export { inspectSchema, migrateStore, type SchemaState } from './schema.js';
