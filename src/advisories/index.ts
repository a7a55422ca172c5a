/**
 * The advisory store: feeds in (import from files, sync from live services), lookups out.
 * Other areas import from here only.
 */
export type { Advisory, AdvisoryLookup, PackageKey, AffectedPackage, AffectedRange, RangeEvent, CpeConfiguration, CpeNode, CpeMatch, Severity } from './types.js';
export { packageKeyString } from './types.js';
export { NODE_CORE_PACKAGE, type Assessment } from './node-core.js';
// The storage itself lives in src/store/ (one store for every area); re-exported for the advisory area's users.
export type { AdvisoryCoverage, AdvisoryStore, SourceInfo, SourceStatus, StoreStatus, WriteSummary } from '../store/advisories/types.js';
export { openAdvisoryStore, isPostgresUrl } from '../store/open.js';
export { MemoryAdvisoryStore } from '../store/advisories/memory.js';
export { importPath, type ImportOptions, type ImportResult } from './import.js';
export type { ImportProblem } from './sources/types.js';
export { cpeVendorProduct } from '../store/advisories/keys.js';
