export { MonitorStore, type RepoSeries, type RunSummary } from './store.js';
export { runJob, renderJob, writeChanges, diffOf, readDatabase, readScope, type MonitorFiles, type FileChange, type RunJobResult } from './job.js';
export { importDatabase } from './import.js';
export { scorecardApiSource } from './sources/api.js';
export { resultsFileSource } from './sources/results-file.js';
export type { ScoreSource } from './sources/source.js';
export { changesIssueDraft, publishIssue, publishPullRequest, REPORT_BRANCH } from './publish.js';
export { deltaOf } from './delta.js';
export * from './types.js';
