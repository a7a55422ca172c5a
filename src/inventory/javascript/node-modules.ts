import * as semver from '../../util/semver.js';
import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import { joinDir, matchesWorkspace, type Manifest } from './input.js';
import { compareNpmNames } from './npm-order.js';
import { resolveLocation } from './package-lock.js';
import { noteSpec, parseAliasTarget } from './spec.js';

/**
 * An installed node_modules tree as a graph: one node per package.json found at
 * `…/node_modules/<name>` (nested trees included), dependencies resolved the way Node resolves
 * them, walking up node_modules folders from the package's location. Where that fails — pnpm's
 * `.pnpm` store links packages through symlinks a file listing shows only once — the package
 * of that name whose version satisfies the range is taken. Chains name locations, as the
 * Node.js WG asked (`deps/npm › node_modules/@npmcli/arborist › node_modules/minimatch`).
 */

/** One installed package as read from its package.json (null manifest: unreadable). */
export interface InstalledPackage {
  /** Its directory relative to the scanned root (`deps/npm/node_modules/semver`). */
  location: string;
  manifest: Manifest | null;
}

/** A tree: the directory holding a node_modules folder, its package.json, and what is installed. */
export interface InstalledTree {
  dir: string;
  manifest: Manifest | null;
}

const INSTALLED_PACKAGE = /(?:^|\/)node_modules\/((?:@[^/.][^/]*\/)?[^/.@][^/]*)$/;

/** The name a location installs (`…/node_modules/@scope/name` → `@scope/name`), or null. */
export function installedName(location: string): string | null {
  return INSTALLED_PACKAGE.exec(location)?.[1] ?? null;
}

/** The directory that holds the outermost node_modules of a location. */
export function treeDirOf(location: string): string {
  const index = location.startsWith('node_modules/') ? 0 : location.indexOf('/node_modules/');
  return index <= 0 ? '.' : location.slice(0, index);
}

/** Build the graph of every installed tree under the root, with trees and workspaces as roots. */
export function buildInstalledGraph(trees: InstalledTree[], installed: InstalledPackage[], workspaces: Manifest[]): LockGraph & { trees: string[] } {
  const graph: LockGraph & { trees: string[] } = { format: 'node_modules', roots: [], nodes: [], problems: [], trees: [] };
  const nodes = new Map<string, LockNode>();
  const byName = new Map<string, LockNode[]>();
  const manifests = new Map<LockNode, Manifest | null>();
  const workspaceByName = new Map(workspaces.filter((item) => item.name !== undefined).map((item) => [item.name as string, item]));

  // A workspace or a `file:` directory is linked into node_modules; the listing then shows its own
  // node_modules twice, through the link and where it lives. Keep where it lives for workspaces
  // (they are roots), and the linked view for `file:` directories (they are packages).
  const linkedWorkspaces = installed.filter(({ manifest }) => manifest?.name !== undefined && workspaceByName.get(manifest.name)?.version === manifest.version).map(({ location }) => `${location}/`);
  const linkedTrees = new Set(
    trees
      .filter((tree) => tree.dir !== '.' && tree.manifest?.name !== undefined && !workspaceByName.has(tree.manifest.name))
      .filter((tree) => installed.some(({ location, manifest }) => manifest?.name === tree.manifest?.name && manifest?.version === tree.manifest?.version && !location.startsWith(`${tree.dir}/`)))
      .map((tree) => tree.dir),
  );
  const duplicate = (location: string): boolean => linkedWorkspaces.some((prefix) => location.startsWith(prefix)) || linkedTrees.has(treeDirOf(location));

  for (const { location, manifest } of installed) {
    const installedAs = installedName(location);
    if (installedAs === null || duplicate(location)) continue;
    const tree = treeDirOf(location);
    const name = manifest?.name ?? installedAs;
    const node = makeNode(name, manifest?.version ?? null, 'registry', {
      label: tree === '.' ? location : location.slice(tree.length + 1),
      foundIn: `${location}/package.json`,
    });
    node.fallbackPath = [tree, node.label as string];
    if (workspaceByName.has(name) && manifest?.version === workspaceByName.get(name)?.version) node.workspace = true;
    else if (name !== installedAs && manifest !== null) {
      node.source = 'alias';
      node.spec = `${installedAs}@npm:${name}@${node.version ?? ''}`;
    }
    nodes.set(location, node);
    manifests.set(node, manifest);
    byName.set(installedAs, [...(byName.get(installedAs) ?? []), node]);
    graph.nodes.push(node);
  }

  const has = (location: string): boolean => nodes.has(location);
  let unresolved = 0;
  let example = '';
  // An installed package's dependencies in the order npm writes them (its hidden lockfile is sorted,
  // a package.json is not), so the chains kept do not depend on which was read; roots are always
  // read from their package.json and keep its order.
  const edgesOf = (from: string, manifest: Manifest, withDev: boolean, label: string, npmOrder = false): LockEdge[] => {
    const edges: LockEdge[] = [];
    const add = (deps: Record<string, string>, kind: EdgeKind): void => {
      const names = npmOrder ? Object.keys(deps).sort(compareNpmNames) : Object.keys(deps);
      for (const name of names) {
        const range = deps[name] as string;
        // npm reads a package.json with `optionalDedupe` (@npmcli/package-json): a name listed in
        // both dependencies and optionalDependencies is optional only, as its lockfiles record it.
        if (kind === 'prod' && Object.hasOwn(manifest.optionalDependencies, name)) continue;
        const at = resolveLocation(has, from, name);
        // An `npm:` alias is installed under its alias name, but a store lists it under its real one.
        const alias = parseAliasTarget(range);
        const target = (at === null ? undefined : nodes.get(at)) ?? bestByName(byName.get(name) ?? byName.get(alias?.name ?? '') ?? [], alias?.range ?? range);
        if (target === undefined || target.workspace) {
          // Trees installed for production lack dev dependencies; other platforms' optional ones are skipped.
          if (target === undefined && kind === 'prod' && !workspaceByName.has(name)) {
            unresolved++;
            example ||= `${label} needs ${name}@${range}`;
          }
          continue;
        }
        noteSpec(target, name, range);
        if (manifest.bundled.includes(name) && at?.startsWith(`${from}/node_modules/`)) target.flags.bundled = true;
        edges.push({ kind, to: target });
      }
    };
    add(manifest.dependencies, 'prod');
    add(manifest.optionalDependencies, 'optional');
    add(manifest.peerDependencies, 'peer');
    if (withDev) add(manifest.devDependencies, 'dev');
    return edges;
  };

  for (const [location, node] of nodes) {
    const manifest = manifests.get(node);
    if (manifest && !node.workspace) node.edges = edgesOf(location, manifest, false, node.label ?? location, true);
  }
  const roots = new Map<string, LockEdge[]>();
  for (const tree of trees) if (tree.manifest && !linkedTrees.has(tree.dir)) roots.set(tree.dir, edgesOf(tree.dir === '.' ? '' : tree.dir, tree.manifest, true, tree.dir));
  for (const workspace of workspaces) {
    if (roots.has(workspace.dir)) continue;
    const isMember = trees.some((tree) => tree.manifest && matchesWorkspace(tree.manifest.workspaces, relativeTo(tree.dir, workspace.dir)));
    if (isMember) roots.set(workspace.dir, edgesOf(workspace.dir, workspace, true, workspace.dir));
  }
  for (const [label, edges] of roots) graph.roots.push({ label, edges });
  if (unresolved > 0) graph.problems.push({ message: `${unresolved} dependenc${unresolved === 1 ? 'y is' : 'ies are'} not installed (e.g. ${example})` });
  graph.trees = trees.map((tree) => tree.dir).filter((dir) => !linkedTrees.has(dir));
  return graph;
}

const relativeTo = (base: string, dir: string): string => (base === '.' ? dir : dir.startsWith(`${base}/`) ? dir.slice(base.length + 1) : joinDir(base, dir));

/** Among installed packages of one name, the highest version that satisfies the range. */
function bestByName(candidates: LockNode[], range: string): LockNode | undefined {
  let best: LockNode | undefined;
  for (const candidate of candidates) {
    if (candidate.version === null || !semver.valid(candidate.version)) continue;
    if (semver.validRange(range) !== null && !semver.satisfies(candidate.version, range, { includePrerelease: true })) continue;
    if (best?.version == null || semver.gt(candidate.version, best.version)) best = candidate;
  }
  return best;
}
