/**
 * A shell syntax tree shaped like mvdan.cc/sh's (the parser Scorecard uses), reduced to the
 * nodes Scorecard's download and package-manager rules look at. Lines are 1-based within the
 * parsed text; `text` is the node's source, used as the finding's snippet.
 */

export interface Span {
  line: number;
  endLine: number;
  start: number;
  end: number;
}

export interface Lit extends Span {
  kind: 'Lit';
  value: string;
}
export interface SglQuoted extends Span {
  kind: 'SglQuoted';
  value: string;
}
export interface DblQuoted extends Span {
  kind: 'DblQuoted';
  parts: WordPart[];
}
export interface CmdSubst extends Span {
  kind: 'CmdSubst';
  stmts: Stmt[];
}
export interface ProcSubst extends Span {
  kind: 'ProcSubst';
  op: '<(' | '>(';
  stmts: Stmt[];
}
/** `$x`, `${x...}`, `$((...))`: opaque to Scorecard's rules. */
export interface Expansion extends Span {
  kind: 'Expansion';
}
export type WordPart = Lit | SglQuoted | DblQuoted | CmdSubst | ProcSubst | Expansion;

export interface Word extends Span {
  kind: 'Word';
  parts: WordPart[];
  /** The word as written (line continuations removed). */
  text: string;
}

export interface Redirect extends Span {
  kind: 'Redirect';
  op: string;
  word: Word;
}

export interface CallExpr extends Span {
  kind: 'CallExpr';
  /** Values of `NAME=value` prefixes (walked for substitutions, never commands). */
  assigns: Word[];
  args: Word[];
}
export interface BinaryCmd extends Span {
  kind: 'BinaryCmd';
  op: '&&' | '||' | '|' | '|&';
  x: Stmt;
  y: Stmt;
}
/** Subshells, blocks, if/while/for/case, functions: only their statements matter here. */
export interface Compound extends Span {
  kind: 'Compound';
  keyword: string;
  words: Word[];
  stmts: Stmt[];
}
export type Command = CallExpr | BinaryCmd | Compound;

export interface Stmt extends Span {
  kind: 'Stmt';
  cmd: Command | null;
  redirs: Redirect[];
}

export interface ShellFile {
  stmts: Stmt[];
}

export type ShellNode = Stmt | Command | Word | WordPart | Redirect;
