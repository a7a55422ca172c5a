// Issue #19: what one scored repository costs the store on the worker's path — `monitor.record`
// (the outcome with 18 checks) and `queue.finishIfComplete` — on PostgreSQL and SQLite, sequentially
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

async function time(monitor: MonitorStore, finish: (runId: number) => Promise<unknown>, prepare: (runId: number) => Promise<unknown> = async () => undefined): Promise<{ recordMs: number; finishMs: number }> {
  const runId = await monitor.beginRun('bench', '2026-12-06T00:00:00Z');
  await prepare(runId);
  // Warm-up (check names interned, statements prepared), not timed.
  for (let index = 0; index < 20; index++) await monitor.record(runId, outcome(N + index), '2026-12-06T00:00:00Z');
  let recordMs = 0;
  let finishMs = 0;
  for (let index = 0; index < N; index++) {
    const start = performance.now();
    await monitor.record(runId, outcome(index), '2026-12-06T00:00:00Z');
    const recorded = performance.now();
    await finish(runId);
    finishMs += performance.now() - recorded;
    recordMs += recorded - start;
  }
  return { recordMs: recordMs / N, finishMs: finishMs / N };
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-record-'));
const sqlite = openSqliteStore(join(dir, 'vigil.db'));
const onSqlite = await time(sqlite.monitor, async () => undefined);
await sqlite.close();
rmSync(dir, { recursive: true, force: true });
console.log(`sqlite: monitor.record ${onSqlite.recordMs.toFixed(2)} ms/call over ${N}`);
if (postgresUrl) {
  const schema = await freshSchema('bench_record');
  const store = await openPostgresStore(schema.url);
  try {
    // The run is a queued one of N + 20 repositories: finishIfComplete counts it after every job, as workers do.
    const onPostgres = await time(
      store.monitor,
      (id) => store.queue.finishIfComplete(id, new Date().toISOString()),
      (id) => store.pool.query('INSERT INTO queue_run (run_id, kind, total, enqueued_at) VALUES ($1, $2, $3, now())', [id, 'monitor', N + 20]),
    );
    console.log(`postgres: monitor.record ${onPostgres.recordMs.toFixed(2)} ms/call, queue.finishIfComplete ${onPostgres.finishMs.toFixed(2)} ms/call over ${N}`);
  } finally {
    await store.close();
    await schema.drop();
  }
}
