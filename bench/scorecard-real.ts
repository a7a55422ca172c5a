// Scorecard on real repositories (issue #16): `VIGIL_BENCH_REAL=<root> npm run bench -- scorecard-real`,
// where root holds the repositories bench/scorecard-real-repos.sh builds. For each repository, in one run:
// git alone streaming the same blobs (`git cat-file --batch`), Binary-Artifacts alone, and every
// local check — each in a fresh child process, so memory figures are their own. VIGIL_BENCH_ROUNDS
// (default 3) repeats the three in turn; ratios are taken round by round and medians printed.
// The machine is shared: besides wall, each figure gives CPU (Vigil's own and its git children's)
// and how long Vigil's main thread sat runnable waiting for a core (Linux /proc schedstat), so
// wall minus that wait estimates the wall time on an idle machine.
// VIGIL_BENCH_BEFORE=<another checkout> also runs every local check from that checkout in each
// round, alternating with this one, to compare before and after a change in one run (same
// load); VIGIL_BENCH_REPOS=node,scorecard limits the repositories. VIGIL_BENCH_BUILT=1 scores with
// the compiled dist/ of each checkout (`npm run build` first) and no tsx, as the `vigil` command
// runs (under tsx, each module loaded lazily goes through tsx's loader thread, whose CPU counts).
// Each measured run is bench/scorecard-real-child.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../test/fixtures.js';
import { median, printFigure } from './measure.js';

interface Figure {
  wallMs: number;
  cpuMs: number;
  /** CPU of the git processes Vigil started and reaped. */
  childCpuMs: number;
  /** Time Vigil's main thread was runnable but not running (the machine's queue). */
  queuedMs: number;
  rssMb: number;
  filesRead: number;
  megabytesRead: number;
  score: number;
  checks: string;
}

/** CPU milliseconds of this process's reaped children (/proc/self/stat cutime + cstime); 0 off Linux. */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // After the command name: state is field 3, cutime 16 and cstime 17 (1-based, in clock ticks of 10 ms).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

/** git alone reading every blob of HEAD's tree (what Binary-Artifacts is compared with). */
function gitBaseline(dir: string): { wallMs: number; cpuMs: number; blobs: number; megabytes: number } {
  const tree = execFileSync('git', ['ls-tree', '-r', '-l', 'HEAD'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const blobs = tree
    .split('\n')
    .map((line) => /^\d+ blob ([0-9a-f]+)\s+(\d+)\t/.exec(line))
    .filter((match) => match !== null);
  const cpu = childrenCpuMs();
  const start = performance.now();
  execFileSync('sh', ['-c', 'git cat-file --batch > /dev/null'], { cwd: dir, input: blobs.map((match) => match[1]).join('\n') + '\n', maxBuffer: 1 << 28 });
  return { wallMs: performance.now() - start, cpuMs: childrenCpuMs() - cpu, blobs: blobs.length, megabytes: blobs.reduce((sum, match) => sum + Number(match[2]), 0) / 1e6 };
}

function child(dir: string, checks: string, checkout = projectRoot): Figure {
  const built = process.env.VIGIL_BENCH_BUILT === '1';
  const args = [...(built ? [] : ['--import', 'tsx']), 'bench/scorecard-real-child.mjs', dir, checks, built ? 'dist' : 'src'];
  const run = spawnSync(process.execPath, args, { cwd: checkout, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Figure;
}

{
  const root = process.env.VIGIL_BENCH_REAL ?? '/tmp/vigil-scorecard-real';
  const rounds = Number(process.env.VIGIL_BENCH_ROUNDS ?? 3);
  const load = (): string => loadavg().map((value) => value.toFixed(1)).join(' ');
  console.log(`load average at start: ${load()} (${rounds} rounds; git, Binary-Artifacts and all checks in turn)`);
  const before = process.env.VIGIL_BENCH_BEFORE;
  for (const name of (process.env.VIGIL_BENCH_REPOS ?? 'node,node-nocheckout,scorecard,express').split(',')) {
    const dir = join(root, name);
    if (!existsSync(join(dir, '.git'))) {
      console.log(`${name}: not built (run bench/scorecard-real-repos.sh ${root})`);
      continue;
    }
    const gits: ReturnType<typeof gitBaseline>[] = [];
    const binaries: Figure[] = [];
    const alls: Figure[] = [];
    const befores: Figure[] = [];
    for (let round = 0; round < rounds; round++) {
      gits.push(gitBaseline(dir));
      binaries.push(child(dir, 'Binary-Artifacts'));
      // Alternate which goes first, so neither always meets a warmer page cache.
      if (before !== undefined && round % 2 === 0) befores.push(child(dir, 'all', before));
      alls.push(child(dir, 'all'));
      if (before !== undefined && round % 2 === 1) befores.push(child(dir, 'all', before));
    }
    const mid = (values: number[]): number => median(values);
    const ratios = binaries.map((binary, index) => binary.wallMs / (gits[index]?.wallMs ?? 1));
    const cpuRatios = binaries.map((binary, index) => (binary.cpuMs + binary.childCpuMs) / Math.max(1, gits[index]?.cpuMs ?? 1));
    const last = alls[alls.length - 1];
    console.log(`${name}: ${gits[0]?.blobs} blobs, ${gits[0]?.megabytes.toFixed(1)} MB; medians of ${rounds} rounds, load now ${load()}`);
    printFigure(`  git cat-file --batch, every blob of HEAD, wall`, mid(gits.map((git) => git.wallMs)), 'ms');
    printFigure(`  git cat-file --batch, CPU`, mid(gits.map((git) => git.cpuMs)), 'ms');
    printFigure(`  Binary-Artifacts alone, wall (ratio to git per round: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')})`, mid(binaries.map((figure) => figure.wallMs)), 'ms');
    printFigure(`  Binary-Artifacts alone, CPU with git children (ratio to git: ${cpuRatios.map((ratio) => ratio.toFixed(2)).join(', ')})`, mid(binaries.map((figure) => figure.cpuMs + figure.childCpuMs)), 'ms');
    printFigure(`  Binary-Artifacts alone, wall minus time queued for a core`, mid(binaries.map((figure) => figure.wallMs - figure.queuedMs)), 'ms');
    printFigure(`  Binary-Artifacts alone, peak memory`, mid(binaries.map((figure) => figure.rssMb)), 'MB');
    printFigure(`  every local check, wall`, mid(alls.map((figure) => figure.wallMs)), 'ms', 3000);
    printFigure(`  every local check, Vigil's CPU`, mid(alls.map((figure) => figure.cpuMs)), 'ms');
    printFigure(`  every local check, git children's CPU`, mid(alls.map((figure) => figure.childCpuMs)), 'ms');
    printFigure(`  every local check, main thread queued for a core`, mid(alls.map((figure) => figure.queuedMs)), 'ms');
    printFigure(`  every local check, wall minus time queued for a core`, mid(alls.map((figure) => figure.wallMs - figure.queuedMs)), 'ms', 3000);
    printFigure(`  every local check, peak memory`, mid(alls.map((figure) => figure.rssMb)), 'MB', 300);
    if (last) console.log(`  read ${last.filesRead} files, ${last.megabytesRead.toFixed(1)} MB; aggregate ${last.score}: ${last.checks}`);
    if (before !== undefined && befores.length > 0) {
      const cpu = (figures: Figure[]): number => mid(figures.map((figure) => figure.cpuMs));
      console.log(`  before (${before}), CPU ratio after/before per round: ${alls.map((figure, index) => (figure.cpuMs / (befores[index]?.cpuMs ?? 1)).toFixed(2)).join(', ')}`);
      printFigure(`  before: every local check, Vigil's CPU`, cpu(befores), 'ms');
      printFigure(`  before: every local check, wall minus time queued for a core`, mid(befores.map((figure) => figure.wallMs - figure.queuedMs)), 'ms', 3000);
      printFigure(`  before: every local check, peak memory`, mid(befores.map((figure) => figure.rssMb)), 'MB', 300);
      const same = befores.every((figure) => figure.checks === last?.checks && figure.score === last.score);
      console.log(`  before: aggregate ${befores[0]?.score}; check scores ${same ? 'identical' : `DIFFER: ${befores[0]?.checks}`}`);
    }
  }
}
