import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { describe, it } from 'node:test';
import type pg from 'pg';
import { startFakeScorecardApi } from '../../test/fake-scorecard-api.js';
import { projectRoot } from '../../test/fixtures.js';
import { freshSchema, skipWithoutPostgres } from '../../test/postgres.js';
import type { RepoRef } from '../monitor/types.js';
import { openPostgresStore } from '../store/postgres/index.js';
import { enqueueMonitorRun, monitorStatus, openQueue } from './queue.js';
import { RateBudget } from './rate-budget.js';
import { startWorker } from './worker.js';

const refs = (count: number, prefix = 'repo'): RepoRef[] => Array.from({ length: count }, (_, index) => ({ platform: 'github.com', org: 'acme', repo: `${prefix}-${index}` }));

/** A `vigil worker` process, as an operator starts one on each machine. */
function workerProcess(url: string, schema: string, concurrency = 2): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--db', url, '--queue-schema', schema, '--concurrency', String(concurrency), '--stale-after', '2'], {
    cwd: projectRoot,
    env: { ...process.env, NO_COLOR: '1', GITHUB_TOKEN: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.setEncoding('utf8');
  let log = '';
  child.stderr!.on('data', (text: string) => void (log += text));
  (child as ChildProcess & { log: () => string }).log = () => log;
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Rows the run recorded per repository: exactly one each, or something was recorded twice. */
async function rowsPerRepository(pool: pg.Pool, runId: number): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ repo: string; n: string }>('SELECT r.repo, count(*) AS n FROM monitor_score s JOIN monitor_repo r ON r.id = s.repo_id WHERE s.run_id = $1 GROUP BY r.repo', [runId]);
  return new Map(rows.map((row) => [row.repo, Number(row.n)]));
}

async function setUp(label: string) {
  const schema = await freshSchema(label);
  const store = await openPostgresStore(schema.url);
  const queueSchema = `${schema.schema}_q`;
  await (await openQueue(store.pool, queueSchema)).release();
  return {
    schema,
    store,
    queueSchema,
    async tearDown() {
      await store.pool.query(`DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`);
      await store.close();
      await schema.drop();
    },
  };
}

describe('workers on a real PostgreSQL', { skip: skipWithoutPostgres, concurrency: false, timeout: 180_000 }, () => {
  it('a worker killed mid-job: the job runs again on another worker, nothing is recorded twice', async () => {
    const env = await setUp('killed');
    const api = await startFakeScorecardApi({ hang: ['repo-3'] });
    const workers: ChildProcess[] = [];
    try {
      const { runId } = await enqueueMonitorRun({ pool: env.store.pool, schema: env.queueSchema, monitor: env.store.monitor, refs: refs(10), source: { kind: 'api', baseUrl: api.url }, now: new Date('2026-11-23T00:00:00Z') });
      const first = workerProcess(env.schema.url, env.queueSchema);
      workers.push(first);
      await api.arrived('repo-3');
      await until('the other nine recorded', async () => (await env.store.queue.progress([runId]))[0]!.recorded === 9);
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      api.release('repo-3');
      assert.equal((await env.store.queue.progress([runId]))[0]!.finishedAt, null, 'the killed job is not done');
      workers.push(workerProcess(env.schema.url, env.queueSchema));
      await until('the run to finish', async () => (await env.store.queue.progress([runId]))[0]!.finishedAt !== null);
      const rows = await rowsPerRepository(env.store.pool, runId);
      assert.equal(rows.size, 10);
      assert.deepEqual([...rows.values()].filter((n) => n !== 1), [], 'one row per repository');
      assert.equal(api.requests.get('repo-3'), 2, 'the killed job was run again');
      const [status] = await monitorStatus(env.store.pool, env.queueSchema, env.store.queue, runId);
      assert.deepEqual([status!.recorded, status!.waiting, status!.running, status!.dead.length], [10, 0, 0, 0]);
    } finally {
      for (const worker of workers) await stopProcess(worker);
      await api.close();
      await env.tearDown();
    }
  });

  it('two workers racing for the same jobs: each repository scored once per run, never two at once', async () => {
    const env = await setUp('racing');
    const api = await startFakeScorecardApi({ delayMs: 20 });
    const workers = [workerProcess(env.schema.url, env.queueSchema, 4), workerProcess(env.schema.url, env.queueSchema, 4)];
    try {
      // Both workers must be polling before the jobs arrive, or one may run them all and nothing
      // races. Starting a worker (tsx compiling the CLI) is most of the time on a loaded machine:
      // it is waited for on its own, by heartbeat, not charged to the run.
      await until('both workers to start', async () => (await env.store.queue.workers()).length === 2, 120_000);
      const options = { pool: env.store.pool, schema: env.queueSchema, monitor: env.store.monitor, refs: refs(24), source: { kind: 'api' as const, baseUrl: api.url } };
      // Two runs of the same 24 repositories at once: the per-repository lease keeps them apart.
      const first = await enqueueMonitorRun({ ...options, now: new Date('2026-11-23T00:00:00Z') });
      const second = await enqueueMonitorRun({ ...options, now: new Date('2026-11-23T00:00:01Z') });
      await until('both runs to finish', async () => (await env.store.queue.progress([first.runId, second.runId])).every((run) => run.finishedAt !== null));
      for (const run of [first, second]) {
        const rows = await rowsPerRepository(env.store.pool, run.runId);
        assert.equal(rows.size, 24);
        assert.deepEqual([...rows.values()].filter((n) => n !== 1), []);
      }
      assert.deepEqual([...new Set(api.requests.values())], [2], 'every repository asked once per run');
      // Progress is counted as results are recorded (step 7): each run is finished by exactly one job of one worker.
      const logs = workers.map((worker) => (worker as ChildProcess & { log: () => string }).log()).join('\n');
      for (const run of [first, second]) assert.equal(logs.split('\n').filter((line) => line.includes(`run ${run.runId} finished`)).length, 1, logs);
      const progress = await env.store.queue.progress([first.runId, second.runId]);
      assert.deepEqual(progress.map((run) => [run.recorded, run.failed]), [[24, 0], [24, 0]], 'counted once per repository');
      assert.equal(api.maxOverlap(), 1, 'never two requests for one repository at once');
    } finally {
      for (const worker of workers) await stopProcess(worker);
      await api.close();
      await env.tearDown();
    }
  });

  it('retries with backoff, a dead-letter state with the error, and no retry of a repository that is gone', async () => {
    const env = await setUp('retries');
    const api = await startFakeScorecardApi({ failTimes: { 'repo-1': 1, 'repo-2': 99 }, gone: ['repo-3'] });
    const events: string[] = [];
    const worker = await startWorker({
      pool: env.store.pool,
      schema: env.queueSchema,
      concurrency: 2,
      pollMs: 200,
      context: { store: env.store, queue: env.store.queue, github: { baseUrl: 'http://127.0.0.1:1', token: undefined }, clonesDirectory: '/nonexistent', budget: new RateBudget(env.store.queue), log: () => undefined },
      onEvent: (message) => events.push(message),
    });
    try {
      const { runId } = await enqueueMonitorRun({ pool: env.store.pool, schema: env.queueSchema, monitor: env.store.monitor, refs: refs(4), source: { kind: 'api', baseUrl: api.url }, now: new Date('2026-11-23T00:00:00Z'), maxAttempts: 2 });
      await until('the run to finish', async () => (await env.store.queue.progress([runId]))[0]!.finishedAt !== null, 30_000);
      const [status] = await monitorStatus(env.store.pool, env.queueSchema, env.store.queue, runId);
      assert.equal(status!.recorded, 4);
      assert.equal(status!.failed, 2, 'repo-2 (dead) and repo-3 (gone) are recorded as failed');
      assert.deepEqual(status!.dead.map((job) => job.repository), ['github.com/acme/repo-2']);
      assert.match(status!.dead[0]!.error, /503/);
      assert.equal(api.requests.get('repo-1'), 2, 'a 503 is retried');
      assert.equal(api.requests.get('repo-2'), 2, 'up to the attempts allowed');
      assert.equal(api.requests.get('repo-3'), 1, 'a repository that is gone is not retried');
      assert.ok(events.some((event) => /repo-2: dead after 2 attempts/.test(event)), events.join('\n'));
      const history = await env.store.monitor.runs(1);
      assert.deepEqual(history[0]!.failed.map((failure) => failure.ref.repo).sort(), ['repo-2', 'repo-3']);
    } finally {
      await worker.stop();
      await api.close();
      await env.tearDown();
    }
  });

  // Alone, never beside other PostgreSQL tests: .ci/run runs it after the suite with VIGIL_TEST_PG_RESTART=1.
  const restartable = process.getuid?.() === 0 && process.env.VIGIL_TEST_PG_RESTART === '1' && spawnSync('pg_lsclusters', ['-h']).status === 0;
  it(
    'the database restarted during a run: workers reconnect and finish, nothing recorded twice',
    { skip: restartable ? false : 'restarts the PostgreSQL cluster: runs as root with VIGIL_TEST_PG_RESTART=1, alone (.ci/run does): it interrupts every test using the server' },
    async () => {
      const env = await setUp('restart');
      const api = await startFakeScorecardApi({ delayMs: 100 });
      const workers = [workerProcess(env.schema.url, env.queueSchema, 3), workerProcess(env.schema.url, env.queueSchema, 3)];
      try {
        // Both workers must be running when the server goes away: start-up is waited for on its own.
        await until('both workers to start', async () => (await env.store.queue.workers()).length === 2, 120_000);
        const { runId } = await enqueueMonitorRun({ pool: env.store.pool, schema: env.queueSchema, monitor: env.store.monitor, refs: refs(60), source: { kind: 'api', baseUrl: api.url }, now: new Date('2026-11-23T00:00:00Z') });
        await until('a third of the run recorded', async () => (await env.store.queue.progress([runId]))[0]!.recorded >= 20);
        const [version] = String(spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).stdout).split(/\s+/);
        const restart = spawnSync('pg_ctlcluster', [version!, 'main', 'restart'], { encoding: 'utf8' });
        assert.equal(restart.status, 0, restart.stderr);
        await until('the run to finish', async () => {
          try {
            return (await env.store.queue.progress([runId]))[0]!.finishedAt !== null;
          } catch {
            return false; // this test's own pool reconnects too
          }
        }, 120_000);
        const rows = await rowsPerRepository(env.store.pool, runId);
        assert.equal(rows.size, 60);
        assert.deepEqual([...rows.values()].filter((n) => n !== 1), [], 'one row per repository');
        for (const worker of workers) assert.equal(worker.exitCode, null, `a worker survived the restart: ${(worker as ChildProcess & { log: () => string }).log()}`);
      } finally {
        for (const worker of workers) await stopProcess(worker);
        await api.close();
        await env.tearDown();
      }
    },
  );
});
