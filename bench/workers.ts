// Issue #19 figures: 2,000 generated repositories scored through the job queue by 1, 2 and 4
// `vigil worker` processes (I/O-bound: each score is a Scorecard API answer after 40 ms, from a
// local fake), the queue's own per-job overhead and latency, and one machine on SQLite vs
// PostgreSQL. Needs VIGIL_TEST_POSTGRES_URL (a server it may create schemas on).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from 'graphile-worker';
import { startFakeScorecardApi } from '../test/fake-scorecard-api.js';
import { projectRoot } from '../test/fixtures.js';
import { freshSchema, postgresUrl } from '../test/postgres.js';
import { runMonitor } from '../src/monitor/run.js';
import { scorecardApiSource } from '../src/monitor/sources/api.js';
import type { RepoRef } from '../src/monitor/types.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { addJobs, enqueueMonitorRun, openQueue, quietLogger } from '../src/workers/queue.js';

if (!postgresUrl) {
  console.log('workers: set VIGIL_TEST_POSTGRES_URL to measure the queue (skipped)');
  process.exit(0);
}
const REPOS = Number(process.env.BENCH_REPOS ?? 2000);
const LATENCY_MS = 40;
const CONCURRENCY = 4;
// BENCH_CPU_PROF=<dir>: each worker process writes a V8 CPU profile there (<dir>/w<N>/) on exit.
const CPU_PROF = process.env.BENCH_CPU_PROF;
// BENCH_PROCESSES=1,4: only these scaling rows; BENCH_SCALING_ONLY=1 skips the overhead and single-machine rows.
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1,2,4').split(',').map(Number);
const SCALING_ONLY = process.env.BENCH_SCALING_ONLY === '1';
// BENCH_WARMUP=<n>: each worker process first scores ~n other repositories (not measured), as a
// long-lived `vigil worker` has: a fresh process's first ~100 jobs cost more (its JIT warms up).
const WARMUP = Number(process.env.BENCH_WARMUP ?? 0);
// BENCH_OLD_KEEPALIVE=1: the scaling rows also with the fake API's old 1 s keep-alive hint, under
// which fetch opened a new connection for every answer (before/after in one run).
const KEEPALIVES: (number | undefined)[] = process.env.BENCH_OLD_KEEPALIVE === '1' ? [1000, undefined] : [undefined];
const refs: RepoRef[] = Array.from({ length: REPOS }, (_, index) => ({ platform: 'github.com', org: `org${index % 20}`, repo: `repo-${index}` }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withStore<T>(label: string, work: (store: Awaited<ReturnType<typeof openPostgresStore>>, url: string, queueSchema: string) => Promise<T>): Promise<T> {
  const schema = await freshSchema(label);
  const store = await openPostgresStore(schema.url, { poolSize: 8 });
  const queueSchema = `${schema.schema}_q`;
  try {
    return await work(store, schema.url, queueSchema);
  } finally {
    await store.pool.query(`DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`);
    await store.close();
    await schema.drop();
  }
}

/** N worker processes score every repository; the clock runs from enqueue to the run's finish. */
/** user + system CPU seconds of a process so far (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function scoreWithWorkers(processes: number, keepAliveMs?: number): Promise<{ seconds: number; perSecond: number; workerCpuMs: number; benchCpuMs: number }> {
  const api = await startFakeScorecardApi({ delayMs: LATENCY_MS, ...(keepAliveMs === undefined ? {} : { keepAliveMs }) });
  try {
    return await withStore(`bench_w${processes}`, async (store, url, queueSchema) => {
      await (await openQueue(store.pool, queueSchema)).release();
      // A worker's stderr goes to a file: a worker that dies mid-run is named with its last words.
      const workers: ChildProcess[] = Array.from({ length: processes }, (_, index) =>
        spawn(process.execPath, [...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(CPU_PROF, `w${processes}`)}`] : []), 'dist/cli/main.js', 'worker', '--db', url, '--queue-schema', queueSchema, '--concurrency', String(CONCURRENCY)], { cwd: projectRoot, stdio: ['ignore', 'ignore', openSync(join(tmpdir(), `vigil-bench-worker-${processes}-${index}.log`), 'w')], env: { ...process.env, GITHUB_TOKEN: '' } }),
      );
      try {
        while ((await store.queue.workers()).length < processes) await sleep(50);
        // CPU, not wall, is what a loaded shared machine can compare: the workers' (from /proc,
        // start-up excluded) and this process's (the fake API, the polling).
        if (WARMUP > 0) {
          const warm = Array.from({ length: WARMUP * processes }, (_, index): RepoRef => ({ platform: 'github.com', org: 'warmup', repo: `warm-${index}` }));
          const { runId } = await enqueueMonitorRun({ pool: store.pool, schema: queueSchema, monitor: store.monitor, refs: warm, source: { kind: 'api', baseUrl: api.url }, now: new Date() });
          while ((await store.queue.progress([runId]))[0]!.finishedAt === null) await sleep(25);
        }
        const workerCpuBefore = workers.reduce((sum, worker) => sum + cpuSeconds(worker.pid!), 0);
        const ownCpuBefore = process.cpuUsage();
        const start = performance.now();
        const { runId } = await enqueueMonitorRun({ pool: store.pool, schema: queueSchema, monitor: store.monitor, refs, source: { kind: 'api', baseUrl: api.url }, now: new Date() });
        while ((await store.queue.progress([runId]))[0]!.finishedAt === null) {
          const dead = workers.findIndex((worker) => worker.exitCode !== null || worker.signalCode !== null);
          if (dead >= 0) throw new Error(`worker ${dead} of ${processes} exited (${workers[dead]!.exitCode ?? workers[dead]!.signalCode}) mid-run; its stderr: ${join(tmpdir(), `vigil-bench-worker-${processes}-${dead}.log`)}`);
          await sleep(25);
        }
        const seconds = (performance.now() - start) / 1000;
        const workerCpu = workers.reduce((sum, worker) => sum + cpuSeconds(worker.pid!), 0) - workerCpuBefore;
        const own = process.cpuUsage(ownCpuBefore);
        return { seconds, perSecond: REPOS / seconds, workerCpuMs: (workerCpu * 1000) / REPOS, benchCpuMs: (own.user + own.system) / 1000 / REPOS };
      } finally {
        for (const worker of workers) worker.kill('SIGTERM');
        await Promise.all(workers.map((worker) => new Promise((resolve) => (worker.exitCode === null ? worker.once('exit', resolve) : resolve(null)))));
      }
    });
  } finally {
    await api.close();
  }
}

/** The queue alone: no-op jobs through graphile-worker on the store's pool, one at a time and four at a time. */
async function queueOverhead(): Promise<{ serialMs: number; concurrentMs: number; latencyMs: number }> {
  return withStore('bench_overhead', async (store, _url, queueSchema) => {
    await (await openQueue(store.pool, queueSchema)).release();
    const measure = async (concurrency: number): Promise<number> => {
      let done = 0;
      const runner = await run({ pgPool: store.pool, schema: queueSchema, concurrency, noHandleSignals: true, pollInterval: 1000, logger: quietLogger(), taskList: { noop: async () => void done++ }, preset: { worker: { localQueue: { size: concurrency + 1 }, completeJobBatchDelay: 0 } } });
      const start = performance.now();
      await addJobs(store.pool, queueSchema, refs.map((ref, index) => ({ kind: 'noop' as never, payload: { index } as never, lease: `n:${concurrency}:${index}`, key: `noop:${concurrency}:${index}:${ref.repo}` })));
      while (done < REPOS) await sleep(5);
      const ms = (performance.now() - start) / REPOS;
      await runner.stop();
      return ms;
    };
    const serialMs = await measure(1);
    const concurrentMs = await measure(CONCURRENCY);
    // Latency: one job at a time into an idle worker (LISTEN/NOTIFY wakes it), enqueue → start.
    const latencies: number[] = [];
    const runner = await run({ pgPool: store.pool, schema: queueSchema, concurrency: 1, noHandleSignals: true, pollInterval: 1000, logger: quietLogger(), taskList: { ping: async (payload) => void latencies.push(Date.now() - (payload as { at: number }).at) } });
    for (let index = 0; index < 200; index++) {
      await addJobs(store.pool, queueSchema, [{ kind: 'ping' as never, payload: { at: Date.now() } as never, lease: `p:${index}`, key: `ping:${index}` }]);
      await sleep(10);
    }
    while (latencies.length < 200) await sleep(10);
    await runner.stop();
    latencies.sort((a, b) => a - b);
    return { serialMs, concurrentMs, latencyMs: latencies[100]! };
  });
}

/** One machine, no queue: `vigil monitor run --parallel 4` recording into SQLite or PostgreSQL. */
async function singleMachine(backend: 'sqlite' | 'postgres'): Promise<number> {
  const api = await startFakeScorecardApi({ delayMs: 0 });
  const source = scorecardApiSource({ baseUrl: api.url, retries: 0 });
  try {
    if (backend === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-workers-'));
      const store = openSqliteStore(join(dir, 'vigil.db'));
      const start = performance.now();
      await runMonitor({ refs, source, store: store.monitor, parallelism: CONCURRENCY, now: new Date() });
      const seconds = (performance.now() - start) / 1000;
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      return seconds;
    }
    return await withStore('bench_single', async (store) => {
      const start = performance.now();
      await runMonitor({ refs, source, store: store.monitor, parallelism: CONCURRENCY, now: new Date() });
      return (performance.now() - start) / 1000;
    });
  } finally {
    await api.close();
  }
}

if (!SCALING_ONLY) {
  const overhead = await queueOverhead();
  console.log(`queue overhead per no-op job: ${overhead.serialMs.toFixed(2)} ms one at a time, ${overhead.concurrentMs.toFixed(2)} ms with ${CONCURRENCY} at once; enqueue→start latency median ${overhead.latencyMs} ms (goal < 5 ms per job)`);
}
for (const keepAliveMs of KEEPALIVES) {
  const api = `${keepAliveMs === undefined ? 'API keeping connections' : `API hinting keep-alive ${keepAliveMs} ms (a connection per answer)`}${WARMUP > 0 ? `, workers warmed by ${WARMUP} jobs each` : ''}`;
  const scaling: Record<number, Awaited<ReturnType<typeof scoreWithWorkers>>> = {};
  for (const processes of PROCESSES) {
    scaling[processes] = await scoreWithWorkers(processes, keepAliveMs);
    const figure = scaling[processes]!;
    console.log(`${api}: ${REPOS} repositories, ${processes} worker process(es) × ${CONCURRENCY}: ${figure.seconds.toFixed(1)} s, ${figure.perSecond.toFixed(0)} repositories/s; CPU per repository: workers ${figure.workerCpuMs.toFixed(1)} ms, fake API and bench ${figure.benchCpuMs.toFixed(1)} ms (load average ${loadavg()[0]!.toFixed(1)})`);
  }
  for (const processes of PROCESSES.filter((count) => count > 1 && scaling[1])) console.log(`${api}: ${processes} workers vs 1: ${(scaling[processes]!.perSecond / scaling[1]!.perSecond).toFixed(2)}×${processes === 4 ? ' (goal ≥ 1.8×)' : ''}`);
}
if (!SCALING_ONLY) {
  const sqlite = await singleMachine('sqlite');
  const postgres = await singleMachine('postgres');
  console.log(`one machine, no queue, ${REPOS} repositories, API answering at once: SQLite ${sqlite.toFixed(2)} s (${((sqlite * 1000) / REPOS).toFixed(2)} ms/repo), PostgreSQL ${postgres.toFixed(2)} s (${((postgres * 1000) / REPOS).toFixed(2)} ms/repo)`);
}
