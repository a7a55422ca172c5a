export { startWorker, type RunningWorker, type WorkerOptions } from './worker.js';
export { enqueueMonitorRun, monitorStatus, queuedJobs, addJobs, openQueue, repositoryLease, DEFAULT_QUEUE_SCHEMA, DEFAULT_MAX_ATTEMPTS, type RunStatus, type QueuedJob, type JobSpec } from './queue.js';
export { RateBudget, RateLimitedError } from './rate-budget.js';
export { jobRegistry } from './tasks/registry.js';
export type * from './types.js';
