// Scorecard on real repositories (issue #16): `VIGIL_BENCH_REAL=<root> npm run bench -- scorecard-real`,
// where root holds the repositories bench/scorecard-real-repos.sh builds. For each repository, in one run:
// git alone streaming the same blobs (`git cat-file --batch`), Binary-Artifacts alone, and every
// local check — each in a fresh child process, so memory figures are their own.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../test/fixtures.js';
import { scoreRepository } from '../src/scorecard/index.js';
import { printFigure } from './measure.js';

interface Figure {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  filesRead: number;
  megabytesRead: number;
  score: number;
  checks: string;
}

/** git alone reading every blob of HEAD's tree (what Binary-Artifacts is compared with). */
function gitBaseline(dir: string): { wallMs: number; blobs: number; megabytes: number } {
  const tree = execFileSync('git', ['ls-tree', '-r', '-l', 'HEAD'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const blobs = tree
    .split('\n')
    .map((line) => /^\d+ blob ([0-9a-f]+)\s+(\d+)\t/.exec(line))
    .filter((match) => match !== null);
  const start = performance.now();
  execFileSync('sh', ['-c', 'git cat-file --batch > /dev/null'], { cwd: dir, input: blobs.map((match) => match[1]).join('\n') + '\n', maxBuffer: 1 << 28 });
  return { wallMs: performance.now() - start, blobs: blobs.length, megabytes: blobs.reduce((sum, match) => sum + Number(match[2]), 0) / 1e6 };
}

function child(dir: string, checks: string): Figure {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/scorecard-real.ts', '--dir', dir, checks], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Figure;
}

async function measure(dir: string, checks: string): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await scoreRepository(dir, { now: new Date('2026-12-05T00:00:00Z'), checks: checks === 'all' ? undefined : checks.split(',') });
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const figure: Figure = {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    rssMb: process.resourceUsage().maxRSS / 1024,
    filesRead: result.filesRead,
    megabytesRead: result.bytesRead / 1e6,
    score: result.score,
    checks: result.checks.map((check) => `${check.name} ${check.score}`).join(', '),
  };
  console.log(JSON.stringify(figure));
}

const dirFlag = process.argv.indexOf('--dir');
if (dirFlag > 0) {
  await measure(process.argv[dirFlag + 1] ?? '', process.argv[dirFlag + 2] ?? 'all');
} else {
  const root = process.env.VIGIL_BENCH_REAL ?? '/tmp/vigil-scorecard-real';
  console.log(`load average now: ${loadavg().map((load) => load.toFixed(1)).join(' ')} (2 cores, shared)`);
  for (const name of ['node', 'scorecard', 'express']) {
    const dir = join(root, name);
    if (!existsSync(join(dir, '.git'))) {
      console.log(`${name}: not built (run bench/scorecard-real-repos.sh ${root})`);
      continue;
    }
    const git = gitBaseline(dir);
    const binary = child(dir, 'Binary-Artifacts');
    const all = child(dir, 'all');
    console.log(`${name}: ${git.blobs} blobs, ${git.megabytes.toFixed(1)} MB`);
    printFigure(`  git cat-file --batch, every blob of HEAD`, git.wallMs, 'ms');
    printFigure(`  Binary-Artifacts alone, wall (ratio to git: ${(binary.wallMs / git.wallMs).toFixed(2)})`, binary.wallMs, 'ms');
    printFigure(`  Binary-Artifacts alone, peak memory`, binary.rssMb, 'MB');
    printFigure(`  every local check, wall`, all.wallMs, 'ms', 3000);
    printFigure(`  every local check, Vigil's CPU`, all.cpuMs, 'ms');
    printFigure(`  every local check, peak memory`, all.rssMb, 'MB', 300);
    console.log(`  read ${all.filesRead} files, ${all.megabytesRead.toFixed(1)} MB; aggregate ${all.score}: ${all.checks}`);
  }
}
