/**
 * Load sites of one JavaScript/TypeScript file, found with oxc-parser (a maintained Rust parser:
 * JS, TS, JSX, ESM and CommonJS in one pass; see the README for why it and not the lexers). A
 * specifier folded to constants (fold.ts) is an edge; a computed one keeps its literal head and
 * tail so the graph can bound it. Besides require/import/import(): `import x = require()` (TS),
 * `new Worker(file)` and `child_process.fork(file)`, which run a module too.
 */
import { parseSync, rawTransferSupported, Visitor } from 'oxc-parser';
import { Folder, type Node, type Part } from './fold.js';
import type { LoadKind, LoadSite, ModuleInfo } from './types.js';

/** Line numbers from offsets, computed once per file and only when a site is found. */
function lineIndex(text: string): (offset: number) => number {
  let starts: number[] | null = null;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

function isRequire(callee: Node): LoadKind | null {
  if (callee.type === 'Identifier' && callee.name === 'require') return 'require';
  if (callee.type === 'MemberExpression' && !callee.computed) {
    const object = callee.object as Node;
    const property = callee.property as Node;
    if (object.type === 'Identifier' && object.name === 'require' && property.name === 'resolve') return 'require-resolve';
    // module.require(x) loads like require.
    if (property.name === 'require' && object.type === 'Identifier' && object.name === 'module') return 'require';
  }
  return null;
}

// On Node 22+ oxc hands the AST over as a buffer instead of JSON: several times faster to read
// (docs/BENCHMARKS.md). Node 20 takes the JSON path.
const RAW_TRANSFER = rawTransferSupported();

const TS = /\.(?:ts|tsx|mts|cts)$/;

/** Text that needs the AST (a loader can hide behind a name, eval, a TypeScript file). */
const NEEDS_AST = /\beval\b|createRequire|\bfork\b|\bWorker\b|module\s*\.\s*require/;
const REQUIRE = /\brequire\b/g;
const LITERAL_CALL = /\s*\(\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)")\s*\)/y;
const HARMLESS_AFTER = /\s*\.\s*(?:main|cache)\b/y;
const QUOTES = ["'", '"', '`'];
const STRING = /^(?:'([^'\\\n]*)'|"([^"\\\n]*)")$/;

/**
 * The loads of a plain JavaScript file without reading its AST, when every `require` outside a
 * comment is `require('literal')` (or `require.main`/`require.cache`, `typeof require`) and every
 * `import()` has a literal argument: most files of a tree. The AST is handed from Rust to
 * JavaScript as JSON on Node 20, and reading it was most of the graph's time (docs/BENCHMARKS.md).
 * A `require('x')` inside a string may count as a load (more edges, never fewer); null: parse fully.
 */
function literalLoads(file: string, text: string, comments: { start: number; end: number }[], dynamicImports: { moduleRequest: { start: number; end: number } }[], lineOf: (offset: number) => number): LoadSite[] | null {
  if (TS.test(file) || NEEDS_AST.test(text)) return null;
  const loads: (LoadSite & { at: number })[] = [];
  let comment = 0;
  let ticks = 0;
  let scanned = 0;
  REQUIRE.lastIndex = 0;
  for (let match = REQUIRE.exec(text); match; match = REQUIRE.exec(text)) {
    const at = match.index;
    while (comment < comments.length && (comments[comment] as { end: number }).end <= at) comment++;
    if (comment < comments.length && (comments[comment] as { start: number }).start <= at) continue;
    // A `require(` after an odd number of quotes on its line may be inside a string (a message,
    // generated code): the AST decides, so that text adds no edge.
    // Backticks before it (counted from the start of the file) that are odd: a multi-line template.
    for (let tick = text.indexOf('`', scanned); tick >= 0 && tick < at; tick = text.indexOf('`', tick + 1)) ticks++;
    scanned = at;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (ticks % 2 === 1 || QUOTES.some((quote) => text.slice(lineStart, at).split(quote).length % 2 === 0)) return null;
    const after = at + 7;
    LITERAL_CALL.lastIndex = after;
    const call = LITERAL_CALL.exec(text);
    if (call) {
      loads.push({ kind: 'require', specifier: (call[1] ?? call[2]) as string, prefix: '', suffix: '', line: lineOf(at), at });
      continue;
    }
    HARMLESS_AFTER.lastIndex = after;
    if (HARMLESS_AFTER.test(text) || /typeof\s*$/.test(text.slice(Math.max(0, at - 12), at))) continue;
    return null;
  }
  for (const entry of dynamicImports) {
    const literal = STRING.exec(text.slice(entry.moduleRequest.start, entry.moduleRequest.end));
    if (!literal) return null;
    loads.push({ kind: 'dynamic-import', specifier: (literal[1] ?? literal[2]) as string, prefix: '', suffix: '', line: lineOf(entry.moduleRequest.start), at: entry.moduleRequest.start });
  }
  // In source order, as the AST walk gives them: the graph's first parent (shortest chain) is the same.
  return loads.sort((a, b) => a.at - b.at).map(({ at: _at, ...site }) => site);
}

/** Parse one file; a file that does not parse gets `parseError` (the graph treats its loads as unknown). */
export function parseModule(file: string, text: string, options: { ast?: boolean } = {}): ModuleInfo {
  const lineOf = lineIndex(text);
  const loads: LoadSite[] = [];
  const evalLines: number[] = [];
  // oxc picks the dialect from the name; .js files may hold JSX, and any file may be a script.
  const name = TS.test(file) ? file : file.replace(/\.(?:cjs|mjs|js|json)?$/, '.jsx');
  let result;
  try {
    result = parseSync(name, text, { sourceType: 'unambiguous' as never, ...(RAW_TRANSFER ? { experimentalRawTransfer: true } : {}) } as never);
  } catch (error) {
    return { loads, evalLines, parseError: (error as Error).message };
  }
  if (result.errors.length > 0 && result.program.body.length === 0) return { loads, evalLines, parseError: result.errors[0]?.message ?? 'parse error' };
  for (const entry of result.module.staticImports) {
    const typeOnly = entry.entries.length > 0 && entry.entries.every((item) => item.isType);
    if (!typeOnly) loads.push({ kind: 'import', specifier: entry.moduleRequest.value, prefix: '', suffix: '', line: lineOf(entry.start) });
  }
  for (const entry of result.module.staticExports) {
    for (const item of entry.entries) if (item.moduleRequest && !item.isType) loads.push({ kind: 'import', specifier: item.moduleRequest.value, prefix: '', suffix: '', line: lineOf(entry.start) });
  }
  const literal = options.ast ? null : literalLoads(file, text, result.comments, result.module.dynamicImports, lineOf);
  if (literal) {
    loads.push(...literal);
    return { loads, evalLines, parseError: null };
  }
  const folder = new Folder(result.program as unknown as Node, file);
  // Bindings are looked up only where a name can hide a loader: a createRequire'd require, fork, Worker.
  const aliases = /createRequire/.test(text);
  const spawns = /\bfork\b|\bWorker\b/.test(text);
  const add = (kind: LoadKind, argument: Node | undefined, at: number, base: string | null = null): void => {
    const line = lineOf(at);
    for (const part of argument ? folder.text(argument) : [{ head: '', tail: '', exact: false } as Part]) {
      if (part.exact) loads.push({ kind, specifier: part.head, prefix: '', suffix: '', line, ...(base && base !== file ? { base } : {}) });
      else loads.push({ kind, specifier: null, prefix: part.head, suffix: part.tail, line });
    }
  };
  new Visitor({
    ImportExpression(node: unknown) {
      const site = node as Node;
      add('dynamic-import', site.source as Node, site.start);
    },
    TSImportEqualsDeclaration(node: unknown) {
      const site = node as Node;
      const reference = site.moduleReference as Node;
      if (reference.type === 'TSExternalModuleReference' && site.importKind !== 'type') add('require', reference.expression as Node, site.start);
    },
    NewExpression(node: unknown) {
      const site = node as Node;
      if (spawns && folder.functionOf(site.callee as Node) === 'worker_threads.Worker') add('worker', (site.arguments as Node[])[0], site.start);
    },
    CallExpression(node: unknown) {
      const call = node as Node;
      const callee = call.callee as Node;
      const args = call.arguments as Node[];
      const kind = isRequire(callee);
      if (kind === 'require' && callee.type === 'Identifier' && aliases) {
        // `const require = createRequire(other)` resolves from `other`; a parameter named require is taken as require.
        const base = folder.requireOf(callee) ?? { base: file };
        add(kind, base.base === null ? undefined : args[0], call.start, base.base);
      } else if (kind) {
        add(kind, args[0], call.start);
      } else if (callee.type === 'Identifier' && callee.name === 'eval') {
        const argument = args[0];
        const parts = argument ? folder.text(argument) : [];
        if (!argument || parts.some((part) => !part.exact || /require|import/.test(part.head))) evalLines.push(lineOf(call.start));
      } else if (aliases && folder.requireOf(callee)) {
        const base = folder.requireOf(callee)?.base ?? null;
        add('require', base === null ? undefined : args[0], call.start, base);
      } else if (spawns && folder.functionOf(callee) === 'child_process.fork') {
        add('fork', args[0], call.start);
      }
    },
  }).visit(result.program as never);
  return { loads, evalLines, parseError: null };
}
