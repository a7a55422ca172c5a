/**
 * Pre-order traversal and printing of shell trees, in the order mvdan.cc/sh's syntax.Walk
 * visits nodes (statement, then its command, then its redirects; words part by part), because
 * Scorecard's "downloaded file then executed" rule depends on that order.
 */
import type { Command, ShellNode, Stmt, Word, WordPart } from './ast.js';

/** Calls `visit` on every node under `stmts`, parents before children. */
export function walkShell(stmts: Stmt[], visit: (node: ShellNode) => void): void {
  for (const stmt of stmts) walkStmt(stmt, visit);
}

function walkStmt(stmt: Stmt, visit: (node: ShellNode) => void): void {
  visit(stmt);
  if (stmt.cmd !== null) walkCommand(stmt.cmd, visit);
  for (const redirect of stmt.redirs) {
    visit(redirect);
    walkWord(redirect.word, visit);
  }
}

function walkCommand(cmd: Command, visit: (node: ShellNode) => void): void {
  visit(cmd);
  switch (cmd.kind) {
    case 'CallExpr':
      for (const word of [...cmd.assigns, ...cmd.args]) walkWord(word, visit);
      return;
    case 'BinaryCmd':
      walkStmt(cmd.x, visit);
      walkStmt(cmd.y, visit);
      return;
    case 'Compound':
      for (const word of cmd.words) walkWord(word, visit);
      walkShell(cmd.stmts, visit);
  }
}

function walkWord(word: Word, visit: (node: ShellNode) => void): void {
  visit(word);
  for (const part of word.parts) walkPart(part, visit);
}

function walkPart(part: WordPart, visit: (node: ShellNode) => void): void {
  visit(part);
  if (part.kind === 'DblQuoted') for (const inner of part.parts) walkPart(inner, visit);
  if (part.kind === 'CmdSubst' || part.kind === 'ProcSubst') walkShell(part.stmts, visit);
}

/** A one-line rendering of a command, as Scorecard's snippets show it (`curl bla | bash`). */
export function printCommand(cmd: Command): string {
  switch (cmd.kind) {
    case 'CallExpr':
      return [...cmd.assigns, ...cmd.args].map((word) => word.text).join(' ');
    case 'BinaryCmd':
      return `${printStmt(cmd.x)} ${cmd.op} ${printStmt(cmd.y)}`;
    case 'Compound':
      return cmd.keyword;
  }
}

/** A statement with its redirects (`curl bla >/tmp/file`). */
export function printStmt(stmt: Stmt): string {
  const cmd = stmt.cmd === null ? '' : printCommand(stmt.cmd);
  const redirs = stmt.redirs.map((r) => `${r.op}${r.word.text}`);
  return [cmd, ...redirs].filter((part) => part !== '').join(' ');
}
