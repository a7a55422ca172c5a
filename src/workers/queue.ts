import { Logger, makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import type pg from 'pg';
import { UsageError } from '../errors.js';
import { repoKey, type RepoRef } from '../monitor/types.js';
import type { PostgresQueueState, RunProgress } from '../store/postgres/queue.js';
import type { MonitorStore } from '../store/index.js';
import type { JobKind, JobPayloads, ScoreSourceSpec } from './types.js';

/** graphile-worker's tables live in their own schema; `vigil_queue` unless told otherwise. */
export const DEFAULT_QUEUE_SCHEMA = 'vigil_queue';

/** Attempts before a job is dead (graphile-worker backs off exp(attempt) seconds: 3 s, 7 s, 20 s, 55 s). */
export const DEFAULT_MAX_ATTEMPTS = 5;

export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new UsageError(`queue schema ${JSON.stringify(schema)}: use lower-case letters, digits and _ (a PostgreSQL identifier)`);
  return schema;
}

/** The queue's utilities over the store's pool; migrates graphile-worker's schema on first use. */
export async function openQueue(pool: pg.Pool, schema = DEFAULT_QUEUE_SCHEMA): Promise<WorkerUtils> {
  const utils = await makeWorkerUtils({ pgPool: pool, schema: checkSchemaName(schema), logger: quietLogger() });
  await utils.migrate();
  return utils;
}

/** One job to add: at most one job per repository runs at a time (`queueName` is the lease). */
export interface JobSpec<K extends JobKind = JobKind> {
  kind: K;
  payload: JobPayloads[K];
  /** Serialises every job with the same lease: a repository is never scored twice at once. */
  lease: string;
  /** Deduplicates: adding the same key again replaces the waiting job instead of adding another. */
  key: string;
  maxAttempts?: number;
}

/** Add many jobs in one statement (graphile-worker's documented SQL API, `add_jobs`). */
export async function addJobs(pool: pg.Pool, schema: string, jobs: JobSpec[]): Promise<void> {
  const specs = jobs.map((job) => ({ identifier: job.kind, payload: job.payload, queue_name: job.lease, job_key: job.key, max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS }));
  const name = checkSchemaName(schema);
  for (let start = 0; start < specs.length; start += 5000) {
    await pool.query(`SELECT count(*) FROM ${name}.add_jobs(ARRAY(SELECT json_populate_recordset(NULL::${name}.job_spec, $1::json)))`, [JSON.stringify(specs.slice(start, start + 5000))]);
  }
}

export const repositoryLease = (ref: RepoRef): string => `repo:${repoKey(ref).toLowerCase()}`;

/**
 * `vigil monitor run --queue`: record the run, enqueue one job per repository and return. Workers
 * score and record; the run is finished by the worker that records its last repository.
 */
export async function enqueueMonitorRun(options: { pool: pg.Pool; schema: string; monitor: MonitorStore; refs: RepoRef[]; source: ScoreSourceSpec; now: Date; maxAttempts?: number }): Promise<{ runId: number; enqueued: number }> {
  const runDate = options.now.toISOString();
  const runId = await options.monitor.beginRun(options.source.kind === 'api' ? `queue:api:${options.source.baseUrl}` : 'queue:engine', runDate, options.refs.length);
  await addJobs(
    options.pool,
    options.schema,
    options.refs.map((ref) => ({
      kind: 'score-repository' as const,
      payload: { runId, runDate, ref, source: options.source },
      lease: repositoryLease(ref),
      key: `score:${runId}:${repoKey(ref).toLowerCase()}`,
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    })),
  );
  if (options.refs.length === 0) await options.monitor.finishRun(runId, runDate);
  return { runId, enqueued: options.refs.length };
}

/** A job the queue holds: waiting, running (locked), retrying after an error, or dead. */
export interface QueuedJob {
  id: string;
  kind: string;
  key: string | null;
  lease: string | null;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  lockedBy: string | null;
  runAt: string;
  state: 'waiting' | 'running' | 'retrying' | 'dead';
}

export async function queuedJobs(pool: pg.Pool, schema: string, keyPrefix?: string): Promise<QueuedJob[]> {
  const { rows } = await pool.query<{ id: string; task_identifier: string; key: string | null; queue_name: string | null; attempts: number; max_attempts: number; last_error: string | null; locked_by: string | null; run_at: Date }>(
    `SELECT id, task_identifier, key, queue_name, attempts, max_attempts, last_error, locked_by, run_at FROM ${checkSchemaName(schema)}.jobs WHERE $1::text IS NULL OR key LIKE $1 || '%' ORDER BY id`,
    [keyPrefix ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.task_identifier,
    key: row.key,
    lease: row.queue_name,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    lockedBy: row.locked_by,
    runAt: row.run_at.toISOString(),
    state: row.locked_by ? 'running' : row.attempts >= row.max_attempts ? 'dead' : row.last_error ? 'retrying' : 'waiting',
  }));
}

/** What `vigil monitor status` shows for one run. */
export interface RunStatus extends RunProgress {
  waiting: number;
  running: number;
  retrying: number;
  dead: { repository: string; attempts: number; error: string }[];
}

export async function monitorStatus(pool: pg.Pool, schema: string, queue: PostgresQueueState, runId?: number): Promise<RunStatus[]> {
  const runs = await queue.progress(runId === undefined ? undefined : [runId], 5);
  const statuses: RunStatus[] = [];
  for (const run of runs) {
    const jobs = await queuedJobs(pool, schema, `score:${run.runId}:`);
    statuses.push({
      ...run,
      waiting: jobs.filter((job) => job.state === 'waiting').length,
      running: jobs.filter((job) => job.state === 'running').length,
      retrying: jobs.filter((job) => job.state === 'retrying').length,
      dead: jobs.filter((job) => job.state === 'dead').map((job) => ({ repository: (job.key ?? '').split(':').slice(2).join(':'), attempts: job.attempts, error: job.lastError ?? '' })),
    });
  }
  return statuses;
}

/** graphile-worker logs every job at info; Vigil reports through its own logger and keeps only errors. */
export function quietLogger(): Logger {
  return new Logger(() => (level, message) => {
    // Failed jobs are reported through the worker's events (job:error, job:failed), once.
    if (level === 'error' && !message.startsWith('Failed task')) process.stderr.write(`queue: ${message}\n`);
  });
}
