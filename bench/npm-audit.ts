// Issue #3 figure: Vigil side by side with npm's own audit engine, on the same 5,000-package
// lockfile and the same advisories. npm audit is pointed at a local registry that answers its
// bulk advisory endpoint from Vigil's store (`npm audit --registry http://127.0.0.1:PORT`), so
// both see identical data. The findings must be the same; the speed ratio is reported (target ≥ 10x).
//
// On real inputs (#15): BENCH_PROJECT=<a project with package-lock.json> BENCH_DB=<an advisory
// store, e.g. the security-wg data imported> compares them on that project and store instead; the
// CLI runs are then the `vigil` executable (dist/cli/vigil.cjs) with that store.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../test/fixtures.js';
import { inventoryPath } from '../src/inventory/index.js';
import { runReview } from '../src/review/index.js';
import { median, timeIt } from './measure.js';
import { openAdvisoryStore } from '../src/store/open.js';
import { buildStore, TOTAL, writeLockfileProject } from './review/data.js';
import { startBulkAdvisoryServer } from './review/npm-bulk.js';

const run = promisify(execFile);
const PACKAGES = Number(process.env.BENCH_LOCKFILE_PACKAGES ?? 5000);
const realProject = process.env.BENCH_PROJECT;
const realDb = process.env.BENCH_DB;
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-npm-audit-'));
const store = realDb ? await openAdvisoryStore(realDb, { readonly: true }) : await buildStore(dir);
const project = realProject ?? join(dir, 'project');
if (!realProject) writeLockfileProject(project, PACKAGES);
const server = await startBulkAdvisoryServer(store, new Map());
const env = { ...process.env, npm_config_cache: join(dir, 'npm-cache'), npm_config_audit_level: 'none', npm_config_update_notifier: 'false' };

interface NpmAudit {
  vulnerabilities: Record<string, { via: (string | { name: string; url: string })[] }>;
}

/** One `npm audit` run: the findings as name → advisory ids, and the wall time. */
async function npmAudit(): Promise<{ pairs: Set<string>; ms: number }> {
  const start = performance.now();
  // npm audit exits 1 when it finds anything; its JSON is on stdout either way.
  const { stdout } = await run('npm', ['audit', '--json', '--package-lock-only', '--registry', `${server.url}/`], { cwd: project, env, maxBuffer: 1 << 30 }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const ms = performance.now() - start;
  const report = JSON.parse(stdout) as NpmAudit;
  const pairs = new Set<string>();
  for (const vulnerability of Object.values(report.vulnerabilities ?? {})) {
    for (const via of vulnerability.via) if (typeof via === 'object') pairs.add(`${via.name} ${via.url.split('/').pop()}`);
  }
  return { pairs, ms };
}

const now = new Date('2026-11-23T00:00:00Z');
async function vigil() {
  const inventory = await inventoryPath(project);
  return runReview({ inventories: [{ inventory }], lookup: store, triage: { file: null, entries: [] }, now });
}

const report = await vigil();
// A finding is the same as npm's when npm names one of its advisory ids (the record's id; Vigil
// lists its aliases too) for the same package.
const vigilFindings = report.targets.flatMap((target) => target.findings.map((finding) => ({ pair: `${finding.package} ${finding.advisoryIds[0] ?? ''}`, keys: finding.advisoryIds.map((id) => `${finding.package} ${id}`) })));
const vigilKeys = new Set(vigilFindings.flatMap((finding) => finding.keys));
const vigilPairs = new Set(vigilFindings.map((finding) => finding.pair));
const npmRuns = [];
for (let index = 0; index < 3; index++) npmRuns.push(await npmAudit());
const npmPairs = npmRuns[0]?.pairs ?? new Set<string>();
const onlyNpm = [...npmPairs].filter((pair) => !vigilKeys.has(pair));
const onlyVigil = vigilFindings.filter((finding) => !finding.keys.some((key) => npmPairs.has(key))).map((finding) => finding.pair);
const npmMs = median(npmRuns.map((entry) => entry.ms));
const warmMs = await timeIt(vigil, 5, 1);
await store.close();

console.log(`load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`);
console.log(`same lockfile (${realProject ?? `${PACKAGES} packages`}), same advisories (${realDb ?? `${TOTAL.toLocaleString('en')}-record store`}, served to npm through its bulk endpoint: ${server.bulkRequests} requests)`);
console.log(`findings: npm audit ${npmPairs.size}, Vigil ${vigilPairs.size}; only npm: ${onlyNpm.length}, only Vigil: ${onlyVigil.length} ${onlyNpm.length + onlyVigil.length === 0 ? '(identical)' : `DIFFER: ${[...onlyNpm, ...onlyVigil].slice(0, 5).join(', ')}`}`);
console.log(`npm audit --package-lock-only (npm ${(await run('npm', ['--version'], { env })).stdout.trim()}), median of 3: ${npmMs.toFixed(0)} ms`);
console.log(`vigil review, warm in-process, median of 5: ${warmMs.toFixed(0)} ms  -> ${(npmMs / warmMs).toFixed(1)}x faster (target >= 10x)`);
// The CLI as a user runs it: a fresh process, store opened, inventory, review, JSON out. The built
// CLI (`npm run build`) when there is one, else the sources through tsx (slower to start).
const built = join(projectRoot, 'dist', 'cli', 'vigil.cjs');
const cliArgs = existsSync(built) ? [built] : ['--import', 'tsx', join(projectRoot, 'src/cli/main.ts')];
const cliTimes: number[] = [];
for (let index = 0; index < (realProject ? 11 : 3); index++) {
  const start = performance.now();
  await run(process.execPath, [...cliArgs, 'review', project, '--json', '--fail-on', 'none'], { env: { ...process.env, VIGIL_DB: realDb ?? join(dir, 'vigil.db') }, maxBuffer: 1 << 30 });
  cliTimes.push(performance.now() - start);
}
const cliMs = median(cliTimes);
await server.close();

console.log(`vigil review CLI, fresh process each (${existsSync(built) ? 'built dist/' : 'tsx, uncompiled'}), median of ${cliTimes.length}: ${cliMs.toFixed(0)} ms  -> ${(npmMs / cliMs).toFixed(1)}x faster`);
rmSync(dir, { recursive: true, force: true });
if (onlyNpm.length + onlyVigil.length > 0) process.exitCode = 1;
