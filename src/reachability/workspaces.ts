/**
 * Workspace package directories of a project: package.json `workspaces` (npm, Yarn) and
 * pnpm-workspace.yaml `packages`, with the glob forms they use — `*` (one directory level, or part
 * of a name: `pkg-*`), `**` (any depth) and `!` exclusions. A workspace is an entry point of its
 * own: an application package nothing imports still runs.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseYaml } from '../inventory/javascript/parse-rich.js';
import { readInputTextSync } from '../util/read-input.js';
import type { PackageJson } from './resolve.js';

const MAX_DEPTH = 6;

function segmentRegex(segment: string): RegExp {
  return new RegExp(`^${segment.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replaceAll('*', '[^/]*')}$`);
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      .map((entry) => join(dir, entry.name));
  } catch {
    return [];
  }
}

/** Directories under `root` matching one pattern's segments. */
function expand(root: string, segments: string[], depth = 0): string[] {
  if (segments.length === 0) return [root];
  const [segment, ...rest] = segments as [string, ...string[]];
  if (segment === '**') {
    const here = expand(root, rest, depth);
    if (depth >= MAX_DEPTH) return here;
    return [...here, ...subdirectories(root).flatMap((dir) => expand(dir, segments, depth + 1))];
  }
  if (!segment.includes('*')) return expand(join(root, segment), rest, depth + 1);
  const regex = segmentRegex(segment);
  return subdirectories(root)
    .filter((dir) => regex.test(dir.slice(dir.lastIndexOf(sep) + 1)))
    .flatMap((dir) => expand(dir, rest, depth + 1));
}

/** The workspace patterns a project declares, and where (pnpm-workspace.yaml takes precedence, as pnpm reads only it). */
export function workspacePatterns(root: string, manifest: PackageJson | null): { patterns: string[]; problems: string[] } {
  const problems: string[] = [];
  const pnpmFile = join(root, 'pnpm-workspace.yaml');
  if (existsSync(pnpmFile)) {
    try {
      const packages = (parseYaml(readInputTextSync(pnpmFile, { kind: 'manifest' }), pnpmFile) as { packages?: unknown } | null)?.packages;
      if (Array.isArray(packages)) return { patterns: packages.filter((item): item is string => typeof item === 'string'), problems };
    } catch (error) {
      problems.push(`${(error as Error).message} (its workspaces are not entry points)`);
    }
  }
  const declared = Array.isArray(manifest?.workspaces) ? manifest.workspaces : (manifest?.workspaces?.packages ?? []);
  return { patterns: declared.filter((item): item is string => typeof item === 'string'), problems };
}

/** Workspace directories holding a package.json (exclusions applied), sorted. */
export function workspaceDirs(root: string, patterns: string[], hasManifest: (dir: string) => boolean): string[] {
  const included = new Set<string>();
  const excluded: RegExp[] = [];
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = raw.slice(negated ? 1 : 0).replace(/^\.\//, '').replace(/\/+$/, '');
    if (negated) {
      excluded.push(new RegExp(`^${pattern.split('/').map((segment) => (segment === '**' ? '.*' : segmentRegex(segment).source.slice(1, -1))).join('/')}$`));
      continue;
    }
    for (const dir of expand(root, pattern.split('/').filter((segment) => segment !== ''))) {
      const path = resolve(dir);
      if (path !== root && path.startsWith(root + sep) && hasManifest(path)) included.add(path);
    }
  }
  return [...included].filter((dir) => !excluded.some((regex) => regex.test(relative(root, dir).split(sep).join('/')))).sort();
}
