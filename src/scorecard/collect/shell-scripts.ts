/**
 * Which files are shell scripts (Scorecard's isMatchingShellScriptFile): the shebang decides
 * when there is one, else the extension. To avoid reading every file of a large tree, only files
 * that could qualify are read: a shell extension, no extension, or the executable bit.
 */
import { posix } from 'node:path';
import type { RepoFile } from '../types.js';
import { isBinaryName, SHELL_INTERPRETERS, SUPPORTED_SHELLS } from '../shell/commands.js';

/** `.sh`, `.bash`, …: built once, not per path (this test runs on every file of the tree). */
const SHELL_SUFFIXES = SHELL_INTERPRETERS.map((shell) => `.${shell}`);

export function isShellScriptCandidate(file: RepoFile): boolean {
  if (SHELL_SUFFIXES.some((suffix) => file.path.endsWith(suffix))) return true;
  return file.mode === '100755' || !baseName(file.path).includes('.');
}

/** posix.basename without its argument checks, which cost tens of ms over Node's 19,636 paths (issue #16). */
export function baseName(path: string): string {
  return path.endsWith('/') ? posix.basename(path) : path.slice(path.lastIndexOf('/') + 1);
}

/** A script of sh, bash or mksh: what Scorecard can parse. */
export function isSupportedShellScript(path: string, text: string): boolean {
  return matchesShell(path, text, SUPPORTED_SHELLS);
}

/** Any shell script (also dash, ksh, exec, su): such files are never Dockerfiles. */
export function isShellScript(path: string, text: string): boolean {
  return matchesShell(path, text, SHELL_INTERPRETERS);
}

function matchesShell(path: string, text: string, shells: string[]): boolean {
  const byExtension = shells.some((shell) => path.endsWith(`.${shell}`));
  if (text === '') return byExtension;
  // The first line, without splitting the whole file into lines.
  const newline = text.indexOf('\n');
  const first = (newline < 0 ? text : text.slice(0, newline)).replace(/\r$/, '');
  if (!first.startsWith('#!')) return byExtension;
  const parts = first.slice(2).split(' ');
  return shells.some(
    (shell) => isBinaryName(shell, parts[0] ?? '') || (parts.length >= 2 && isBinaryName('env', parts[0] ?? '') && isBinaryName(shell, parts[1] ?? '')),
  );
}
