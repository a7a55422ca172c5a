// Everything the graph decides on a real tree, as one canonical JSON file, so two versions of the
// code can be compared byte for byte (`cmp`): the graph (parents, packages, importers, unknown and
// unresolved loads), the verdict of every installed package (with its chain and evidence) and every
// parsed file's loads, eval and Function lines and parse error. `--code <dir>` takes the code from
// another checkout's src/reachability (main's, for a before/after).
// Usage: node --import tsx bench/reachability-dump.ts [--code dir] [--cache dir] <out.json> <graph-root> [--entry f…]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Reachability from '../src/reachability/index.js';
import type * as ParseModule from '../src/reachability/parse.js';
import type { Finding } from '../src/review/types.js';
import { graphSources } from './lib/graph-sources.js';

const args = process.argv.slice(2);
const at = args.indexOf('--code');
const code = at >= 0 ? (args.splice(at, 2)[1] as string) : new URL('../src/reachability', import.meta.url).pathname;
const cacheAt = args.indexOf('--cache');
// Cold by default; `--cache <dir>`: through the disk cache of loads there (a warm run is checked so).
const cache = cacheAt >= 0 ? (args.splice(cacheAt, 2)[1] as string) : null;
const [out, root, flag, ...entries] = args;
if (!out || !root || (flag !== undefined && flag !== '--entry')) throw new Error('usage: bench/reachability-dump.ts [--code dir] <out.json> <graph-root> [--entry file…]');
const { buildGraph, installedPackages, verdictFor } = (await import(pathToFileURL(resolve(code, 'index.ts')).href)) as typeof Reachability;
const { parseModule } = (await import(pathToFileURL(resolve(code, 'parse.ts')).href)) as typeof ParseModule;
const { MAY_LOAD } = (await import(pathToFileURL(resolve(code, 'graph.ts')).href)) as { MAY_LOAD: RegExp };

const graph = await buildGraph(root, { ...(entries.length ? { entries } : {}), workers: 0, cacheDir: cache });
const installed = installedPackages(root);
const finding = (name: string, version: string): Finding => ({ id: 'per-package', aliases: [], advisoryIds: [], summary: '', ecosystem: 'npm', package: name, version, purl: null, severity: { level: 'high', score: null, vector: null, basis: 'none' }, fixedIn: [], nearestFix: null, basis: ['osv-range'], notes: [], locations: [], line: null, references: [] });
const verdicts = installed.map((pkg) => [pkg.name, pkg.version, verdictFor(finding(pkg.name, pkg.version ?? ''), { graph, installed })]);
const files: unknown[] = [];
let ast = 0;
for (const { file, text } of graphSources(graph.parent.keys(), MAY_LOAD)) {
  const { ast: viaAst, ...info } = parseModule(file, text);
  if (viaAst) ast++;
  files.push([file, info]);
}
const dump = {
  parent: [...graph.parent],
  packages: [...graph.packages],
  importers: [...graph.importers].map(([dir, set]) => [dir, [...set].sort()]),
  unknown: graph.unknown,
  unresolved: graph.unresolved,
  verdicts,
  files,
};
writeFileSync(out, JSON.stringify(dump, null, 1));
const counts = (kind: string): number => verdicts.filter((row) => (row[2] as { status?: string } | null)?.status === kind).length;
console.log(JSON.stringify({ code, root, modules: graph.stats.files, unknownLoads: graph.unknown.length, installed: installed.length, reachable: counts('reachable'), unknown: counts('unknown'), notReachable: counts('not-reachable'), parsedFiles: files.length, throughAst: ast }));
