// Issue #5 figures: 1,000 repositories with two years of weekly history (18 checks per run):
// report generation, the overview page served, the store's size.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { recordScore, type DatabaseFile } from '../src/monitor/formats/database.js';
import { renderMonitorReport, reportRows } from '../src/monitor/report.js';
import { startDashboard } from '../src/serve/server.js';
import type { RepoOutcome, RepoRef } from '../src/monitor/types.js';

const REPOS = 1000;
const WEEKS = 104;
const CHECKS = ['Binary-Artifacts', 'Branch-Protection', 'CI-Tests', 'CII-Best-Practices', 'Code-Review', 'Contributors', 'Dangerous-Workflow', 'Dependency-Update-Tool', 'Fuzzing', 'License', 'Maintained', 'Packaging', 'Pinned-Dependencies', 'SAST', 'Security-Policy', 'Signed-Releases', 'Token-Permissions', 'Vulnerabilities'];

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-monitor-'));
const dbPath = join(dir, 'vigil.db');
const opened = openSqliteStore(dbPath);
const store = opened.monitor;
const refs: RepoRef[] = Array.from({ length: REPOS }, (_, index) => ({ platform: 'github.com', org: `org${index % 10}`, repo: `repo-${index}` }));
let seed = 42;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

let database: DatabaseFile = {};
const fillStart = performance.now();
for (let week = 0; week < WEEKS; week++) {
  const date = new Date(Date.UTC(2024, 10, 25) + week * 7 * 86_400_000).toISOString().slice(0, 10);
  const runId = await store.beginRun('bench', `${date}T00:00:00Z`);
  const outcomes: RepoOutcome[] = refs.map((ref, index) => {
    const checks = CHECKS.map((name) => ({ name, score: Math.floor(random() * 11), reason: `${name} reason` }));
    const score = Math.round((checks.reduce((sum, check) => sum + check.score, 0) / checks.length) * 10) / 10;
    return { ref, ok: true, score, date, commit: (index * 7919 + week).toString(16).padStart(40, '0'), checks };
  });
  await store.recordMany(runId, outcomes, `${date}T00:00:00Z`);
  await store.finishRun(runId, `${date}T00:00:00Z`);
  if (week >= WEEKS - 2) for (const outcome of outcomes) if (outcome.ok) database = recordScore(database, outcome.ref, { score: outcome.score, date: outcome.date, commit: outcome.commit });
}
const fillSeconds = (performance.now() - fillStart) / 1000;
new (await import('better-sqlite3')).default(dbPath).pragma('wal_checkpoint(PASSIVE)');
const storeMb = statSync(dbPath).size / 1024 / 1024;

const time = async (work: () => unknown, runs = 5): Promise<number> => {
  await work();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
};

const reportMs = await time(async () => renderMonitorReport(reportRows(database, refs, await store.latest(2))));
const startedAt = performance.now();
const dashboard = await startDashboard(opened, { port: 0 });
const warmMs = performance.now() - startedAt;
const pageSamples: number[] = [];
let bytes = 0;
let coldMs = 0;
for (let run = 0; run < 6; run++) {
  const start = performance.now();
  const response = await fetch(dashboard.url);
  bytes = (await response.arrayBuffer()).byteLength;
  if (run === 0) coldMs = performance.now() - start;
  else pageSamples.push(performance.now() - start);
}
await dashboard.close();
await opened.close();
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dbPath);
const overviewMs = pageSamples.sort((a, b) => a - b)[Math.floor(pageSamples.length / 2)]!;

console.log(`monitor: ${REPOS} repositories × ${WEEKS} weekly runs × ${CHECKS.length} checks (${(REPOS * WEEKS).toLocaleString('en')} points) recorded in ${fillSeconds.toFixed(1)} s`);
console.log(`  report generation (database + store, median of 5): ${reportMs.toFixed(0)} ms   (target < 1000 ms)`);
console.log(`  overview and heat map rendered from the store ahead of visitors (server start; again within 2 s of a recorded run): ${warmMs.toFixed(0)} ms`);
console.log(`  overview page served, first visit (${(bytes / 1024).toFixed(0)} KiB): ${coldMs.toFixed(0)} ms   (target < 200 ms)`);
console.log(`  overview page served, later visits (median of 5): ${overviewMs.toFixed(0)} ms   (target < 200 ms)`);
console.log(`  store size: ${storeMb.toFixed(0)} MB   (target < 200 MB)`);
