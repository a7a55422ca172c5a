import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { run, type Runner, type Task, type TaskList, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import type { PostgresQueueState } from '../store/postgres/queue.js';
import { checkSchemaName, openQueue, quietLogger } from './queue.js';
import { redact } from '../util/redact.js';
import { jobRegistry } from './tasks/registry.js';
import type { JobKind, WorkerContext } from './types.js';

export interface WorkerOptions {
  pool: pg.Pool;
  schema: string;
  context: WorkerContext;
  /** Jobs this process runs at once. */
  concurrency: number;
  /** How often this process says it is alive. */
  heartbeatMs?: number;
  /** A process not heard from for this long is dead: its jobs are unlocked for the others. */
  staleMs?: number;
  /** How often idle workers look for retries that came due (new jobs arrive by LISTEN/NOTIFY). */
  pollMs?: number;
  onEvent?: (message: string) => void;
}

export interface RunningWorker {
  id: string;
  stop(): Promise<void>;
  /** Settles when the worker stops (a fatal error rejects). */
  done: Promise<void>;
}

/**
 * A `vigil worker` process: graphile-worker's pool running Vigil's jobs, plus a heartbeat. A
 * worker killed with -9 leaves its jobs locked; graphile-worker would free them only after four
 * hours, so every worker also reaps processes whose heartbeat stopped and unlocks their jobs
 * (`forceUnlockWorkers`, meant for exactly this), and the job runs again elsewhere.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const schema = checkSchemaName(options.schema);
  const utils = await openQueue(options.pool, schema);
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const queueWorkers = new Set<string>();
  const queue: PostgresQueueState = options.context.queue;
  const taskList: TaskList = {};
  for (const kind of Object.keys(jobRegistry) as JobKind[]) {
    const definition = jobRegistry[kind];
    const task: Task = async (payload, helpers) => {
      try {
        await definition.run(payload as never, options.context, { attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
      } catch (error) {
        // graphile-worker stores the message as the job's last_error: the one place a job's error
        // enters the queue passes through the one redaction, whatever threw it (#20).
        throw new Error(redact(error instanceof Error ? error.message : String(error)), { cause: error });
      }
    };
    taskList[kind] = task;
  }
  const beat = async (): Promise<void> => {
    await queue.heartbeat(id, hostname(), process.pid, [...queueWorkers]);
    const dead = await queue.reapStale(options.staleMs ?? 15_000);
    const ids = dead.flatMap((entry) => entry.queueWorkers);
    if (ids.length > 0) {
      await utils.forceUnlockWorkers(ids);
      options.onEvent?.(`unlocked the jobs of ${dead.map((entry) => entry.id).join(', ')} (no heartbeat)`);
    }
  };
  // Listeners go on before run(): the pool creates its workers (and emits worker:create) inside it.
  const events: WorkerEvents = new EventEmitter();
  // Jobs are locked by a worker's id, or by the pool's id while they sit in its local queue.
  events.on('pool:create', ({ workerPool }) => void queueWorkers.add(workerPool.id));
  events.on('worker:create', ({ worker }) => void queueWorkers.add(worker.workerId));
  events.on('job:error', ({ job, error }) => options.onEvent?.(`${job.task_identifier} ${job.key ?? job.id}: attempt ${job.attempts}/${job.max_attempts} failed: ${(error as Error).message ?? String(error)}`));
  events.on('job:failed', ({ job }) => options.onEvent?.(`${job.task_identifier} ${job.key ?? job.id}: dead after ${job.attempts} attempts`));
  const runner: Runner = await run({
    events,
    pgPool: options.pool,
    schema,
    taskList,
    concurrency: options.concurrency,
    pollInterval: options.pollMs ?? 1000,
    noHandleSignals: true,
    logger: quietLogger(),
    // Fetch a few jobs per round trip and complete them in batches: the queue's cost per job is
    // what limits throughput when scoring is I/O-bound (docs/BENCHMARKS.md, bench/workers.ts).
    preset: { worker: { localQueue: { size: options.concurrency + 1 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
  await beat().catch((error: unknown) => options.onEvent?.(`heartbeat failed: ${(error as Error).message}`));
  const timer = setInterval(() => void beat().catch((error: unknown) => options.onEvent?.(`heartbeat failed: ${(error as Error).message}`)), options.heartbeatMs ?? 2000);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    await runner.stop();
    await queue.leave(id).catch(() => undefined);
    await utils.release();
  };
  return { id, stop, done: runner.promise.finally(() => clearInterval(timer)) };
}
