/** The updates area: which vendored dependencies are behind upstream, and the updates to propose. */
export { checkUpdates, entryOf, allows, type CheckOptions } from './plan.js';
export { readHolds, holdFor } from './holds.js';
export { linePolicies, policyFor } from './knowledge/policies.js';
export { upstreamSources } from './knowledge/sources.js';
export { createDatasources, datasourceRegistry, type DatasourceOptions } from './upstream/registry.js';
export { fileEtagCache, memoryEtagCache, type EtagCache } from './upstream/etag-cache.js';
export { compareVersions, versionFromName } from './versions.js';
export type * from './types.js';
export { planApply, pullRequestBody, type ApplyPlan } from './apply/plan.js';
export { applyNpmUpdate, assertClean, proposeUpdate, type ApplyResult } from './apply/apply.js';
