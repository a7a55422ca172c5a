// Issue #15 figures on real trees, side by side in one run: bare `node -e 0`, `vigil --version`,
// `vigil inventory`, `vigil review` (built CLI, fresh process each) and `npm ls --all --json`.
// Trees: `node --import tsx bench/real-trees.ts <dir>...`, or BENCH_TREES=dir:dir; each is an
// installed project (`npm install --ignore-scripts` of a real app, `npm pack npm@10` unpacked for
// Node's deps/npm). Store: BENCH_DB (a SQLite file; default: security-wg vuln/ imported afresh).
// Figures are the minimum over 5 runs of wall time and of CPU time (user + system, GNU time).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, projectRoot } from '../test/fixtures.js';

const cli = join(projectRoot, 'dist', 'cli', 'main.js');
if (!existsSync(cli)) throw new Error('npm run build first');
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
function measure(command: string[], cwd: string, runs = 5): { wall: number; cpu: number } {
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
for (const tree of trees) {
  const inventory = measure([node, cli, 'inventory', tree, '--format', 'json'], projectRoot);
  const review = measure([node, cli, 'review', tree, '--json', '--fail-on', 'none', '--db', db], projectRoot);
  const npmLs = measure(['npm', 'ls', '--all', '--json'], tree);
  const packages = (JSON.parse(execFileSync(node, [cli, 'inventory', tree, '--format', 'json'], { maxBuffer: 1 << 30 }).toString()) as { packages: unknown[] }).packages.length;
  console.log(`${tree} (${packages} packages)`);
  console.log(`  vigil inventory: wall ${inventory.wall.toFixed(2)} s, cpu ${inventory.cpu.toFixed(2)} s; npm ls --all --json: wall ${npmLs.wall.toFixed(2)} s, cpu ${npmLs.cpu.toFixed(2)} s -> inventory/npm ls ${(inventory.wall / npmLs.wall).toFixed(2)} (goal <= 0.25)`);
  console.log(`  vigil review: wall ${review.wall.toFixed(2)} s = ${(review.wall / bare.wall).toFixed(1)}x bare node (cpu ${(review.cpu / bare.cpu).toFixed(1)}x)`);
}
rmSync(work, { recursive: true, force: true });
