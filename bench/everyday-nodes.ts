// Issue #15 goals on several Node versions in one run: CPU of `vigil review` and `vigil inventory`
// against a bare `node -e 0` of the same Node, and `vigil inventory` against `npm ls --all --json`.
// Every command is run BENCH_RUNS times (default 11), round-robin over all commands so that each
// sees the same load; figures are medians of CPU time (user + system of the child, from wait4 in
// microseconds: GNU time rounds to 10 ms, which is a third of a bare Node 22 start). python3 is
// only the timer.
//
//   BENCH_NODES='/usr/bin/node=dist/cli/vigil.cjs;/opt/node22/bin/node=/tmp/n22/dist/cli/vigil.cjs'
//   BENCH_DB=<store> node --import tsx bench/everyday-nodes.ts <installed project>...
//
// Each Node gets its own built `vigil.cjs` because better-sqlite3 is built for one Node ABI (a copy
// of dist/ beside a node_modules whose better-sqlite3 was rebuilt for that Node). BENCH_BASELINE_NODES
// has the same form: another build (before a change) measured in the same rounds. `npm ls` runs
// with the npm on PATH (its own Node), once per tree per round. Runs once before measuring (the
// code cache of the first start is not what a user sees after it).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const trees = process.argv.slice(2);
const db = process.env.BENCH_DB;
const parsePairs = (value: string | undefined) =>
  (value ?? '')
    .split(';')
    .filter(Boolean)
    .map((pair) => {
      const [node, cli] = pair.split('=');
      if (!node || !cli || !existsSync(node) || !existsSync(cli)) throw new Error(`BENCH_NODES: ${pair}: expected <node binary>=<vigil.cjs>, both existing`);
      return { node, cli };
    });
const nodes = parsePairs(process.env.BENCH_NODES);
const baselines = parsePairs(process.env.BENCH_BASELINE_NODES);
if (trees.length === 0 || nodes.length === 0 || !db) {
  console.log('everyday-nodes: skipped (BENCH_NODES, BENCH_DB and installed project directories as arguments)');
  process.exit(0);
}

const TIMER = 'import os,sys,subprocess\np=subprocess.Popen(sys.argv[2:],cwd=sys.argv[1],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)\n_,s,r=os.wait4(p.pid,0)\nprint(round((r.ru_utime+r.ru_stime)*1000,2))';
/** CPU milliseconds of one run of `command` in `cwd`. */
const cpu = (command: string[], cwd: string): number => Number(execFileSync('python3', ['-c', TIMER, cwd, ...command], { env: { ...process.env, NO_COLOR: '1' } }).toString().trim());

interface Job {
  label: string;
  command: string[];
  cwd: string;
  samples: number[];
}
const jobs: Job[] = [];
const add = (label: string, command: string[], cwd = process.cwd()) => jobs.push({ label, command, cwd, samples: [] });
for (const [tag, list] of [['', nodes], ['baseline ', baselines]] as const) {
  for (const { node, cli } of list) {
    const version = execFileSync(node, ['--version']).toString().trim();
    const name = `${tag}${version}`;
    if (tag === '') add(`${name} node -e 0`, [node, '-e', '0']);
    add(`${name} vigil --version`, [node, cli, '--version']);
    for (const tree of trees) {
      add(`${name} review ${tree}`, [node, cli, 'review', tree, '--json', '--fail-on', 'none', '--db', db]);
      add(`${name} inventory ${tree}`, [node, cli, 'inventory', tree, '--format', 'json']);
    }
  }
}
for (const tree of trees) add(`npm ls ${tree}`, ['npm', 'ls', '--all', '--json'], tree);

for (const job of jobs) cpu(job.command, job.cwd);
const loads = [loadavg()[0]!];
for (let run = 0; run < RUNS; run++) for (const job of jobs) job.samples.push(cpu(job.command, job.cwd));
loads.push(loadavg()[0]!);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const figure = (label: string) => median(jobs.find((job) => job.label === label)!.samples);
console.log(`${cpus().length} cores, load average ${loads.map((load) => load.toFixed(1)).join(' -> ')}, ${RUNS} rounds, CPU medians (ms)`);
for (const job of jobs) console.log(`  ${job.label.padEnd(70)} ${median(job.samples).toFixed(1).padStart(8)}`);
for (const [tag, list] of [['', nodes], ['baseline ', baselines]] as const) {
  for (const { node } of list) {
    const version = execFileSync(node, ['--version']).toString().trim();
    const bare = figure(`${version} node -e 0`);
    for (const tree of trees) {
      const review = figure(`${tag}${version} review ${tree}`);
      const inventory = figure(`${tag}${version} inventory ${tree}`);
      console.log(`${tag}${version} ${tree}: review ${(review / bare).toFixed(2)}x bare node; inventory / npm ls ${(inventory / figure(`npm ls ${tree}`)).toFixed(2)}`);
    }
  }
}
