/**
 * Load sites of one JavaScript/TypeScript file, found with oxc-parser (a maintained Rust parser:
 * JS, TS, JSX, ESM and CommonJS in one pass; see the README for why it and not the lexers). A
 * literal specifier is an edge; a computed one keeps its literal head so the graph can bound it.
 */
import { parseSync, Visitor } from 'oxc-parser';
import type { LoadKind, LoadSite, ModuleInfo } from './types.js';

interface Node {
  type: string;
  start: number;
  [key: string]: unknown;
}

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

/** The literal value of a specifier expression, or its literal head when it is computed. */
export function specifierOf(node: Node | undefined): { specifier: string | null; prefix: string } {
  if (!node) return { specifier: null, prefix: '' };
  if (node.type === 'Literal' && typeof node.value === 'string') return { specifier: node.value, prefix: '' };
  if (node.type === 'TemplateLiteral') {
    const quasis = node.quasis as { value: { cooked: string | null } }[];
    const head = quasis[0]?.value.cooked ?? '';
    return (node.expressions as unknown[]).length === 0 ? { specifier: head, prefix: '' } : { specifier: null, prefix: head };
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const left = specifierOf(node.left as Node);
    return { specifier: null, prefix: left.specifier ?? left.prefix };
  }
  if (node.type === 'ParenthesizedExpression' || node.type === 'TSAsExpression') return specifierOf(node.expression as Node);
  return { specifier: null, prefix: '' };
}

function isRequire(callee: Node): LoadKind | null {
  if (callee.type === 'Identifier' && callee.name === 'require') return 'require';
  if (callee.type === 'MemberExpression' && !callee.computed) {
    const object = callee.object as Node;
    const property = callee.property as Node;
    if (object.type === 'Identifier' && object.name === 'require' && property.name === 'resolve') return 'require-resolve';
    // module.require(x) and process.mainModule.require(x) load like require.
    if (property.name === 'require' && object.type === 'Identifier' && object.name === 'module') return 'require';
  }
  return null;
}

const TS = /\.(?:ts|tsx|mts|cts)$/;

/** Parse one file; a file that does not parse gets `parseError` (the graph treats its loads as unknown). */
export function parseModule(file: string, text: string): ModuleInfo {
  const lineOf = lineIndex(text);
  const loads: LoadSite[] = [];
  const evalLines: number[] = [];
  // oxc picks the dialect from the name; .js files may hold JSX, and any file may be a script.
  const name = TS.test(file) ? file : file.replace(/\.(?:cjs|mjs|js|json)?$/, '.jsx');
  let result;
  try {
    result = parseSync(name, text, { sourceType: 'unambiguous' as never });
  } catch (error) {
    return { loads, evalLines, parseError: (error as Error).message };
  }
  if (result.errors.length > 0 && result.program.body.length === 0) return { loads, evalLines, parseError: result.errors[0]?.message ?? 'parse error' };
  for (const entry of result.module.staticImports) {
    const typeOnly = entry.entries.length > 0 && entry.entries.every((item) => item.isType);
    if (!typeOnly) loads.push({ kind: 'import', specifier: entry.moduleRequest.value, prefix: '', line: lineOf(entry.start) });
  }
  for (const entry of result.module.staticExports) {
    for (const item of entry.entries) if (item.moduleRequest && !item.isType) loads.push({ kind: 'import', specifier: item.moduleRequest.value, prefix: '', line: lineOf(item.start) });
  }
  new Visitor({
    ImportExpression(node: unknown) {
      const site = node as Node;
      loads.push({ kind: 'dynamic-import', ...specifierOf(site.source as Node), line: lineOf(site.start) });
    },
    CallExpression(node: unknown) {
      const call = node as Node;
      const callee = call.callee as Node;
      const kind = isRequire(callee);
      if (kind) {
        loads.push({ kind, ...specifierOf((call.arguments as Node[])[0]), line: lineOf(call.start) });
      } else if (callee.type === 'Identifier' && callee.name === 'eval') {
        const argument = (call.arguments as Node[])[0];
        if (!argument || specifierOf(argument).specifier === null || /require|import/.test(String((argument as { value?: unknown }).value))) evalLines.push(lineOf(call.start));
      }
    },
  }).visit(result.program as never);
  return { loads, evalLines, parseError: null };
}
