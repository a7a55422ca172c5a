import { join } from 'node:path';
import { WorkTreeSource, type FileSource } from '../file-source.js';
import { dirOf, isExcluded, workspaceManifestPaths } from './discover.js';
import type { LockGraph } from './graph.js';
import { entryFor, loadHiddenLockfile, nameFromFolder, type HiddenLockfile } from './hidden-lockfile.js';
import type { Manifest } from './input.js';
import { manifestFromJson } from './manifest.js';
import { buildInstalledGraph, installedName, treeDirOf, type InstalledPackage, type InstalledTree } from './node-modules.js';

/** Reads package.json files once each; null when absent or malformed (the caller reports it). */
export type ManifestReader = (path: string) => Promise<Manifest | null>;

/** How many package.json files are read at once: enough to hide latency, few enough for file handles. */
const READ_CONCURRENCY = 32;

/**
 * Every installed node_modules tree under the root: each directory with a package.json is
 * asked for its node_modules (FileSource lists symlinks only inside the root and cuts loops).
 * Where npm would read a tree from its hidden lockfile, so does this (`hidden-lockfile.ts`): the
 * packages come from its entries, and with no link in the tree its entries are the listing.
 */
export async function readInstalledTrees(source: FileSource, files: readonly string[], exclude: readonly string[], readManifest: ManifestReader, note: (message: string) => void = () => {}): Promise<{ graph: LockGraph; trees: string[] } | null> {
  const projectDirs = files.filter((path) => path === 'package.json' || path.endsWith('/package.json')).map(dirOf);
  const explained = new Set<string>();
  const hidden = source instanceof WorkTreeSource ? usableHiddenLockfiles(source.root, projectDirs, exclude, note, explained) : [];
  const locations = new Set<string>();
  // A git ref has no symlinks to cut, and filtering its one tree listing per prefix is cheap.
  const everything = source.ref === null ? null : await source.list('', { includeNodeModules: true });
  for (const dir of projectDirs) {
    const prefix = dir === '.' ? 'node_modules' : `${dir}/node_modules`;
    if (isExcluded(prefix, exclude)) continue;
    const own = hidden.find((lockfile) => lockfile.dir === dir);
    const listed =
      everything !== null
        ? everything.filter((path) => path.startsWith(`${prefix}/`))
        : own !== undefined && own.links.size === 0
          ? null
          : source.listInstalledManifests
          ? await source.listInstalledManifests(prefix)
          : await source.list(prefix, { includeNodeModules: true });
    let found = 0;
    for (const location of listed === null ? installedFromLockfile(own as HiddenLockfile) : packageDirs(listed)) {
      if (installedName(location) !== null && !isExcluded(location, exclude)) {
        locations.add(location);
        found++;
      }
    }
    // A workspace's node_modules is recorded in its project's hidden lockfile, said once for it.
    const covered = hidden.some((lockfile) => lockfile.dir === '.' || lockfile.dir === dir || dir.startsWith(`${lockfile.dir}/`));
    if (found > 0 && !covered && !explained.has(dir)) {
      const why = source.ref !== null ? `read from git objects, which keep no folder times to check npm's hidden lockfile against` : `no npm hidden lockfile (${prefix}/.package-lock.json)`;
      note(`${prefix}: ${found} installed package.json files read: ${why}`);
    }
  }
  if (locations.size === 0) return null;

  const installed: InstalledPackage[] = [];
  const ordered = [...locations].sort();
  // What a usable hidden lockfile holds is taken from it, as npm does; the rest is read from the folders.
  const fromLockfile = new Map<string, Manifest>();
  // The entries each lockfile gave (a workspace's folders are listed through its link too).
  const used = new Map<HiddenLockfile, Set<string>>(hidden.map((lockfile) => [lockfile, new Set()]));
  for (const location of hidden.length === 0 ? [] : ordered) {
    const found = manifestFromLockfiles(hidden, location);
    if (found === null) continue;
    fromLockfile.set(location, found.manifest);
    used.get(found.lockfile)?.add(found.key);
  }
  const unread = ordered.filter((location) => !fromLockfile.has(location));
  const read = new Map<string, Manifest | null>();
  for (let start = 0; start < unread.length; start += READ_CONCURRENCY) {
    const batch = unread.slice(start, start + READ_CONCURRENCY);
    const manifests = await Promise.all(batch.map((location) => readManifest(`${location}/package.json`)));
    batch.forEach((location, index) => read.set(location, manifests[index] ?? null));
  }
  for (const location of ordered) installed.push({ location, manifest: fromLockfile.get(location) ?? read.get(location) ?? null });
  for (const lockfile of hidden) {
    const prefix = lockfile.dir === '.' ? 'node_modules' : `${lockfile.dir}/node_modules`;
    const count = used.get(lockfile)?.size ?? 0;
    note(`${prefix}: ${count} installed package${count === 1 ? '' : 's'} read from npm's hidden lockfile ${prefix}/.package-lock.json, as npm reads them (no folder newer than it, every folder an entry of it)${unread.length > 0 ? `; ${unread.length} read from their package.json` : ''}`);
  }
  const treeDirs = [...new Set(ordered.map(treeDirOf))].sort();
  const trees: InstalledTree[] = [];
  const workspaces: Manifest[] = [];
  for (const dir of treeDirs) {
    const manifest = await readManifest(dir === '.' ? 'package.json' : `${dir}/package.json`);
    trees.push({ dir, manifest });
    for (const path of workspaceManifestPaths(files, dir, manifest?.workspaces ?? [])) {
      const workspace = await readManifest(path);
      if (workspace) workspaces.push(workspace);
    }
  }
  const graph = buildInstalledGraph(trees, installed, workspaces);
  return { graph, trees: graph.trees };
}

/**
 * The hidden lockfiles npm would read the trees from (`<dir>/node_modules/.package-lock.json`);
 * why each other one is not used goes to `note` (--verbose).
 */
function usableHiddenLockfiles(root: string, projectDirs: readonly string[], exclude: readonly string[], note: (message: string) => void, explained: Set<string>): HiddenLockfile[] {
  const usable: HiddenLockfile[] = [];
  for (const dir of new Set(projectDirs)) {
    const prefix = dir === '.' ? 'node_modules' : `${dir}/node_modules`;
    if (isExcluded(prefix, exclude)) continue;
    const result = loadHiddenLockfile(dir === '.' ? root : join(root, dir), dir);
    if (result === null) continue;
    const why = 'reason' in result ? `${result.reason} (npm would not use it either)` : result.lockfile.pnpmStore ? 'a pnpm store (.pnpm) is installed there, which npm does not record' : null;
    if (why === null && 'lockfile' in result) usable.push(result.lockfile);
    else {
      note(`${prefix}/.package-lock.json not used, the installed package.json files are read instead: ${why ?? ''}`);
      explained.add(dir);
    }
  }
  // The nearest tree first: a nested project's own lockfile before an outer one naming the same folders.
  return usable.sort((a, b) => b.dir.length - a.dir.length);
}

/**
 * With no link in the tree, the package folders are exactly the lockfile's `node_modules/…`
 * entries. At the root these are the lockfile's own key strings: their hashes are already
 * computed when each entry is looked up again (entryFor), and no path is built to be cut back.
 */
function installedFromLockfile(lockfile: HiddenLockfile): string[] {
  const locations: string[] = [];
  const base = lockfile.dir === '.' ? '' : `${lockfile.dir}/`;
  for (const key of Object.keys(lockfile.packages)) if (key.startsWith('node_modules/')) locations.push(base === '' ? key : `${base}${key}`);
  return locations;
}

/** The folders of the `…/package.json` files of a listing. */
function packageDirs(paths: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const path of paths) if (path.endsWith('/package.json')) dirs.push(path.slice(0, -'/package.json'.length));
  return dirs;
}

/** An installed package's manifest from the first hidden lockfile that holds it, or null. */
function manifestFromLockfiles(lockfiles: readonly HiddenLockfile[], location: string): { manifest: Manifest; lockfile: HiddenLockfile; key: string } | null {
  for (const lockfile of lockfiles) {
    const found = entryFor(lockfile, location);
    if (found === null) continue;
    const manifest = manifestFromJson(found.entry, location);
    // npm records `name` only where the folder does not say it (aliases, links to other folder names).
    manifest.name ??= nameFromFolder(found.key);
    return { manifest, lockfile, key: found.key };
  }
  return null;
}
