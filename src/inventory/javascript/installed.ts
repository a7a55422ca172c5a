import type { FileSource } from '../file-source.js';
import { dirOf, isExcluded, workspaceManifestPaths } from './discover.js';
import type { LockGraph } from './graph.js';
import type { Manifest } from './input.js';
import { buildInstalledGraph, installedName, treeDirOf, type InstalledPackage, type InstalledTree } from './node-modules.js';

/** Reads package.json files once each; null when absent or malformed (the caller reports it). */
export type ManifestReader = (path: string) => Promise<Manifest | null>;

/** How many package.json files are read at once: enough to hide latency, few enough for file handles. */
const READ_CONCURRENCY = 32;

/**
 * Every installed node_modules tree under the root: each directory with a package.json is
 * asked for its node_modules (FileSource lists symlinks only inside the root and cuts loops).
 */
export async function readInstalledTrees(source: FileSource, files: readonly string[], exclude: readonly string[], readManifest: ManifestReader): Promise<{ graph: LockGraph; trees: string[] } | null> {
  const projectDirs = files.filter((path) => path === 'package.json' || path.endsWith('/package.json')).map(dirOf);
  const locations = new Set<string>();
  // A git ref has no symlinks to cut, and filtering its one tree listing per prefix is cheap.
  const everything = source.ref === null ? null : await source.list('', { includeNodeModules: true });
  for (const dir of projectDirs) {
    const prefix = dir === '.' ? 'node_modules' : `${dir}/node_modules`;
    if (isExcluded(prefix, exclude)) continue;
    const listed =
      everything !== null
        ? everything.filter((path) => path.startsWith(`${prefix}/`))
        : source.listInstalledManifests
          ? await source.listInstalledManifests(prefix)
          : await source.list(prefix, { includeNodeModules: true });
    for (const path of listed) {
      if (!path.endsWith('/package.json')) continue;
      const location = path.slice(0, -'/package.json'.length);
      if (installedName(location) !== null && !isExcluded(location, exclude)) locations.add(location);
    }
  }
  if (locations.size === 0) return null;

  const installed: InstalledPackage[] = [];
  const ordered = [...locations].sort();
  for (let start = 0; start < ordered.length; start += READ_CONCURRENCY) {
    const batch = ordered.slice(start, start + READ_CONCURRENCY);
    const manifests = await Promise.all(batch.map((location) => readManifest(`${location}/package.json`)));
    batch.forEach((location, index) => installed.push({ location, manifest: manifests[index] ?? null }));
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
