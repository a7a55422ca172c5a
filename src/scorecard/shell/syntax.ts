/**
 * mvdan/sh's parser (mvdan.cc/sh/v3/syntax, the one Scorecard uses), through the `mvdan-sh`
 * package: the same Go code compiled to JavaScript, so that scripts are accepted, rejected and
 * walked exactly as Scorecard does. The package (1.5 MB) is loaded on the first parse only.
 * Nodes are the Go structs themselves as GopherJS holds them (exported fields, `Pos()`/`End()`
 * methods; see walk.ts), not the package's wrappers; `nodeType` names them (`CallExpr`, …).
 */
import { createRequire } from 'node:module';
import { ParseCache } from './parse-cache.js';
import { goString, items, kindOf, present, walkTree, type GoNode, type GoSlice } from './walk.js';

export { goString, items, present };

/**
 * The tree is read as GopherJS holds it (see walk.ts): slices are GoSlice (read with `items`),
 * strings are UTF-8 byte strings (read with `goString`), a missing node is a nil object (test
 * with `present`).
 */
export type ShNode = GoNode;
export interface Lit extends ShNode {
  Value: string;
}
export interface SglQuoted extends ShNode {
  Value: string;
}
export interface DblQuoted extends ShNode {
  Parts: GoSlice<ShNode>;
}
export interface Word extends ShNode {
  Parts: GoSlice<ShNode>;
}
export interface Redirect extends ShNode {
  Op: number;
  Word: Word;
}
export interface Stmt extends ShNode {
  Cmd: ShNode;
  Redirs: GoSlice<Redirect>;
}
export interface CallExpr extends ShNode {
  Assigns: GoSlice<ShNode>;
  Args: GoSlice<Word>;
}
export interface BinaryCmd extends ShNode {
  Op: number;
  X: Stmt;
  Y: Stmt;
}
export interface ProcSubst extends ShNode {
  Op: number;
  Stmts: GoSlice<Stmt>;
}
export interface ShellFile extends ShNode {
  Stmts: GoSlice<Stmt>;
}

interface GoParseError {
  Text?: string;
  Pos?: { Line(): number };
  Error?: () => string;
}

interface MvdanSh {
  syntax: {
    /** The result is a js.MakeFullWrapper of the *syntax.File; the Go struct is its `__internal_object__`. */
    NewParser(): { Parse(src: string, name: string): { __internal_object__: ShellFile } };
    NewPrinter(): { Print(file: unknown): string };
  };
}

/** A script mvdan/sh rejects; `line` is 1-based within the parsed text. */
export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

/** Operator codes of this build of mvdan/sh (Go token values), read from probe parses. */
export interface Operators {
  pipe: number;
  redirectOut: number;
  procSubstIn: number;
}

let loaded: { sh: MvdanSh['syntax']; ops: Operators } | null = null;

/**
 * GopherJS sets `Error.stackTraceLimit` to Infinity when it loads (it counts stack depth for
 * panics); that is kept for calls into the parser and restored for the rest of the process.
 */
function inGo<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function load(): { sh: MvdanSh['syntax']; ops: Operators } {
  if (loaded !== null) return loaded;
  const limit = Error.stackTraceLimit;
  const sh = (createRequire(import.meta.url)('mvdan-sh') as MvdanSh).syntax;
  Error.stackTraceLimit = limit;
  const first = (src: string): Stmt => {
    const stmt = items(inGo(() => sh.NewParser().Parse(src, 'probe')).__internal_object__.Stmts)[0];
    if (stmt === undefined) throw new Error(`mvdan-sh parsed no statement from ${JSON.stringify(src)}`);
    return stmt;
  };
  const pipe = (first('a | b').Cmd as BinaryCmd).Op;
  const redirectOut = items(first('a > b').Redirs)[0]?.Op ?? -1;
  const arg = items((first('a <(b)').Cmd as CallExpr).Args)[1];
  const proc = (arg === undefined ? undefined : items(arg.Parts)[0]) as ProcSubst;
  loaded = { sh, ops: { pipe, redirectOut, procSubstIn: proc.Op } };
  return loaded;
}

export function operators(): Operators {
  return load().ops;
}

/** 256 K characters of script: about 12 MB of trees at most. */
type Parsed = { file: ShellFile } | { error: { message: string; line: number } };

const recent = new ParseCache<Parsed>(256 * 1024);

/** Parses bash as Scorecard does (`syntax.NewParser().Parse`); throws ShellSyntaxError. */
export function parseShell(text: string): ShellFile {
  let parsed = recent.get(text);
  if (parsed === undefined) {
    parsed = parseUncached(text);
    recent.set(text, parsed);
  }
  if ('error' in parsed) throw new ShellSyntaxError(parsed.error.message, parsed.error.line);
  return parsed.file;
}

function parseUncached(text: string): Parsed {
  const { sh } = load();
  try {
    // The wrapper is dropped at once: reading fields through it converts them on every read.
    return { file: inGo(() => sh.NewParser().Parse(text, 'script')).__internal_object__ };
  } catch (error) {
    const go = error as GoParseError | null;
    if (go === null || typeof go !== 'object' || go instanceof Error) throw error;
    // A ParseError has Text; a LangError (a feature of another shell) only Error().
    const message = typeof go.Text === 'string' ? go.Text : (go.Error?.() ?? String(go));
    return { error: { message, line: go.Pos?.Line() ?? 1 } };
  }
}

/** The node's Go type name: `CallExpr`, `Stmt`, `Lit`, … */
export function nodeType(node: ShNode): string {
  return kindOf(node);
}

/** syntax.Walk over the Go structs (walk.ts): every node but comments, parents first, in mvdan's order. */
export function walkShell(node: ShNode, visit: (node: ShNode, type: string) => void): void {
  walkTree(node, visit);
}

/** The node's source text (offsets are UTF-8 byte offsets into `source`). */
export function sourceOf(source: Buffer, node: ShNode): string {
  return source.subarray(node.Pos().Offset(), node.End().Offset()).toString('utf8');
}

/**
 * The node as mvdan's printer writes it (Scorecard's snippets). The JavaScript build prints
 * whole files only, so the node's source is parsed again as a file and printed; source that
 * does not stand alone (a here-document's body lies outside the node) is given as written.
 */
export function printNode(source: Buffer, node: ShNode): string {
  const text = sourceOf(source, node);
  const { sh } = load();
  try {
    return inGo(() => sh.NewPrinter().Print(sh.NewParser().Parse(text, 'snippet'))).replace(/\n$/, '');
  } catch {
    return text;
  }
}
