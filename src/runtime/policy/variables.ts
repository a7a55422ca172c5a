import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { PolicyVariables } from '../types.js';

/** `${name}` at the start of a policy path. */
const VARIABLE = /^\$\{(?<name>[a-z]+)\}(?<rest>.*)$/;

/** Why a policy path cannot be used; the caller adds the file and entry. */
export class PolicyPathError extends Error {}

/** Remove trailing separators: Node 20 aborts on a path granted twice, `/a` and `/a/` included. */
export function stripTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/[/\\]+$/, '') || sep : path;
}

/** True when `path` is `root` or inside it. */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Turn a policy path into an absolute one: `${var}/rest`, an absolute path, or a path relative
 * to the project that must stay inside it (a policy that reaches out with `../` is refused).
 */
export function expandPath(pattern: string, variables: PolicyVariables): string {
  const match = VARIABLE.exec(pattern);
  if (match?.groups) {
    const name = match.groups.name as keyof PolicyVariables;
    if (!(name in variables)) throw new PolicyPathError(`unknown variable \${${match.groups.name}} (known: \${project}, \${home}, \${tmp})`);
    const rest = match.groups.rest ?? '';
    if (rest !== '' && !rest.startsWith('/')) throw new PolicyPathError(`expected "/" after \${${name}}`);
    const base = variables[name];
    const expanded = resolve(base, `.${rest}`);
    if (!isInside(expanded, base)) throw new PolicyPathError(`leaves \${${name}} (${base})`);
    return stripTrailingSlash(expanded);
  }
  if (pattern.includes('${')) throw new PolicyPathError('a variable may only start a path');
  if (isAbsolute(pattern)) return stripTrailingSlash(resolve(pattern));
  const expanded = resolve(variables.project, pattern);
  if (!isInside(expanded, variables.project)) throw new PolicyPathError(`relative path escapes the project (${variables.project})`);
  return stripTrailingSlash(expanded);
}

/**
 * The reverse, for writing policies: replace the longest variable prefix (the project usually
 * sits inside home or tmp, and must win) with `${var}`.
 */
export function generalisePath(path: string, variables: PolicyVariables): string {
  let best: { name: string; root: string } | undefined;
  for (const [name, root] of Object.entries(variables) as [string, string][]) {
    if (root && isInside(path, root) && (!best || root.length > best.root.length)) best = { name, root };
  }
  if (!best) return path;
  const rel = relative(best.root, path).split(sep).join('/');
  return rel === '' ? `\${${best.name}}` : `\${${best.name}}/${rel}`;
}

/** Remove duplicates and paths already covered by a granted ancestor (a directory grant covers its contents). */
export function minimisePaths(paths: Iterable<string>): string[] {
  const sorted = [...new Set([...paths].map(stripTrailingSlash))].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const kept: string[] = [];
  for (const path of sorted) if (!kept.some((root) => isInside(path, root))) kept.push(path);
  return kept.sort();
}
