// The module graph alone, timed: wall, CPU of every thread (process.cpuUsage) and the process's
// peak RSS, for a before/after in one run. `--code <dir>` takes buildGraph from another checkout's
// src/reachability (main's, synchronous before the worker pool); `--workers n` sets the pool
// (0: parse on the main thread). One graph per process, so peak RSS is the graph's.
// Usage: node --import tsx bench/reachability-graph.ts [--code dir] [--workers n] [--cache dir] <root> [--entry f…]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Reachability from '../src/reachability/index.js';

const args = process.argv.slice(2);
const take = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const code = take('--code') ?? new URL('../src/reachability', import.meta.url).pathname;
const workers = take('--workers');
// Cold by default (every file parsed); `--cache <dir>` keeps loads between runs there (loads-cache.ts).
const cache = take('--cache') ?? null;
const [root, flag, ...entries] = args;
if (!root || (flag !== undefined && flag !== '--entry')) throw new Error('usage: bench/reachability-graph.ts [--code dir] [--workers n] <root> [--entry file…]');
const { buildGraph } = (await import(pathToFileURL(resolve(code, 'index.ts')).href)) as typeof Reachability;
const started = performance.now();
const cpu = process.cpuUsage();
const graph = await buildGraph(root, { ...(entries.length ? { entries } : {}), ...(workers === undefined ? {} : { workers: Number(workers) }), cacheDir: cache });
const wallMs = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
console.log(JSON.stringify({ code, workers: workers ?? 'default', root, modules: graph.stats.files, parsed: graph.stats.parsed, unknownLoads: graph.unknown.length, threads: (graph.stats as { workers?: number }).workers ?? 0, wallMs: Math.round(wallMs), cpuMs: Math.round((user + system) / 1000), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
