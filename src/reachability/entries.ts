/**
 * A project's real entry points, from its package.json (and each workspace's): `main` (or
 * `index.js`), every target of `exports` under every condition (wildcards expanded against the
 * files on disk), `bin`, the bundlers' `module`, and the files the user names.
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { allExportTargets } from './exports-map.js';
import type { PackageJson, Resolver } from './resolve.js';
import type { EntryPoint } from './types.js';
import { workspaceDirs, workspacePatterns } from './workspaces.js';

/** Files under `dir` (no node_modules), relative, for wildcard expansion. */
function filesUnder(dir: string, limit = 20_000): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (out.length >= limit) return;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') walk(join(current, entry.name));
      } else out.push(relative(dir, join(current, entry.name)));
    }
  };
  walk(dir);
  return out;
}

/** Entry points of one package directory. */
export function packageEntries(dir: string, manifest: PackageJson | null, resolver: Resolver): EntryPoint[] {
  const out: EntryPoint[] = [];
  const add = (path: string, reason: string): void => {
    const file = resolver.fileOrDirectory(resolve(dir, path));
    if (file) out.push({ file: resolver.real(file), reason });
  };
  if (manifest?.exports !== undefined && manifest.exports !== null) {
    let files: string[] | null = null;
    for (const { subpath, target } of allExportTargets(manifest.exports)) {
      if (!target.startsWith('./')) continue;
      if (!target.includes('*')) {
        add(target, `package.json exports ${subpath}`);
        continue;
      }
      files ??= filesUnder(dir);
      const [head, tail] = target.slice(2).split('*') as [string, string];
      for (const file of files) if (file.startsWith(head) && file.endsWith(tail ?? '')) add(`./${file}`, `package.json exports ${subpath}`);
    }
  }
  if (typeof manifest?.main === 'string') add(manifest.main, 'package.json main');
  if (typeof manifest?.module === 'string') add(manifest.module, 'package.json module');
  if (typeof manifest?.bin === 'string') add(manifest.bin, 'package.json bin');
  else if (manifest?.bin && typeof manifest.bin === 'object') for (const [name, path] of Object.entries(manifest.bin)) if (typeof path === 'string') add(path, `package.json bin ${name}`);
  if (out.length === 0) add('./index', 'index.js (no main, exports or bin)');
  return out;
}

/** Entry points of a project: the named files if any, else its package.json and its workspaces'. */
export function projectEntries(root: string, named: string[], resolver: Resolver): { entries: EntryPoint[]; problems: string[] } {
  const problems: string[] = [];
  if (named.length > 0) {
    const entries: EntryPoint[] = [];
    for (const name of named) {
      const file = resolver.fileOrDirectory(resolve(root, name));
      if (file) entries.push({ file: resolver.real(file), reason: 'named on the command line' });
      else throw new InputError(`${resolve(root, name)}: no such entry file (--entry ${name})`, { file: resolve(root, name) });
    }
    return { entries, problems };
  }
  const manifest = resolver.manifest(root);
  const entries = packageEntries(root, manifest, resolver);
  const workspaces = workspacePatterns(root, manifest);
  problems.push(...workspaces.problems);
  for (const dir of workspaceDirs(root, workspaces.patterns, (path) => resolver.manifest(path) !== null)) entries.push(...packageEntries(dir, resolver.manifest(dir), resolver).map((entry) => ({ ...entry, reason: `workspace ${relative(root, dir)}: ${entry.reason}` })));
  if (entries.length === 0) problems.push(`${root}: no entry point (package.json main, exports, bin or index.js); name one with --entry`);
  return { entries, problems };
}
