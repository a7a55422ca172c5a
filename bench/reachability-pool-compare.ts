// Checks that the graph parsed on worker threads (parse-pool.ts) is the graph parsed on the main
// thread, on a real installed tree: the whole graph (parents, packages, importers, unknown and
// unresolved loads), the verdict of every installed package, and every parsed file's loads.
// Usage: node --import tsx bench/reachability-pool-compare.ts <graph-root> [--entry f…]
import { isDeepStrictEqual } from 'node:util';
import { buildGraph, installedPackages, verdictFor } from '../src/reachability/index.js';
import { readAndParse } from '../src/reachability/parse-files.js';
import { defaultPoolSize, ParsePool } from '../src/reachability/parse-pool.js';
import type { Finding } from '../src/review/types.js';
import type { ModuleGraph, ModuleInfo } from '../src/reachability/types.js';

const [root, flag, ...entries] = process.argv.slice(2);
if (!root || (flag !== undefined && flag !== '--entry')) throw new Error('usage: bench/reachability-pool-compare.ts <graph-root> [--entry file…]');
const options = { ...(entries.length ? { entries } : {}), cacheDir: null };

const inProcess = await buildGraph(root, { ...options, workers: 0 });
const pooled = await buildGraph(root, { ...options, workers: defaultPoolSize(), poolAfter: 0 });

const shape = (graph: ModuleGraph): Record<string, unknown> => ({
  parent: [...graph.parent],
  packages: [...graph.packages],
  importers: [...graph.importers].map(([dir, files]) => [dir, [...files].sort()]),
  unknown: graph.unknown,
  unresolved: graph.unresolved,
});
const a = shape(inProcess);
const b = shape(pooled);
const graphDiffers = Object.keys(a).filter((key) => !isDeepStrictEqual(a[key], b[key]));

const installed = installedPackages(root);
const finding = (name: string, version: string): Finding => ({ id: 'per-package', aliases: [], advisoryIds: [], summary: '', ecosystem: 'npm', package: name, version, purl: null, severity: { level: 'high', score: null, vector: null, basis: 'none' }, fixedIn: [], nearestFix: null, basis: ['osv-range'], notes: [], locations: [], line: null, references: [] });
let verdictsDiffer = 0;
for (const pkg of installed) {
  const one = verdictFor(finding(pkg.name, pkg.version ?? ''), { graph: inProcess, installed });
  const two = verdictFor(finding(pkg.name, pkg.version ?? ''), { graph: pooled, installed });
  if (!isDeepStrictEqual(one, two)) verdictsDiffer++;
}

// File by file: each file of the graph through the workers and on this thread.
const files = [...inProcess.parent.keys()];
const pool = new ParsePool(2);
for (const file of files) pool.want(file);
const cache = new Map<string, ModuleInfo>();
let filesDiffer = 0;
let parsed = 0;
for (const file of files) {
  const worker = await pool.take(file);
  const local = readAndParse(file, cache);
  if (local.kind === 'parsed') parsed++;
  if (!isDeepStrictEqual(worker, local)) {
    filesDiffer++;
    if (filesDiffer <= 5) console.error('differs:', file);
  }
}
const workers = pool.size;
await pool.close();
console.log(JSON.stringify({ root, modules: inProcess.stats.files, graphDiffers, installed: installed.length, verdictsDiffer, files: files.length, parsed, filesDiffer, workers }));
if (graphDiffers.length > 0 || verdictsDiffer > 0 || filesDiffer > 0 || workers === 0) process.exitCode = 1;
