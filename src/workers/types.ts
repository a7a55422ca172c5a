import type { PostgresQueueState } from '../store/postgres/queue.js';
import type { Store } from '../store/index.js';
import type { RepoRef } from '../monitor/types.js';
import type { RateBudget } from './rate-budget.js';

/** Where a score job gets its scores: the local engine on a shallow clone, or the Scorecard API. */
export type ScoreSourceSpec = { kind: 'api'; baseUrl: string } | { kind: 'engine'; gitBaseUrl: string; depth: number };

/** `score-repository`: score one repository for one queued run and record the outcome. */
export interface ScorePayload {
  runId: number;
  runDate: string;
  ref: RepoRef;
  source: ScoreSourceSpec;
}

/** `review-project`: review a project's release line (a git ref of a shallow clone) and record the snapshot. */
export interface ReviewPayload {
  ref: RepoRef;
  gitBaseUrl: string;
  /** The release line (a branch or tag); the default branch when absent. */
  line?: string;
  now: string;
}

/** `check-upstream`: the newest release of a dependency's upstream on GitHub, recorded as an update check. */
export interface UpstreamPayload {
  project: string;
  dependency: string;
  /** owner/repo of the upstream on GitHub. */
  upstream: string;
  current: string | null;
}

export interface JobPayloads {
  'score-repository': ScorePayload;
  'review-project': ReviewPayload;
  'check-upstream': UpstreamPayload;
}

export type JobKind = keyof JobPayloads;

/** What a job may use: built by the CLI from the worker machine's config (tokens never travel in payloads). */
export interface WorkerContext {
  store: Store;
  queue: PostgresQueueState;
  github: { baseUrl: string; token: string | undefined };
  /** This machine's clones (engine scoring, reviews). */
  clonesDirectory: string;
  budget: RateBudget;
  log(message: string): void;
}

/** The attempt a job is on, as the queue counts it (1-based). */
export interface Attempt {
  attempt: number;
  maxAttempts: number;
}

/** A job: one file under tasks/, one line in tasks/registry.ts (STYLE rule 2). */
export interface JobDefinition<K extends JobKind = JobKind> {
  id: K;
  summary: string;
  run(payload: JobPayloads[K], context: WorkerContext, attempt: Attempt): Promise<void>;
}
