// Issue #15 figures on real trees, side by side in one run: bare `node -e 0`, `vigil --version`,
// `vigil inventory`, `vigil review` (the built `vigil` executable, fresh process each) and
// `npm ls --all --json`. BENCH_BASELINE=<another checkout's dist/cli/vigil.cjs> times that build
// too, in the same run, alternating with this one (before/after a change).
// Trees: `node --import tsx bench/real-trees.ts <dir>...`, or BENCH_TREES=dir:dir; each is an
// installed project (`npm install --ignore-scripts` of a real app, `npm pack npm@10` unpacked for
// Node's deps/npm). Store: BENCH_DB (a SQLite file; default: security-wg vuln/ imported afresh).
// Figures are the minimum over BENCH_RUNS (default 5) runs of wall time and of CPU time (user + system, GNU time).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, projectRoot } from '../test/fixtures.js';

const cli = join(projectRoot, 'dist', 'cli', 'vigil.cjs');
if (!existsSync(join(projectRoot, 'dist', 'cli', 'bundle', 'main.mjs'))) throw new Error('npm run build first');
const baseline = process.env.BENCH_BASELINE;
if (baseline && !existsSync(baseline)) throw new Error(`BENCH_BASELINE: ${baseline} does not exist`);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const trees = process.argv.slice(2).length ? process.argv.slice(2) : (process.env.BENCH_TREES ?? '').split(':').filter(Boolean);
if (trees.length === 0) {
  console.log('real-trees: skipped (give installed project directories as arguments or BENCH_TREES)');
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'vigil-bench-trees-'));
const db = process.env.BENCH_DB ?? join(work, 'wg.db');
if (!process.env.BENCH_DB) execFileSync(process.execPath, [cli, 'db', 'import', fixture('security-wg', 'vuln'), '--db', db], { stdio: 'ignore' });
const timeFile = join(work, 'time');

/** Minimum wall and CPU seconds over `runs` runs of a command. */
function measure(command: string[], cwd: string, runs = RUNS): { wall: number; cpu: number } {
  let wall = Infinity;
  let cpu = Infinity;
  for (let run = 0; run < runs; run++) {
    spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %U %S', ...command], { cwd, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    const [e, u, s] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    wall = Math.min(wall, e ?? Infinity);
    cpu = Math.min(cpu, (u ?? 0) + (s ?? 0));
  }
  return { wall, cpu };
}

const node = process.execPath;
const bare = measure([node, '-e', '0'], projectRoot);
const version = measure([node, cli, '--version'], projectRoot);
console.log(`load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores, ${process.version}`);
console.log(`node -e 0: wall ${bare.wall.toFixed(2)} s, cpu ${bare.cpu.toFixed(2)} s; vigil --version: wall ${version.wall.toFixed(2)} s (${(version.wall / bare.wall).toFixed(2)}x), cpu ${version.cpu.toFixed(2)} s`);
/** Both builds' runs of one command, alternated run by run so that both see the same load. */
function paired(args: string[]): { after: { wall: number; cpu: number }; before?: { wall: number; cpu: number } } {
  const after = { wall: Infinity, cpu: Infinity };
  const before = { wall: Infinity, cpu: Infinity };
  for (let run = 0; run < RUNS; run++) {
    for (const [build, best] of [[cli, after], ...(baseline ? [[baseline, before]] : [])] as [string, { wall: number; cpu: number }][]) {
      const one = measure([node, build, ...args], projectRoot, 1);
      best.wall = Math.min(best.wall, one.wall);
      best.cpu = Math.min(best.cpu, one.cpu);
    }
  }
  return baseline ? { after, before } : { after };
}
const figures = (m: { wall: number; cpu: number }) => `wall ${m.wall.toFixed(2)} s, cpu ${m.cpu.toFixed(2)} s`;
for (const tree of trees) {
  const inventory = paired(['inventory', tree, '--format', 'json']);
  const review = paired(['review', tree, '--json', '--fail-on', 'none', '--db', db]);
  const npmLs = measure(['npm', 'ls', '--all', '--json'], tree);
  const packages = (JSON.parse(execFileSync(node, [cli, 'inventory', tree, '--format', 'json'], { maxBuffer: 1 << 30 }).toString()) as { packages: unknown[] }).packages.length;
  console.log(`${tree} (${packages} packages)`);
  console.log(`  npm ls --all --json: ${figures(npmLs)}`);
  for (const [label, pick] of [['this build', 'after'], ['baseline', 'before']] as const) {
    const inv = inventory[pick];
    const rev = review[pick];
    if (!inv || !rev) continue;
    console.log(`  ${label}: vigil inventory ${figures(inv)} -> inventory/npm ls ${(inv.wall / npmLs.wall).toFixed(2)} wall, ${(inv.cpu / npmLs.cpu).toFixed(2)} cpu (goal <= 0.25)`);
    console.log(`  ${label}: vigil review ${figures(rev)} = ${(rev.wall / bare.wall).toFixed(1)}x bare node wall, ${(rev.cpu / bare.cpu).toFixed(1)}x cpu`);
  }
}
rmSync(work, { recursive: true, force: true });
