/**
 * Vulnerability Review: inventory × advisories → findings → triage → reporters / issues.
 * The only file other areas (and the CLI) import.
 */
export { runReview, type RunReviewInput } from './run.js';
export { reviewInventory, reviewPackages, productOf, type ReviewOptions, type PackageReview } from './review.js';
export { createMemoryLookup } from './memory-lookup.js';
export { applyTriage, activeFindings } from './triage/apply.js';
export { parseTriageFile, serialiseTriageFile } from './triage/file.js';
export { decisionsFromEntries, entriesFromDecisions } from './triage/stored.js';
export { readDepsDirectory, mergeImported, triageFromAssessments } from './triage/security-wg.js';
export { reporters, reporterFor } from './reporters/registry.js';
export type { Reporter, ReporterOptions } from './reporters/types.js';
export { aboveThreshold, exceedsThreshold, dependencyGroups, upgradeFixingAll } from './summary.js';
export { issueDrafts, planReviewIssues, syncReviewIssues, findingKey } from './issues.js';
export { checkNodeVersion, coreEntriesFromAdvisories, type NodeCheck } from './node-check.js';
export type * from './types.js';
export { snapshotsFromReport, projectName } from './snapshot.js';
