/**
 * Constant folding of load specifiers, at their root: what `require(x)`, `import(x)`,
 * `new Worker(x)` and `fork(x)` can name when `x` is built from string constants — `__dirname`,
 * `__filename`, `import.meta.url/dirname/filename`, `path.join/resolve/dirname`, template
 * literals, `+`, `new URL(s, import.meta.url)`, `fileURLToPath`, `require.resolve(s)`,
 * conditionals (`process.platform === 'win32' ? a : b`: both branches) and identifiers bound once
 * in the file whose every write is visible (`const`, or `let`/`var` with plain `=` assignments).
 *
 * A value is a set of alternatives; each is exact, or a literal head and tail around a computed
 * middle. Whatever cannot be shown is computed: the graph then keeps the load unknown. The one
 * assumption (the same as bundlers' context modules): a computed middle names a path below its
 * literal head, not `..` out of it nor an absolute path.
 */
import { posix } from 'node:path';

export interface Node {
  type: string;
  start: number;
  [key: string]: unknown;
}

/** One alternative: `exact` text, or `head` + <computed> + `tail`. */
export interface Part {
  head: string;
  tail: string;
  exact: boolean;
}

type Value =
  | { kind: 'text'; parts: Part[] }
  /** A builtin module object (`require('node:path')`, `import * as path from 'path'`). */
  | { kind: 'module'; name: string }
  /** A builtin function (`path.join`, `child_process.fork`, `module.createRequire`). */
  | { kind: 'function'; name: string }
  /** A require function; `base` is the file it resolves from (null: unknown). */
  | { kind: 'require'; base: string | null }
  | { kind: 'meta' };

const MAX_ALTERNATIVES = 32;
const COMPUTED: Part = { head: '', tail: '', exact: false };
const exact = (text: string): Part => ({ head: text, tail: '', exact: true });

function concat(a: Part, b: Part): Part {
  if (a.exact && b.exact) return exact(a.head + b.head);
  if (a.exact) return { head: a.head + b.head, tail: b.tail, exact: false };
  if (b.exact) return { head: a.head, tail: a.tail + b.head, exact: false };
  return { head: a.head, tail: b.tail, exact: false };
}

function cross(lists: Part[][], combine: (parts: Part[]) => Part): Part[] | null {
  let out: Part[][] = [[]];
  for (const list of lists) {
    out = out.flatMap((prefix) => list.map((part) => [...prefix, part]));
    if (out.length > MAX_ALTERNATIVES) return null;
  }
  return out.map(combine);
}

/** `path.join` over parts: exact when all are; else the joined head up to the first computed part. */
function joinParts(parts: Part[], absolute: boolean): Part {
  let start = 0;
  // path.resolve starts again at the last exact absolute part; a computed part is taken as relative (see above).
  if (absolute) for (let index = 0; index < parts.length; index++) if (parts[index]!.exact && parts[index]!.head.startsWith('/')) start = index;
  const used = parts.slice(start);
  if (absolute && !(used[0]?.head.startsWith('/') ?? false)) return COMPUTED; // relative to the working directory: unknown
  const firstComputed = used.findIndex((part) => !part.exact);
  if (firstComputed < 0) return exact(posix.join(...used.map((part) => part.head)));
  const before = used.slice(0, firstComputed).map((part) => part.head);
  const computed = used[firstComputed] as Part;
  const head = before.length > 0 ? `${posix.join(...before)}/${computed.head}` : computed.head;
  let lastComputed = used.length - 1;
  while (used[lastComputed]!.exact) lastComputed--;
  const after = used.slice(lastComputed + 1).map((part) => part.head);
  const tail = after.length > 0 ? `${used[lastComputed]!.tail}/${posix.join(...after)}` : used[lastComputed]!.tail;
  return { head: head.replace(/\/{2,}/g, '/'), tail, exact: false };
}

const PATH_MODULES = new Set(['path', 'node:path', 'path/posix', 'node:path/posix']);
const TRACKED_MODULES = new Set(['path', 'url', 'module', 'child_process', 'worker_threads']);
const builtinName = (specifier: string): string | null => {
  const name = specifier.replace(/^node:/, '').replace(/\/posix$/, '');
  return TRACKED_MODULES.has(name) || PATH_MODULES.has(specifier) ? name : null;
};

interface Binding {
  /** Initial value (null: declared without one), or the import it names. */
  init: Node | null;
  importFrom?: { source: string; imported: string | null };
  /** The name is bound in a way the folder does not follow (pattern, loop, parameter of an unnamed function). */
  opaque: boolean;
  /** A plain parameter of a named function: its values are the arguments of the function's calls in the file. */
  param?: { fn: string; index: number };
}

/** A file's bindings by name: every declaration and every write, so one-binding names can be folded. */
class Bindings {
  readonly declared = new Map<string, Binding[]>();
  readonly writes = new Map<string, (Node | null)[]>();
  /** Argument lists of calls by the callee's name (`load('a')`). */
  readonly calls = new Map<string, Node[][]>();
  /** How often each name occurs as an identifier (declarations, calls and every other use). */
  readonly references = new Map<string, number>();
  /** Functions exported by declaration (`export function f`): callers elsewhere pass anything. */
  readonly exported = new Set<string>();
  /** Function nodes bound by `const f = function/arrow`: their name. */
  private readonly functionNames = new Map<Node, string>();

  constructor(program: Node) {
    this.walk(program);
  }

  private declare(name: string, binding: Binding): void {
    const list = this.declared.get(name) ?? [];
    list.push(binding);
    this.declared.set(name, list);
  }

  private write(name: string, value: Node | null): void {
    const list = this.writes.get(name) ?? [];
    list.push(value);
    this.writes.set(name, list);
  }

  /** Names a pattern binds, each opaque (`const { a } = x`, parameters, loop heads). */
  private patternNames(pattern: Node | null | undefined, out: string[]): string[] {
    if (!pattern) return out;
    switch (pattern.type) {
      case 'Identifier':
        out.push(pattern.name as string);
        break;
      case 'ObjectPattern':
        for (const property of pattern.properties as Node[]) this.patternNames((property.type === 'RestElement' ? property.argument : property.value) as Node, out);
        break;
      case 'ArrayPattern':
        for (const element of pattern.elements as (Node | null)[]) this.patternNames(element, out);
        break;
      case 'RestElement':
        this.patternNames(pattern.argument as Node, out);
        break;
      case 'AssignmentPattern':
        this.patternNames(pattern.left as Node, out);
        break;
      case 'TSParameterProperty':
        this.patternNames(pattern.parameter as Node, out);
        break;
    }
    return out;
  }

  private walk(node: unknown): void {
    if (Array.isArray(node)) {
      for (const item of node) this.walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const current = node as Node;
    switch (current.type) {
      case 'VariableDeclarator': {
        const id = current.id as Node;
        const init = current.init as Node | null | undefined;
        if (id.type === 'Identifier' && (init?.type === 'FunctionExpression' || init?.type === 'ArrowFunctionExpression')) this.functionNames.set(init, id.name as string);
        if (id.type === 'Identifier') this.declare(id.name as string, { init: init ?? null, opaque: false });
        else if (id.type === 'ObjectPattern' && current.init) {
          // `const { join, resolve: r } = require('path')`: members of a tracked module.
          for (const property of id.properties as Node[]) {
            const key = property.key as Node | undefined;
            const value = property.value as Node | undefined;
            if (property.type === 'Property' && !property.computed && key?.type === 'Identifier' && value?.type === 'Identifier') {
              this.declare(value.name as string, { init: { type: 'MemberExpression', start: property.start, object: current.init, property: key, computed: false }, opaque: false });
            } else for (const name of this.patternNames(property.type === 'RestElement' ? (property.argument as Node) : value, [])) this.declare(name, { init: null, opaque: true });
          }
        } else for (const name of this.patternNames(id, [])) this.declare(name, { init: null, opaque: true });
        break;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      {
        if (current.type === 'FunctionDeclaration' && current.id) this.declare((current.id as Node).name as string, { init: null, opaque: true });
        const fn = current.type === 'FunctionDeclaration' ? (((current.id as Node | null)?.name as string | undefined) ?? null) : (this.functionNames.get(current) ?? null);
        ((current.params as Node[] | undefined) ?? []).forEach((param, index) => {
          // `function load(name)`, `const load = (name = 'x') => …`: folded from the calls of `load` (see Folder.parameter).
          if (fn !== null && param.type === 'Identifier') this.declare(param.name as string, { init: null, opaque: false, param: { fn, index } });
          else if (fn !== null && param.type === 'AssignmentPattern' && (param.left as Node).type === 'Identifier') this.declare((param.left as Node).name as string, { init: param.right as Node, opaque: false, param: { fn, index } });
          else for (const name of this.patternNames(param, [])) this.declare(name, { init: null, opaque: true });
        });
        break;
      }
      case 'CallExpression':
        if ((current.callee as Node).type === 'Identifier') {
          const name = (current.callee as Node).name as string;
          // Pushed, not copied: a bundle calls some helpers thousands of times.
          const calls = this.calls.get(name);
          if (calls) calls.push(current.arguments as Node[]);
          else this.calls.set(name, [current.arguments as Node[]]);
        }
        break;
      case 'Identifier':
        this.references.set(current.name as string, (this.references.get(current.name as string) ?? 0) + 1);
        break;
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration': {
        const declaration = current.declaration as Node | null;
        if (declaration?.type === 'FunctionDeclaration' && declaration.id) this.exported.add((declaration.id as Node).name as string);
        if (declaration?.type === 'VariableDeclaration') for (const declarator of declaration.declarations as Node[]) for (const name of this.patternNames(declarator.id as Node, [])) this.exported.add(name);
        break;
      }
      case 'ClassDeclaration':
        if (current.id) this.declare((current.id as Node).name as string, { init: null, opaque: true });
        break;
      case 'CatchClause':
        for (const name of this.patternNames(current.param as Node | null, [])) this.declare(name, { init: null, opaque: true });
        break;
      case 'ImportDeclaration':
        for (const specifier of (current.specifiers as Node[] | undefined) ?? []) {
          const imported = specifier.type === 'ImportSpecifier' ? ((specifier.imported as Node).name as string) ?? ((specifier.imported as Node).value as string) : null;
          this.declare((specifier.local as Node).name as string, { init: null, importFrom: { source: (current.source as Node).value as string, imported: specifier.type === 'ImportDefaultSpecifier' ? 'default' : imported }, opaque: false });
        }
        break;
      case 'TSImportEqualsDeclaration':
        this.declare((current.id as Node).name as string, { init: null, opaque: true });
        break;
      case 'AssignmentExpression': {
        const left = current.left as Node;
        if (left.type === 'Identifier') this.write(left.name as string, current.operator === '=' ? (current.right as Node) : null);
        else for (const name of this.patternNames(left, [])) this.write(name, null);
        break;
      }
      case 'UpdateExpression':
        if ((current.argument as Node).type === 'Identifier') this.write((current.argument as Node).name as string, null);
        break;
      case 'ForInStatement':
      case 'ForOfStatement': {
        const left = current.left as Node;
        const pattern = left.type === 'VariableDeclaration' ? ((left.declarations as Node[])[0]?.id as Node) : left;
        for (const name of this.patternNames(pattern, [])) this.write(name, null);
        break;
      }
    }
    for (const key in current) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const child = current[key];
      if (child && typeof child === 'object') this.walk(child);
    }
  }
}

/** Folds expressions of one file. Bindings are collected on the first identifier it must look up. */
export class Folder {
  private bindings: Bindings | null = null;
  private readonly visiting = new Set<string>();
  private readonly dir: string;

  constructor(
    private readonly program: Node,
    private readonly file: string,
  ) {
    this.dir = posix.dirname(file);
  }

  /** The alternatives a specifier expression can take (null: nothing foldable, a computed load). */
  text(node: Node | undefined): Part[] {
    const value = node ? this.value(node, 0) : null;
    if (value?.kind !== 'text') return [COMPUTED];
    // `import(new URL('./x.js', import.meta.url))` and fileURLToPath-free URLs name files too.
    return value.parts.map((part) => (part.head.startsWith('file://') ? { ...part, head: decodeURIComponent(part.head.slice(7)) } : part));
  }

  /** Whether a callee is a require function (`require`, `module.require`, `createRequire(…)`), and from where it resolves. */
  requireOf(callee: Node): { base: string | null } | null {
    const value = this.value(callee, 0);
    return value?.kind === 'require' ? { base: value.base } : null;
  }

  /** The builtin function a callee names (`child_process.fork`, `worker_threads.Worker`), if any. */
  functionOf(callee: Node): string | null {
    const value = this.value(callee, 0);
    return value?.kind === 'function' ? value.name : null;
  }

  private binding(name: string): Binding | null | 'global' {
    this.bindings ??= new Bindings(this.program);
    const list = this.bindings.declared.get(name);
    if (!list) return 'global';
    return list.length === 1 ? (list[0] as Binding) : null;
  }

  private identifier(name: string, depth: number): Value | null {
    const binding = this.binding(name);
    if (binding === 'global') {
      if (name === '__dirname') return { kind: 'text', parts: [exact(this.dir)] };
      if (name === '__filename') return { kind: 'text', parts: [exact(this.file)] };
      if (name === 'require') return { kind: 'require', base: this.file };
      return null;
    }
    if (!binding || binding.opaque || this.visiting.has(name)) return null;
    if (binding.param) return this.parameter(name, binding, binding.param, depth);
    if (binding.importFrom) {
      const module = builtinName(binding.importFrom.source);
      if (!module) return null;
      const imported = binding.importFrom.imported;
      return imported === null || imported === 'default' ? { kind: 'module', name: module } : { kind: 'function', name: `${module}.${imported}` };
    }
    const writes = this.bindings!.writes.get(name) ?? [];
    if (writes.includes(null)) return null;
    const sources = [binding.init, ...writes].filter((source): source is Node => source !== null);
    if (sources.length === 0) return null;
    this.visiting.add(name);
    try {
      const values = sources.map((source) => this.value(source, depth + 1));
      if (values.length === 1) return values[0] ?? null;
      return this.union(values);
    } finally {
      this.visiting.delete(name);
    }
  }

  /**
   * A parameter of a named function bound once in the file: the union of the arguments its calls
   * pass (`function load(name) { return require(name) }` with `load('a')`, `load('b')`: a and b),
   * and its default. When the function is used other than by a direct call (exported, passed,
   * assigned, `.call`), other callers can pass anything: a computed alternative is added. A
   * spread argument, or a write to the parameter that is not a plain `=`, is computed too.
   */
  private parameter(name: string, binding: Binding, param: { fn: string; index: number }, depth: number): Value | null {
    const bindings = this.bindings!;
    const fn = bindings.declared.get(param.fn);
    if (fn?.length !== 1) return null;
    const writes = bindings.writes.get(name) ?? [];
    if (writes.includes(null)) return null;
    const calls = bindings.calls.get(param.fn) ?? [];
    // Every occurrence of the name is its declaration or a direct call's callee, else it escapes.
    const escapes = bindings.exported.has(param.fn) || (bindings.references.get(param.fn) ?? 0) > 1 + calls.length;
    this.visiting.add(name);
    try {
      const values: (Value | null)[] = escapes ? [null] : [];
      for (const args of calls) {
        if (args.slice(0, param.index + 1).some((arg) => arg.type === 'SpreadElement')) values.push(null);
        else if (args[param.index]) values.push(this.value(args[param.index] as Node, depth + 1));
        else if (binding.init) values.push(this.value(binding.init, depth + 1));
        // else: `load()` passes undefined, which loads nothing (require throws).
      }
      for (const write of writes) values.push(this.value(write as Node, depth + 1));
      if (values.length === 0) return { kind: 'text', parts: [] }; // never called: loads nothing
      return this.union(values);
    } finally {
      this.visiting.delete(name);
    }
  }

  private union(values: (Value | null)[]): Value | null {
    // A branch that does not fold is one computed alternative; the others stay exact.
    if (!values.some((value) => value?.kind === 'text')) return values.length === 1 ? (values[0] ?? null) : null;
    const parts: Part[] = [];
    for (const value of values) parts.push(...(value?.kind === 'text' ? value.parts : [COMPUTED]));
    return parts.length <= MAX_ALTERNATIVES ? { kind: 'text', parts } : null;
  }

  private texts(nodes: Node[], depth: number): Part[][] {
    return nodes.map((node) => {
      const value = this.value(node, depth);
      return value?.kind === 'text' ? value.parts : [COMPUTED];
    });
  }

  private call(callee: Value | null, args: Node[], depth: number): Value | null {
    if (!callee) return null;
    if (callee.kind === 'require') {
      const first = args[0];
      if (first?.type === 'Literal' && typeof first.value === 'string') {
        const module = builtinName(first.value);
        if (module) return { kind: 'module', name: module };
      }
      return null;
    }
    if (callee.kind !== 'function') return null;
    const name = callee.name;
    if (name === 'path.join' || name === 'path.resolve') {
      const parts = cross(this.texts(args, depth), (list) => joinParts(list, name === 'path.resolve'));
      return parts ? { kind: 'text', parts } : null;
    }
    if (name === 'path.dirname' && args.length === 1) {
      const [parts] = this.texts(args, depth);
      if (parts?.every((part) => part.exact)) return { kind: 'text', parts: parts.map((part) => exact(posix.dirname(part.head))) };
      return null;
    }
    if (name === 'url.fileURLToPath' && args.length === 1) {
      const [parts] = this.texts(args, depth);
      if (parts?.every((part) => part.head.startsWith('file://'))) return { kind: 'text', parts: parts.map((part) => ({ ...part, head: decodeURIComponent(part.head.slice(7)) })) };
      return null;
    }
    if (name === 'module.createRequire') {
      const [parts] = this.texts(args, depth);
      const only = parts?.length === 1 && parts[0]!.exact ? parts[0]!.head.replace(/^file:\/\//, '') : null;
      return { kind: 'require', base: only && only.startsWith('/') ? only : null };
    }
    return null;
  }

  private value(node: Node, depth: number): Value | null {
    if (depth > 24) return null;
    switch (node.type) {
      case 'Literal':
        return typeof node.value === 'string' ? { kind: 'text', parts: [exact(node.value)] } : null;
      case 'TemplateLiteral': {
        const quasis = (node.quasis as { value: { cooked: string | null } }[]).map((quasi) => [exact(quasi.value.cooked ?? '')]);
        const expressions = this.texts(node.expressions as Node[], depth + 1);
        const lists: Part[][] = [];
        quasis.forEach((quasi, index) => lists.push(quasi, ...(index < expressions.length ? [expressions[index] as Part[]] : [])));
        const parts = cross(lists, (list) => list.reduce(concat, exact('')));
        return parts ? { kind: 'text', parts } : null;
      }
      case 'BinaryExpression': {
        if (node.operator !== '+') return null;
        const parts = cross(this.texts([node.left as Node, node.right as Node], depth + 1), ([a, b]) => concat(a as Part, b as Part));
        return parts ? { kind: 'text', parts } : null;
      }
      case 'ConditionalExpression':
        return this.union([this.value(node.consequent as Node, depth + 1), this.value(node.alternate as Node, depth + 1)]);
      case 'LogicalExpression':
        // `a || b`, `a ?? b`: either; `a && b`: b (a falsy string loads nothing).
        return node.operator === '&&' ? this.value(node.right as Node, depth + 1) : this.union([this.value(node.left as Node, depth + 1), this.value(node.right as Node, depth + 1)]);
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
        return this.value(node.expression as Node, depth + 1);
      case 'SequenceExpression':
        return this.value((node.expressions as Node[]).at(-1) as Node, depth + 1);
      case 'Identifier':
        return this.identifier(node.name as string, depth);
      case 'MetaProperty':
        return (node.meta as Node).name === 'import' ? { kind: 'meta' } : null;
      case 'MemberExpression': {
        if (node.computed) return null;
        const property = (node.property as Node).name as string;
        const object = node.object as Node;
        if (object.type === 'Identifier' && object.name === 'module' && property === 'require' && this.binding('module') === 'global') return { kind: 'require', base: this.file };
        const base = this.value(object, depth + 1);
        if (!base) return null;
        if (base.kind === 'meta') {
          if (property === 'url') return { kind: 'text', parts: [exact(`file://${this.file}`)] };
          if (property === 'dirname') return { kind: 'text', parts: [exact(this.dir)] };
          if (property === 'filename') return { kind: 'text', parts: [exact(this.file)] };
          return null;
        }
        if (base.kind === 'module') {
          if (base.name === 'path' && (property === 'posix' || property === 'default')) return base;
          return { kind: 'function', name: `${base.name}.${property}` };
        }
        if (base.kind === 'require' && property === 'resolve') return { kind: 'function', name: 'require.resolve' };
        return null;
      }
      case 'CallExpression': {
        const callee = this.value(node.callee as Node, depth + 1);
        const args = node.arguments as Node[];
        if (callee?.kind === 'function' && callee.name === 'require.resolve' && args.length === 1) {
          // require.resolve('./x') names the file './x' resolves to: folded to the path itself when relative.
          const [parts] = this.texts(args, depth + 1);
          if (parts?.every((part) => part.exact && (part.head.startsWith('./') || part.head.startsWith('../')))) return { kind: 'text', parts: parts.map((part) => exact(posix.join(this.dir, part.head))) };
          if (parts?.every((part) => part.exact)) return { kind: 'text', parts };
          return null;
        }
        return this.call(callee, args, depth + 1);
      }
      case 'NewExpression': {
        const callee = this.value(node.callee as Node, depth + 1);
        const args = node.arguments as Node[];
        const isUrl = (node.callee as Node).type === 'Identifier' && (node.callee as Node).name === 'URL' && this.binding('URL') === 'global';
        if (!isUrl && !(callee?.kind === 'function' && callee.name === 'url.URL')) return null;
        const [specs, bases] = this.texts(args, depth + 1);
        if (!specs || !bases || bases.length !== 1 || !bases[0]!.exact || !bases[0]!.head.startsWith('file://')) return null;
        const from = posix.dirname(bases[0]!.head.slice(7));
        const parts = specs.map((part): Part => (part.head.startsWith('./') || part.head.startsWith('../') ? { ...part, head: `file://${posix.join(from, part.head)}` } : part.head.startsWith('file://') ? part : COMPUTED));
        return { kind: 'text', parts };
      }
      default:
        return null;
    }
  }
}

/** This module decides cached loads: the disk cache (loads-cache.ts) is named after its text. */
export const SOURCE_URL = import.meta.url;
