import type { LockNode } from './graph.js';
import { directoryAbove } from './install-locations.js';

/**
 * Which installed packages are inside a bundle, as npm decides it (@npmcli/arborist, Node's
 * `getBundler`, which `inBundle` and the lockfiles' `"inBundle": true` come from): a package is
 * bundled by the folder that holds its node_modules
 * - when anything that folder sits in is bundled (everything inside a bundle is);
 * - when that folder's package.json lists it in bundleDependencies (the project's own list too:
 *   npm marks the root's bundled dependencies, and writes so in package-lock.json);
 * - when a package that folder bundles depends on it (a bundled package's dependency deduplicated
 *   up to the bundling level).
 * A tree's own folder has no bundler. Locations are relative to the scanned root, as the graph's;
 * the scanned root's own folder is `` (as Node's lookup names it, install-locations.ts).
 * Callers skip it where no package.json lists bundleDependencies (most trees: on 2,000 installed
 * packages the walk is ~20 ms of a cold start, for nothing).
 */
export function markBundled(nodes: ReadonlyMap<string, LockNode>, bundleListOf: (location: string) => readonly string[], nameOf: (location: string) => string | null): void {
  const locationOf = new Map<LockNode, string>();
  for (const [location, node] of nodes) locationOf.set(node, location);
  const dependents = new Map<LockNode, LockNode[]>();
  for (const node of nodes.values()) {
    for (const edge of node.edges) {
      const list = dependents.get(edge.to);
      if (list) list.push(node);
      else dependents.set(edge.to, [node]);
    }
  }
  // Bundler of each location (null: none). A location met again on its own chain of questions has
  // none, as arborist's walk cuts the same loop.
  const known = new Map<string, string | null>();
  const asking = new Set<string>();
  const bundlerOf = (location: string): string | null => {
    const node = nodes.get(location);
    if (node === undefined || asking.has(location)) return null;
    const answer = known.get(location);
    if (answer !== undefined) return answer;
    asking.add(location);
    // The folder whose node_modules holds it: `a/node_modules/@s/b` → `a`, `node_modules/b` → `` (the tree's own).
    const parent = directoryAbove(location);
    let bundler = bundlerOf(parent);
    if (bundler === null && bundleListOf(parent).includes(nameOf(location) ?? '')) bundler = parent;
    if (bundler === null && (dependents.get(node) ?? []).some((from) => bundlerOf(locationOf.get(from) ?? '') === parent)) bundler = parent;
    asking.delete(location);
    known.set(location, bundler);
    return bundler;
  };
  for (const [location, node] of nodes) if (bundlerOf(location) !== null) node.flags.bundled = true;
}
