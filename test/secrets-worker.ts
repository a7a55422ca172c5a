/**
 * The worker's part of the planted-secret matrix (issue #20, test/secrets.test.ts): per hostile
 * server, a queued monitor job (score-repository, Scorecard API source) and an upstream check
 * (check-upstream, which sends the GitHub token) are processed by a real `vigil worker` process with
 * tokens planted in its environment. The worker needs the shared PostgreSQL store, so this part
 * runs only with VIGIL_TEST_POSTGRES_URL. Each job may run once (`maxAttempts: 1`), so the first
 * failure is the last: it is recorded in the run (monitor_score.error) and stays in the queue as
 * the job's last_error, the two places a job's error is stored.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type pg from 'pg';
import { projectRoot } from './fixtures.js';
import { freshSchema } from './postgres.js';
import { startHostileServer, type HostileMode, type HostileServer } from './hostile-servers.js';
import { GITHUB_TOKEN, NVD_KEY } from './secrets-driver.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import { addJobs, enqueueMonitorRun, openQueue, queuedJobs } from '../src/workers/index.js';

export interface WorkerRecord {
  mode: HostileMode;
  /** Everything the worker printed. */
  output: string;
  /** Every row of every table in the store's and the queue's schemas, as text. */
  stored: string;
  /** The jobs' last errors (each job must have failed, and said so). */
  errors: (string | null)[];
  received: HostileServer['received'];
}

async function dumpSchemas(pool: pg.Pool, schemas: string[]): Promise<string> {
  const { rows: tables } = await pool.query<{ schema: string; name: string }>(`SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE'`, [schemas]);
  let text = '';
  for (const table of tables) {
    const { rows } = await pool.query(`SELECT * FROM ${table.schema}."${table.name}"`);
    text += `${table.schema}.${table.name}: ${JSON.stringify(rows)}\n`;
  }
  return text;
}

/** One `vigil worker` process with the planted environment, until both jobs are done (or dead). */
async function runWorker(url: string, queueSchema: string, server: HostileServer, work: string, done: () => Promise<boolean>): Promise<string> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), 'worker', '--queue-schema', queueSchema, '--concurrency', '2', '--stale-after', '5'], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1', GITHUB_TOKEN, NVD_API_KEY: NVD_KEY, GH_TOKEN: '', VIGIL_GITHUB_TOKEN: '', VIGIL_DB: url, VIGIL_GITHUB_API_URL: server.url, VIGIL_HTTP_RETRY_DELAY_MS: '1', XDG_CONFIG_HOME: join(work, 'xdg-config'), XDG_CACHE_HOME: join(work, 'xdg-cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 90_000;
  try {
    while (!(await done())) {
      if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}) before its jobs were done:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the worker did not finish its jobs:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return output;
}

/** Run the worker's jobs against each hostile server; the test greps the records. */
export async function driveWorker(work: string, modes: HostileMode[]): Promise<WorkerRecord[]> {
  const schema = await freshSchema('secrets_worker');
  const store = await openPostgresStore(schema.url);
  const queueSchema = `${schema.schema}_q`;
  const records: WorkerRecord[] = [];
  try {
    await (await openQueue(store.pool, queueSchema)).release();
    for (const mode of modes) {
      const server = await startHostileServer(mode);
      try {
        const now = new Date(Date.UTC(2026, 11, 1, 0, records.length));
        const { runId } = await enqueueMonitorRun({ pool: store.pool, schema: queueSchema, monitor: store.monitor, refs: [{ platform: 'github.com', org: 'nodejs', repo: 'citgm' }], source: { kind: 'api', baseUrl: server.url }, now, maxAttempts: 1 });
        const upstreamKey = `upstream:${mode}`;
        await addJobs(store.pool, queueSchema, [{ kind: 'check-upstream', payload: { project: 'nodejs/node', dependency: 'c-ares', upstream: 'c-ares/c-ares', current: '1.19.1' }, lease: 'upstream:c-ares', key: upstreamKey, maxAttempts: 1 }]);
        const mine = (key: string | null): boolean => key === upstreamKey || (key ?? '').startsWith(`score:${runId}:`);
        const finished = async (): Promise<boolean> => {
          const jobs = (await queuedJobs(store.pool, queueSchema)).filter((job) => mine(job.key));
          // A job that succeeded leaves the queue; one that failed its only attempt stays, dead.
          return jobs.every((job) => job.state === 'dead');
        };
        const output = await runWorker(schema.url, queueSchema, server, work, finished);
        const jobs = (await queuedJobs(store.pool, queueSchema)).filter((job) => mine(job.key));
        records.push({ mode, output, stored: await dumpSchemas(store.pool, [schema.schema, queueSchema]), errors: jobs.map((job) => job.lastError), received: [...server.received] });
      } finally {
        await server.close();
      }
    }
  } finally {
    await store.pool.query(`DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`);
    await store.close();
    await schema.drop();
  }
  return records;
}
