/**
 * mvdan/sh's parser (mvdan.cc/sh/v3/syntax, the one Scorecard uses), through the `mvdan-sh`
 * package: the same Go code compiled to JavaScript, so that scripts are accepted, rejected and
 * walked exactly as Scorecard does. The package (1.5 MB) is loaded on the first parse only.
 * Node shapes are the Go structs' (exported fields, `Pos()`/`End()` methods); `nodeType` names
 * them (`CallExpr`, `BinaryCmd`, …).
 */
import { createRequire } from 'node:module';

interface GoPos {
  Line(): number;
  Offset(): number;
}

export interface ShNode {
  Pos(): GoPos;
  End(): GoPos;
}
export interface Lit extends ShNode {
  Value: string;
}
export interface SglQuoted extends ShNode {
  Value: string;
}
export interface DblQuoted extends ShNode {
  Parts: ShNode[];
}
export interface Word extends ShNode {
  Parts: ShNode[];
}
export interface Redirect extends ShNode {
  Op: number;
  Word: Word;
}
export interface Stmt extends ShNode {
  Cmd: ShNode | null;
  Redirs: Redirect[];
}
export interface CallExpr extends ShNode {
  Assigns: ShNode[];
  Args: Word[];
}
export interface BinaryCmd extends ShNode {
  Op: number;
  X: Stmt;
  Y: Stmt;
}
export interface ProcSubst extends ShNode {
  Op: number;
  Stmts: Stmt[];
}
export interface ShellFile extends ShNode {
  Stmts: Stmt[];
}

interface GoParseError {
  Text?: string;
  Pos?: GoPos;
  Error?: () => string;
}

interface MvdanSh {
  syntax: {
    NewParser(): { Parse(src: string, name: string): ShellFile };
    NewPrinter(): { Print(file: ShellFile): string };
    Walk(node: ShNode, visit: (node: ShNode | null) => boolean): void;
    NodeType(node: ShNode): string;
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
    const stmt = inGo(() => sh.NewParser().Parse(src, 'probe')).Stmts[0];
    if (stmt === undefined) throw new Error(`mvdan-sh parsed no statement from ${JSON.stringify(src)}`);
    return stmt;
  };
  const pipe = (first('a | b').Cmd as BinaryCmd).Op;
  const redirectOut = first('a > b').Redirs[0]?.Op ?? -1;
  const proc = (first('a <(b)').Cmd as CallExpr).Args[1]?.Parts[0] as ProcSubst;
  loaded = { sh, ops: { pipe, redirectOut, procSubstIn: proc.Op } };
  return loaded;
}

export function operators(): Operators {
  return load().ops;
}

/** Parses bash as Scorecard does (`syntax.NewParser().Parse`); throws ShellSyntaxError. */
export function parseShell(text: string): ShellFile {
  const { sh } = load();
  try {
    return inGo(() => sh.NewParser().Parse(text, 'script'));
  } catch (error) {
    const go = error as GoParseError | null;
    if (go === null || typeof go !== 'object' || go instanceof Error) throw error;
    // A ParseError has Text; a LangError (a feature of another shell) only Error().
    const message = typeof go.Text === 'string' ? go.Text : (go.Error?.() ?? String(go));
    throw new ShellSyntaxError(message, go.Pos?.Line() ?? 1);
  }
}

/** The node's Go type name: `CallExpr`, `Stmt`, `Lit`, … */
export function nodeType(node: ShNode): string {
  return load().sh.NodeType(node);
}

/** syntax.Walk: every node, parents first, in mvdan's order. */
export function walkShell(node: ShNode, visit: (node: ShNode, type: string) => void): void {
  const { sh } = load();
  inGo(() =>
    sh.Walk(node, (child) => {
      if (child !== null) visit(child, sh.NodeType(child));
      return true;
    }),
  );
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
