// The literal scan (parse.ts `literalLoads`) against the AST path, file by file, on a real tree's
// graph: every parsed file's loads, eval and Function lines and parse error must be the same both
// ways. Prints how many files each path took and any file that differs.
// Usage: node --import tsx bench/reachability-literal-check.ts <graph-root> [--entry f…]
import { isDeepStrictEqual } from 'node:util';
import { buildGraph, parseModule } from '../src/reachability/index.js';
import { MAY_LOAD } from '../src/reachability/parse-files.js';
import { graphSources } from './lib/graph-sources.js';

const [root, flag, ...entries] = process.argv.slice(2);
if (!root || (flag !== undefined && flag !== '--entry')) throw new Error('usage: bench/reachability-literal-check.ts <graph-root> [--entry file…]');
const graph = await buildGraph(root, { ...(entries.length ? { entries } : {}), workers: 0, cacheDir: null });
let parsed = 0;
let literal = 0;
let differ = 0;
for (const { file, text } of graphSources(graph.parent.keys(), MAY_LOAD)) {
  parsed++;
  const { ast: viaAst, ...fast } = parseModule(file, text);
  if (!viaAst) literal++;
  const { ast: _ast, ...full } = parseModule(file, text, { ast: true });
  if (!isDeepStrictEqual(fast, full)) {
    differ++;
    if (differ <= 10) console.error('differs:', file, JSON.stringify(fast.loads).slice(0, 300), JSON.stringify(full.loads).slice(0, 300));
  }
}
console.log(JSON.stringify({ root, parsed, literal, throughAst: parsed - literal, differ }));
if (differ > 0) process.exitCode = 1;
