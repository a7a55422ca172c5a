/**
 * Load sites of one JavaScript/TypeScript file, found with oxc-parser (a maintained Rust parser:
 * JS, TS, JSX, ESM and CommonJS in one pass; see the README for why it and not the lexers). A
 * specifier folded to constants (fold.ts) is an edge; a computed one keeps its literal head and
 * tail so the graph can bound it. Besides require/import/import(): `import x = require()` (TS),
 * `new Worker(file)` and `child_process.fork(file)`, which run a module too.
 */
import { parseSync, Visitor, type EcmaScriptModule, type Program } from 'oxc-parser';
import { parseSync as parseSyncNative } from 'oxc-parser/src-js/bindings';
import { jsonParseAst } from 'oxc-parser/src-js/wrap';
import { Folder, type Node, type Part } from './fold.js';
import { MAX_RAW_SOURCE, rawParser } from './oxc-raw.js';
import type { LoadKind, LoadSite, ModuleInfo } from './types.js';
import { lineIndexAt, lineStarts } from '../util/line-starts.js';

/** Line numbers from offsets, computed once per file and only when a site is found. */
function lineIndex(text: string): (offset: number) => number {
  let starts: number[] | null = null;
  return (offset) => lineIndexAt((starts ??= lineStarts(text)), offset) + 1;
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

const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

/** `Function`, `globalThis.Function` (and `global`/`window`/`self`): the constructor that compiles code from text. */
function isFunctionConstructor(callee: Node): boolean {
  if (callee.type === 'Identifier') return callee.name === 'Function';
  if (callee.type !== 'MemberExpression' || callee.computed) return false;
  const object = callee.object as Node;
  return (callee.property as Node).name === 'Function' && object.type === 'Identifier' && GLOBAL_OBJECTS.has(object.name as string);
}

const TS = /\.(?:ts|tsx|mts|cts)$/;

/**
 * Outside comments, text that needs the AST: something that may be a direct call of `eval` or of
 * `Function` (`eval(`, `eval?.(`, `eval /* c *\/ (`, `new Function(`, `` Function`…` ``: the AST decides whether its
 * argument is computed), unless its arguments are string literals without require or import
 * (`Function('return this')`); and `module.require`. The word alone (`'eval'` in a parser's
 * keyword list, `eval` in a comment) is not enough.
 */
const EVAL_CALL = /(?<![\w$])(?:eval\s*(?:\?\.\s*)?(?:\(|\/[*/])|Function\s*(?:\?\.\s*)?(?:[(`]|\/[*/]))|module\s*\.\s*require(?![\w$])/g;
const CONSTANT_ARGUMENTS = /\s*(?:\?\.\s*)?\(\s*(?:(?:'[^'\\\n]*'|"[^"\\\n]*")\s*,\s*)*(?:'[^'\\\n]*'|"[^"\\\n]*")\s*\)/y;
/**
 * Builtins through which a loader can hide behind a name (`createRequire`, `fork`, `new Worker`):
 * a file that loads one is read through its AST, where fold.ts follows those names.
 */
const LOADER_BUILTINS = /^(?:node:)?(?:module|child_process|worker_threads)$/;
/** The identifier `require` (not `require$$0` of a bundle, not `requireFoo`). */
const REQUIRE = /(?<![\w$])require(?![\w$])/g;
const NOT_A_CALL_AFTER = /^(?:[ \t]*['"]|[ \t]+[A-Za-z_$])/;
/** A dot before `require` on its line (not `...`, a spread): group 1 is set for a spread. */
const PROPERTY_BEFORE = /(\.\.)?\.[ \t]*$/;
const LITERAL_CALL = /\s*\(\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)")\s*\)/y;
const HARMLESS_AFTER = /\s*\.\s*(?:main|cache)\b/y;
/** `require.resolve('literal')`: the AST path's `require-resolve` load of that literal. */
const RESOLVE_CALL = /\s*\.\s*resolve\s*\(\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)")\s*\)/y;
/**
 * `require` followed by one of these is a value, not a call (`{ require: x }`, `c ? require : x`,
 * the parameters `(module, exports, require)` of a bundle, `require = x`): the AST path adds no
 * load for it either. Not when the file names createRequire: there the AST path follows
 * `require` through bindings (`const r = require; r(x)`).
 */
const VALUE_AFTER = /\s*[:,;)\]}=]/y;
const QUOTES = ["'", '"', '`'];
const STRING = /^(?:'([^'\\\n]*)'|"([^"\\\n]*)")$/;

/** Whether an offset lies in one of the (sorted) comments. */
function commentAt(comments: { start: number; end: number }[]): (offset: number) => boolean {
  return (offset) => {
    let low = 0;
    let high = comments.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const comment = comments[mid] as { start: number; end: number };
      if (offset < comment.start) high = mid - 1;
      else if (offset >= comment.end) low = mid + 1;
      else return true;
    }
    return false;
  };
}

/**
 * The loads of a plain JavaScript file without reading its AST, when every `require` outside a
 * comment is `require('literal')` (or `require.main`/`require.cache`, `typeof require`, the string
 * `'require'`), every `import()` has a literal argument and nothing outside comments may call eval
 * or Function with computed text: most files of a tree. The AST is handed from Rust to JavaScript
 * as JSON on Node 20, and reading it was most of the graph's time (docs/BENCHMARKS.md). A
 * `require('x')` inside a string may count as a load (more edges, never fewer); null: parse fully.
 */
function literalLoads(file: string, text: string, comments: { start: number; end: number }[], dynamicImports: { moduleRequest: { start: number; end: number } }[], lineOf: (offset: number) => number): LoadSite[] | null {
  if (TS.test(file)) return null;
  const inComment = commentAt(comments);
  const aliases = /createRequire/.test(text);
  EVAL_CALL.lastIndex = 0;
  for (let match = EVAL_CALL.exec(text); match; match = EVAL_CALL.exec(text)) {
    if (inComment(match.index)) continue;
    if (match[0].startsWith('module')) return null;
    CONSTANT_ARGUMENTS.lastIndex = match.index + (match[0].startsWith('eval') ? 4 : 8);
    const call = CONSTANT_ARGUMENTS.exec(text);
    if (!call || /require|import/.test(call[0])) return null;
  }
  const loads: (LoadSite & { at: number })[] = [];
  let ticks = 0;
  let scanned = 0;
  REQUIRE.lastIndex = 0;
  for (let match = REQUIRE.exec(text); match; match = REQUIRE.exec(text)) {
    const at = match.index;
    if (inComment(at)) continue;
    // No call of the identifier require: `x.require` (a property; `module.require` is taken above),
    // `require` followed by a quote or by a word on its line (prose in a string: "numbers require
    // a valid exponent"; as code that is a syntax error, or `require in x`).
    if (NOT_A_CALL_AFTER.test(text.slice(at + 7, at + 16))) continue;
    VALUE_AFTER.lastIndex = at + 7;
    if (!aliases && VALUE_AFTER.test(text)) continue;
    const property = PROPERTY_BEFORE.exec(text.slice(Math.max(0, at - 8), at));
    if (property && !property[1] && !inComment(at - property[0].length)) continue;
    // A `require(` after an odd number of quotes on its line may be inside a string (a message,
    // generated code): the AST decides, so that text adds no edge.
    // Backticks outside comments before it (counted from the start of the file) that are odd: a multi-line template.
    for (let tick = text.indexOf('`', scanned); tick >= 0 && tick < at; tick = text.indexOf('`', tick + 1)) if (!inComment(tick)) ticks++;
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
    RESOLVE_CALL.lastIndex = after;
    const resolveCall = RESOLVE_CALL.exec(text);
    if (resolveCall) {
      loads.push({ kind: 'require-resolve', specifier: (resolveCall[1] ?? resolveCall[2]) as string, prefix: '', suffix: '', line: lineOf(at), at });
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

interface Parsed {
  program: () => Program;
  module: EcmaScriptModule;
  comments: { start: number; end: number }[];
  errors: { message: string }[];
}

const OPTIONS = { sourceType: 'unambiguous' as const };

function parseText(name: string, text: string, lazy: boolean): Parsed {
  // oxc's raw transfer (oxc-raw.ts): no JSON made or read, the AST built only if asked for. The
  // result points into a buffer the next parse reuses: parseModule reads it before returning.
  const raw = text.length <= MAX_RAW_SOURCE ? rawParser() : null;
  if (raw) return raw.parse(name, text, OPTIONS);
  if (lazy) {
    // oxc's native result, without its wrapper: the AST's JSON string (the largest part of the
    // cost on Node 20: made in Rust, copied into a JS string, parsed) is taken only when the AST
    // is read. An untaken string is freed by the result's finalizer, which runs only on an
    // event-loop turn: callers that parse many files must return to their event loop between
    // batches (the graph's worker threads do), or native memory grows to gigabytes.
    const result = parseSyncNative(name, text, OPTIONS);
    let program: Program | null = null;
    return { program: () => (program ??= jsonParseAst(result.program) as Program), module: result.module, comments: result.comments, errors: result.errors };
  }
  // oxc's own wrapper takes every field, the AST's JSON string included, so its native memory is
  // freed by the garbage collector, with no event-loop turn needed (the in-process parse).
  const result = parseSync(name, text, OPTIONS);
  return { program: () => result.program, module: result.module, comments: result.comments, errors: result.errors };
}

export interface ParseOptions {
  /** Read the AST even when the literal scan would do (tests compare the two). */
  ast?: boolean;
  /**
   * Take oxc's AST string only when the AST is read (the literal scan mostly does without it).
   * Only for callers that return to their event loop every few files (see parseText).
   */
  lazy?: boolean;
}

/** Parse one file; a file that does not parse gets `parseError` (the graph treats its loads as unknown). */
export function parseModule(file: string, text: string, options: ParseOptions = {}): ModuleInfo {
  const lineOf = lineIndex(text);
  const loads: LoadSite[] = [];
  const evalLines: number[] = [];
  const functionLines: number[] = [];
  // oxc picks the dialect from the name; .js files may hold JSX, and any file may be a script.
  const name = TS.test(file) ? file : file.replace(/\.(?:cjs|mjs|js|json)?$/, '.jsx');
  let result;
  try {
    result = parseText(name, text, options.lazy === true);
  } catch (error) {
    return { loads, evalLines, functionLines, parseError: (error as Error).message, ast: false };
  }
  if (result.errors.length > 0 && result.program().body.length === 0) return { loads, evalLines, functionLines, parseError: result.errors[0]?.message ?? 'parse error', ast: false };
  for (const entry of result.module.staticImports) {
    const typeOnly = entry.entries.length > 0 && entry.entries.every((item) => item.isType);
    if (!typeOnly) loads.push({ kind: 'import', specifier: entry.moduleRequest.value, prefix: '', suffix: '', line: lineOf(entry.start) });
  }
  for (const entry of result.module.staticExports) {
    for (const item of entry.entries) if (item.moduleRequest && !item.isType) loads.push({ kind: 'import', specifier: item.moduleRequest.value, prefix: '', suffix: '', line: lineOf(entry.start) });
  }
  const literal = options.ast ? null : literalLoads(file, text, result.comments, result.module.dynamicImports, lineOf);
  if (literal && ![...loads, ...literal].some((site) => LOADER_BUILTINS.test(site.specifier as string))) {
    loads.push(...literal);
    return { loads, evalLines, functionLines, parseError: null, ast: false };
  }
  const program = result.program();
  const folder = new Folder(program as unknown as Node, file);
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
  // `Function(…)`/`new Function(…)` compiles code at run time like eval: that code can `import()`
  // anything, or be handed `require` as a parameter (`new Function('require', code)(require)`).
  // Constant text without require or import (`Function('return this')`) loads nothing.
  const functionCall = (site: Node): void => {
    const args = site.arguments as Node[];
    if (args.some((argument) => folder.text(argument).some((part) => !part.exact || /require|import/.test(part.head)))) functionLines.push(lineOf(site.start));
  };
  new Visitor({
    TaggedTemplateExpression(node: unknown) {
      // Function`…${code}` calls Function(strings, code): code compiled at run time.
      const site = node as Node;
      if (isFunctionConstructor(site.tag as Node)) functionCall({ ...site, arguments: [site.quasi] });
    },
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
      if (isFunctionConstructor(site.callee as Node)) functionCall(site);
      else if (spawns && folder.functionOf(site.callee as Node) === 'worker_threads.Worker') add('worker', (site.arguments as Node[])[0], site.start);
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
      } else if (isFunctionConstructor(callee)) {
        functionCall(call);
      } else if (aliases && folder.requireOf(callee)) {
        const base = folder.requireOf(callee)?.base ?? null;
        add('require', base === null ? undefined : args[0], call.start, base);
      } else if (spawns && folder.functionOf(callee) === 'child_process.fork') {
        add('fork', args[0], call.start);
      }
    },
  }).visit(program);
  return { loads, evalLines, functionLines, parseError: null, ast: true };
}

/** This module decides cached loads: the disk cache (loads-cache.ts) is named after its text. */
export const SOURCE_URL = import.meta.url;
