// One measured run for bench/scorecard-real.ts, in a fresh process: `node [--import tsx]
// bench/scorecard-real-child.mjs <dir> <checks|all> <src|dist>`. Plain JavaScript, so that the
// built run (dist) loads no tsx at all, as the `vigil` command does not: under tsx every module
// Vigil loads lazily (mvdan-sh, the checks) goes through tsx's loader thread, whose CPU counts.
// Prints one JSON figure on stdout.
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';

const [dir = '', checks = 'all', from = 'src'] = process.argv.slice(2);

/** CPU milliseconds of this process's reaped children (/proc/self/stat cutime + cstime); 0 off Linux. */
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // After the command name: state is field 3, cutime 16 and cstime 17 (1-based, in clock ticks of 10 ms).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

/** Milliseconds the main thread has waited on a run queue (/proc/self/schedstat); 0 off Linux. */
function queuedMs() {
  try {
    return Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

/** Child processes not yet reaped (/proc/self/task/<thread>/children); 0 off Linux. */
function liveChildren() {
  try {
    return readdirSync('/proc/self/task').reduce((count, task) => count + readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean).length, 0);
  } catch {
    return 0;
  }
}

// Loaded before the clock starts; what scoring loads lazily is counted.
const { scoreRepository } = await import(from === 'dist' ? '../dist/scorecard/index.js' : '../src/scorecard/index.js');
const cpu = process.cpuUsage();
const children = childrenCpuMs();
const queued = queuedMs();
const start = performance.now();
const result = await scoreRepository(dir, { now: new Date('2026-12-05T00:00:00Z'), checks: checks === 'all' ? undefined : checks.split(',') });
const wallMs = performance.now() - start;
const used = process.cpuUsage(cpu);
const queuedDuring = queuedMs() - queued;
// git cat-file exits once its stdin is closed: wait until it is reaped, so that its CPU is counted.
for (let waited = 0; waited < 3000 && liveChildren() > 0; waited += 10) await setTimeout(10);
console.log(
  JSON.stringify({
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    childCpuMs: childrenCpuMs() - children,
    queuedMs: queuedDuring,
    rssMb: process.resourceUsage().maxRSS / 1024,
    filesRead: result.filesRead,
    megabytesRead: result.bytesRead / 1e6,
    score: result.score,
    checks: result.checks.map((check) => `${check.name} ${check.score}`).join(', '),
  }),
);
