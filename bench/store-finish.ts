// Issue #19: what "is this queued run complete?" costs the PostgreSQL server after every job, by run
// size: schema 6 counted the run's scores (`count(DISTINCT repo_id)`), step 7 reads counters kept by
// `monitor.record`. Server execution time from EXPLAIN ANALYZE (median of 21, the two alternated),
// so the figure is the database's work, not round trips or this machine's load.
// `VIGIL_TEST_POSTGRES_URL=… node --import tsx bench/store-finish.ts`
import { freshSchema, postgresUrl } from '../test/postgres.js';
import type { RepoOutcome } from '../src/monitor/types.js';
import { openPostgresStore } from '../src/store/postgres/index.js';

const SIZES = (process.env.BENCH_SIZES ?? '500,2000,20000').split(',').map(Number);
const COUNTING = 'SELECT (SELECT count(DISTINCT repo_id) FROM monitor_score WHERE run_id = $1) >= (SELECT total FROM queue_run WHERE run_id = $1)';
const COUNTED = 'SELECT EXISTS (SELECT 1 FROM queue_run WHERE run_id = $1 AND recorded >= total)';

if (!postgresUrl) {
  console.log('store-finish: set VIGIL_TEST_POSTGRES_URL (skipped)');
} else {
  const schema = await freshSchema('bench_finish');
  const store = await openPostgresStore(schema.url);
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const executionMs = async (sql: string, runId: number): Promise<number> => {
    const { rows } = await store.pool.query<{ 'QUERY PLAN': { 'Execution Time': number }[] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, [runId]);
    return rows[0]!['QUERY PLAN'][0]!['Execution Time'];
  };
  try {
    for (const size of SIZES) {
      // One more than recorded: the run is not complete, as on every job but the last.
      const runId = await store.monitor.beginRun('bench', '2026-12-06T00:00:00Z', size + 1);
      const outcomes: RepoOutcome[] = Array.from({ length: size }, (_, index) => ({ ref: { platform: 'github.com', org: 'bench', repo: `r${size}-${index}` }, ok: true, score: 5, date: '2026-12-06T00:00:00Z', commit: 'a'.repeat(40), checks: [] }));
      await store.monitor.recordMany(runId, outcomes, '2026-12-06T00:00:00Z');
      // recordMany (imports) does not count progress: set what `record` would have counted.
      await store.pool.query('UPDATE queue_run SET recorded = $2 WHERE run_id = $1', [runId, size]);
      await store.pool.query('ANALYZE');
      const counting: number[] = [];
      const counted: number[] = [];
      for (let round = 0; round < 21; round += 1) {
        counting.push(await executionMs(COUNTING, runId));
        counted.push(await executionMs(COUNTED, runId));
      }
      console.log(`run of ${size}: counting the scores ${median(counting).toFixed(3)} ms, counted progress ${median(counted).toFixed(3)} ms (server execution, median of 21)`);
    }
  } finally {
    await store.close();
    await schema.drop();
  }
}
