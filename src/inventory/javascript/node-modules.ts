import * as semver from '../../util/semver.js';
import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import { joinDir, matchesWorkspace, type Manifest } from './input.js';
import { compareNpmNames } from './npm-order.js';
import { InstallLocations } from './install-locations.js';
import { markBundled } from './installed-bundles.js';
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
    const named = byName.get(installedAs);
    if (named) named.push(node);
    else byName.set(installedAs, [node]);
    graph.nodes.push(node);
  }

  // Node's lookup, through an index of the locations by the name they install: no candidate path
  // string is built and hashed per dependency and directory walked (#15).
  const locations = new InstallLocations(nodes.keys(), (location) => nodes.has(location));
  const ranges = new RangeTests();
  let unresolved = 0;
  let example = '';
  // An installed package's dependencies in the order npm writes them (its hidden lockfile is sorted,
  // a package.json is not), so the chains kept do not depend on which was read; roots are always
  // read from their package.json and keep its order.
  const edgesOf = (from: string, manifest: Manifest, withDev: boolean, label: string, npmOrder = false): LockEdge[] => {
    const edges: LockEdge[] = [];
    const add = (deps: Record<string, string>, kind: EdgeKind): void => {
      const names = Object.keys(deps);
      if (npmOrder && !inNpmOrder(names)) names.sort(compareNpmNames);
      for (const name of names) {
        const range = deps[name] as string;
        // npm reads a package.json with `optionalDedupe` (@npmcli/package-json): a name listed in
        // both dependencies and optionalDependencies is optional only, as its lockfiles record it.
        if (kind === 'prod' && Object.hasOwn(manifest.optionalDependencies, name)) continue;
        const at = locations.resolve(from, name);
        const target = (at === null ? undefined : nodes.get(at)) ?? byNameFallback(name, range);
        if (target === undefined || target.workspace) {
          // Trees installed for production lack dev dependencies; other platforms' optional ones are skipped.
          if (target === undefined && kind === 'prod' && !workspaceByName.has(name)) {
            unresolved++;
            example ||= `${label} needs ${name}@${range}`;
          }
          continue;
        }
        noteSpec(target, name, range);
        edges.push({ kind, to: target });
      }
    };
    add(manifest.dependencies, 'prod');
    add(manifest.optionalDependencies, 'optional');
    add(manifest.peerDependencies, 'peer');
    if (withDev) add(manifest.devDependencies, 'dev');
    return edges;
  };

  // Where Node's lookup finds nothing. An `npm:` alias is installed under its alias name, but a
  // store lists it under its real one.
  const byNameFallback = (name: string, range: string): LockNode | undefined => {
    const alias = parseAliasTarget(range);
    return bestByName(byName.get(name) ?? byName.get(alias?.name ?? '') ?? [], alias?.range ?? range, ranges);
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
  // Folders as Node's lookup names them: the root tree is ''.
  const treeManifests = new Map(trees.map((tree) => [tree.dir === '.' ? '' : tree.dir, tree.manifest]));
  if ([...manifests.values(), ...treeManifests.values()].some((manifest) => (manifest?.bundled.length ?? 0) > 0)) {
    markBundled(nodes, (location) => (nodes.has(location) ? manifests.get(nodes.get(location) as LockNode) : treeManifests.get(location))?.bundled ?? [], installedName);
  }
  if (unresolved > 0) graph.problems.push({ message: `${unresolved} dependenc${unresolved === 1 ? 'y is' : 'ies are'} not installed (e.g. ${example})` });
  graph.trees = trees.map((tree) => tree.dir).filter((dir) => !linkedTrees.has(dir));
  return graph;
}

const relativeTo = (base: string, dir: string): string => (base === '.' ? dir : dir.startsWith(`${base}/`) ? dir.slice(base.length + 1) : joinDir(base, dir));

/** Among installed packages of one name, the highest version that satisfies the range. */
function bestByName(candidates: LockNode[], range: string, ranges: RangeTests): LockNode | undefined {
  if (candidates.length === 0) return undefined;
  let best: LockNode | undefined;
  const test = ranges.of(range);
  for (const candidate of candidates) {
    if (candidate.version === null || !semver.valid(candidate.version)) continue;
    if (test !== null && !test(candidate.version)) continue;
    if (best?.version == null || semver.gt(candidate.version, best.version)) best = candidate;
  }
  return best;
}

/**
 * `semver.satisfies(version, range, { includePrerelease: true })` for ranges that
 * `semver.validRange` accepts (null: any version), each range parsed once: a big tree asks the
 * same few ranges (`*`, `^18.0.0` of a peer) hundreds of times, and each call parsed it twice.
 */
class RangeTests {
  private readonly tests = new Map<string, ((version: string) => boolean) | null>();

  of(range: string): ((version: string) => boolean) | null {
    let test = this.tests.get(range);
    if (test === undefined) {
      test = semver.validRange(range) === null ? null : satisfierOf(range);
      this.tests.set(range, test);
    }
    return test;
  }
}

/** As semver.satisfies: a range that does not parse with these options satisfies nothing. */
function satisfierOf(range: string): (version: string) => boolean {
  let parsed: semver.Range;
  try {
    parsed = new semver.Range(range, { includePrerelease: true });
  } catch {
    return () => false;
  }
  return (version) => parsed.test(version);
}

/** Already in npm's order (a hidden lockfile's entries are written sorted): no sort needed. */
function inNpmOrder(names: readonly string[]): boolean {
  for (let index = 1; index < names.length; index++) if (compareNpmNames(names[index - 1] as string, names[index] as string) > 0) return false;
  return true;
}
