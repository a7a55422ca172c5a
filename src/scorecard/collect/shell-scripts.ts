/**
 * Which files are shell scripts (Scorecard's isMatchingShellScriptFile): the shebang decides
 * when there is one, else the extension. To avoid reading every file of a large tree, only files
 * that could qualify are read: a shell extension, no extension, or the executable bit.
 */
import { posix } from 'node:path';
import type { RepoFile } from '../types.js';
import { isBinaryName, SHELL_INTERPRETERS, SUPPORTED_SHELLS } from '../shell/commands.js';

export function isShellScriptCandidate(file: RepoFile): boolean {
  const base = posix.basename(file.path);
  if (SHELL_INTERPRETERS.some((shell) => file.path.endsWith(`.${shell}`))) return true;
  return file.mode === '100755' || !base.includes('.');
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
  const first = (text.split('\n')[0] ?? '').replace(/\r$/, '');
  if (!first.startsWith('#!')) return byExtension;
  const parts = first.slice(2).split(' ');
  return shells.some(
    (shell) => isBinaryName(shell, parts[0] ?? '') || (parts.length >= 2 && isBinaryName('env', parts[0] ?? '') && isBinaryName(shell, parts[1] ?? '')),
  );
}
