// Issue #19: what one scored repository costs the store on the worker's path — `monitor.record`
// (the outcome with 18 checks) and `monitor.finishIfComplete` — on PostgreSQL and SQLite, sequentially
// (one job's view: latency, round trips included). Needs VIGIL_TEST_POSTGRES_URL for PostgreSQL.
// `BENCH_N=500 node --import tsx bench/store-record.ts`
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshSchema, postgresUrl } from '../test/postgres.js';
import type { RepoOutcome } from '../src/monitor/types.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import type { MonitorStore } from '../src/store/types.js';

const N = Number(process.env.BENCH_N ?? 500);
const CHECKS = ['Binary-Artifacts', 'Branch-Protection', 'CI-Tests', 'CII-Best-Practices', 'Code-Review', 'Contributors', 'Dangerous-Workflow', 'Dependency-Update-Tool', 'Fuzzing', 'License', 'Maintained', 'Packaging', 'Pinned-Dependencies', 'SAST', 'Security-Policy', 'Signed-Releases', 'Token-Permissions', 'Vulnerabilities'];
const outcome = (index: number): RepoOutcome => ({
  ref: { platform: 'github.com', org: `org${index % 20}`, repo: `repo-${index}` },
  ok: true,
  score: 5.5,
  date: '2026-12-06T00:00:00Z',
  commit: 'a'.repeat(40),
  checks: CHECKS.map((name, at) => ({ name, score: at % 11, reason: `reason ${at}`, details: [`Warn: detail ${at}`] })),
});

// The run is a queued one of N + 20 repositories: finishIfComplete is asked after every job, as workers do.
// `counting`: the predicate schema 6 evaluated after every job (the run's scores counted), timed
// right after the counted check, job by job, so both see the same load and the same run size.
async function time(monitor: MonitorStore, counting?: (runId: number) => Promise<unknown>): Promise<{ recordMs: number; finishMs: number; countingMs: number; lastTenthMs: [number, number] }> {
  const runId = await monitor.beginRun('bench', '2026-12-06T00:00:00Z', N + 20);
  // Warm-up (check names interned, statements prepared), not timed.
  for (let index = 0; index < 20; index++) await monitor.record(runId, outcome(N + index), '2026-12-06T00:00:00Z');
  let recordMs = 0;
  let finishMs = 0;
  let countingMs = 0;
  // The last tenth of the run (the largest run size): [counted, counting] per job.
  const lastTenthMs: [number, number] = [0, 0];
  const tenth = Math.max(1, Math.floor(N / 10));
  for (let index = 0; index < N; index++) {
    const start = performance.now();
    await monitor.record(runId, outcome(index), '2026-12-06T00:00:00Z');
    const recorded = performance.now();
    await monitor.finishIfComplete(runId, new Date().toISOString());
    const finished = performance.now();
    if (counting) await counting(runId);
    const counted = performance.now();
    finishMs += finished - recorded;
    countingMs += counted - finished;
    recordMs += recorded - start;
    if (index >= N - tenth) {
      lastTenthMs[0] += (finished - recorded) / tenth;
      lastTenthMs[1] += (counted - finished) / tenth;
    }
  }
  return { recordMs: recordMs / N, finishMs: finishMs / N, countingMs: countingMs / N, lastTenthMs };
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-record-'));
const sqlite = openSqliteStore(join(dir, 'vigil.db'));
const onSqlite = await time(sqlite.monitor);
await sqlite.close();
rmSync(dir, { recursive: true, force: true });
console.log(`sqlite: monitor.record ${onSqlite.recordMs.toFixed(2)} ms/call, monitor.finishIfComplete ${onSqlite.finishMs.toFixed(2)} ms/call over ${N}`);
if (postgresUrl) {
  const schema = await freshSchema('bench_record');
  const store = await openPostgresStore(schema.url);
  try {
    const onPostgres = await time(store.monitor, (runId) =>
      store.pool.query('SELECT (SELECT count(DISTINCT repo_id) FROM monitor_score WHERE run_id = $1) >= (SELECT total FROM queue_run WHERE run_id = $1)', [runId]),
    );
    console.log(`postgres: monitor.record ${onPostgres.recordMs.toFixed(2)} ms/call, monitor.finishIfComplete ${onPostgres.finishMs.toFixed(2)} ms/call over ${N}`);
    console.log(
      `postgres: counted progress ${onPostgres.finishMs.toFixed(2)} ms/job vs counting the run's scores (schema 6) ${onPostgres.countingMs.toFixed(2)} ms/job; ` +
        `last tenth of the run ${onPostgres.lastTenthMs[0].toFixed(2)} vs ${onPostgres.lastTenthMs[1].toFixed(2)} ms/job`,
    );
  } finally {
    await store.close();
    await schema.drop();
  }
}
