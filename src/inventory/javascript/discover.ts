import { joinDir, matchesWorkspace } from './input.js';
import { formatFor, type LockfileFormat } from './registry.js';

/**
 * Which files of a tree are lockfiles (every one under the root, issue #2: monorepos report
 * each separately), skipping node_modules and directories another scanner owns.
 */

/** `a/b/c.json` → `a/b`; `c.json` → `.`. */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '.' : path.slice(0, slash);
}

/** `a/b/c.json` → `c.json`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Is `path` inside one of the excluded directories? */
export function isExcluded(path: string, exclude: readonly string[]): boolean {
  return exclude.some((dir) => {
    const clean = dir.replace(/\/+$/, '');
    return clean === '' || clean === '.' || path === clean || path.startsWith(`${clean}/`);
  });
}

export interface FoundLockfile {
  path: string;
  dir: string;
  format: LockfileFormat;
}

/** Lockfiles among `files`, outside node_modules and `exclude`. */
export function findLockfiles(files: readonly string[], exclude: readonly string[]): FoundLockfile[] {
  const found: FoundLockfile[] = [];
  for (const path of files) {
    const format = formatFor(baseName(path));
    if (format === undefined || /(^|\/)node_modules\//.test(path) || isExcluded(path, exclude)) continue;
    found.push({ path, dir: dirOf(path), format });
  }
  return found;
}

/** package.json files of workspaces of a project at `dir` (patterns relative to it). */
export function workspaceManifestPaths(files: readonly string[], dir: string, patterns: readonly string[]): string[] {
  if (patterns.length === 0) return [];
  const prefix = dir === '.' ? '' : `${dir}/`;
  return files.filter((path) => {
    if (baseName(path) !== 'package.json' || !path.startsWith(prefix) || /(^|\/)node_modules\//.test(path)) return false;
    const relative = dirOf(path.slice(prefix.length));
    return relative !== '.' && matchesWorkspace(patterns, relative) && joinDir(dir, relative) !== dir;
  });
}
