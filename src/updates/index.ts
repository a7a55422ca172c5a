/** The updates area: which vendored dependencies are behind upstream, and the updates to propose. */
export { checkUpdates, entryOf, allows, type CheckOptions } from './plan.js';
export { readHolds, holdFor } from './holds.js';
export { linePolicies, policyFor } from './knowledge/policies.js';
export { derivedPolicy, lineChangelog, parseLineHistory, readLineHistory, readLineHistoryAt, type LineHistory } from './knowledge/line-history.js';
export { upstreamSources } from './knowledge/sources.js';
export { createDatasources, datasourceRegistry, type DatasourceOptions } from './upstream/registry.js';
export { fileEtagCache, memoryEtagCache, type EtagCache } from './upstream/etag-cache.js';
export { compareVersions, versionFromName } from './versions.js';
export type * from './types.js';
export { planApply, pullRequestBody, GITHUB_HOSTS, type ApplyPlan, type ArchivePlan, type DownloadHosts } from './apply/plan.js';
export { archiveSources, notFromArchive, type ArchiveSource } from './knowledge/archives.js';
export { applyArchiveUpdate } from './apply/archive-update.js';
export { applyUpdate } from './apply/update.js';
export { applyNpmUpdate, assertClean, proposeUpdate, recoverInterruptedApply, type ApplyResult } from './apply/apply.js';
export { recoverInterruptedBranch, removeStaleApplyTemporaries, type InterruptedBranch } from './apply/interrupted.js';
