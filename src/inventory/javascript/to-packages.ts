import type { DependencyPath, InventoryProblem, Package, Scope } from '../types.js';
import type { LockGraph, LockNode } from './graph.js';
import { indexGraph } from './graph-index.js';
import { computePaths } from './paths.js';
import { purlFor } from './purl-for.js';
import { computeScopes, DEV, OPTIONAL, PEER, REACHABLE } from './scope.js';

/** Where the graph came from, for ids, `foundIn` and problems. */
export interface GraphOrigin {
  origin: Package['origin'];
  /** The lockfile (or tree) path relative to the scanned root. */
  foundIn: string;
  maxPathsPerPackage: number;
}

const SCOPE_RANK: Record<Scope, number> = { prod: 0, peer: 1, optional: 2, 'dev-optional': 3, dev: 4 };

/** The wider of two scopes: a package needed in production by one path is a production package. */
const widerScope = (a: Scope, b: Scope): Scope => (SCOPE_RANK[a] <= SCOPE_RANK[b] ? a : b);

/**
 * Turn a graph into Packages: one per (name, version, source) in the file, with the widest
 * scope, `direct` when any root depends on it, and every dependency chain (capped, and said so).
 */
export function graphToPackages(graph: LockGraph, where: GraphOrigin): { packages: Package[]; problems: InventoryProblem[] } {
  const index = indexGraph(graph);
  const scopes = computeScopes(graph, index);
  const { paths, capped } = computePaths(graph, where.maxPathsPerPackage, index);
  const direct = new Uint8Array(index.nodes.length);
  for (const target of index.rootEdgeTarget) direct[target] = 1;

  /** A package, and the nodes its chains come from, in graph order (its paths are written when read). */
  const byKey = new Map<string, { pkg: Package; sources: LockNode[] }>();
  const nodePaths = (node: LockNode): DependencyPath[] => paths.get(node) ?? (node.fallbackPath ? [node.fallbackPath] : []);
  // Instances no root reaches (a stale entry, Berry's unpatched twin of a patched package) say nothing about scope.
  const reached = new Set<string>();
  let cappedPackages = 0;
  for (const node of graph.nodes) {
    if (node.workspace) continue;
    const at = index.indexOf.get(node) ?? 0;
    const computedScope = scopes.scope[at] ?? 'prod';
    const computed = scopes.flags[at] ?? 0;
    // A scope the file states wins over one computed from a graph that may be incomplete.
    // pnpm 5/6 say `dev: false` for peers too: a declared prod that only peers reach is a peer.
    const scope = node.declaredScope === 'prod' && computedScope === 'peer' ? 'peer' : (node.declaredScope ?? computedScope);
    const flags: Package['flags'] = { ...node.flags };
    if (scope === 'dev' || computed & DEV) flags.dev = true;
    if (scope === 'optional' || computed & OPTIONAL) flags.optional = true;
    if (scope === 'peer' || computed & PEER) flags.peer = true;
    const versionLabel = `${node.name}@${node.version ?? node.spec ?? '?'}`;
    const foundIn = node.foundIn ?? where.foundIn;
    const key = `${node.foundIn === undefined ? '' : `${node.foundIn}:`}${identity(node, versionLabel)}`;
    const existing = byKey.get(key);
    const isReached = (computed & REACHABLE) !== 0 || node.declaredScope !== undefined;
    if (existing) {
      const pkg = existing.pkg;
      if (isReached && !reached.has(key)) {
        pkg.scope = scope;
        pkg.flags = pkg.flags.bundled ? { ...flags, bundled: true } : flags;
      } else if (isReached) {
        pkg.scope = widerScope(pkg.scope, scope);
        pkg.flags = mergeFlags(pkg.flags, flags);
      }
      if (isReached) reached.add(key);
      pkg.direct ||= direct[at] === 1;
      existing.sources.push(node);
      if (capped.has(node) && !pkg.pathsCapped) {
        pkg.pathsCapped = true;
        cappedPackages++;
      }
      continue;
    }
    const pkg = {
      id: `${where.origin}:${foundIn}:${node.foundIn === undefined ? key : versionLabel}`,
      ecosystem: node.ecosystem ?? 'npm',
      name: node.name,
      version: node.version,
      purl: node.purl !== undefined ? node.purl : purlFor(node),
      cpe: null,
      origin: where.origin,
      foundIn,
      scope,
      direct: direct[at] === 1,
      flags,
      source: node.source,
    } as Omit<Package, 'paths'> as Package;
    const sources = [node];
    lazyPaths(pkg, () => {
      // The first instance's chains, then the others' while fewer than the cap.
      const list = nodePaths(sources[0] as LockNode);
      for (const other of sources.slice(1)) if (list.length < where.maxPathsPerPackage) list.push(...nodePaths(other).slice(0, where.maxPathsPerPackage - list.length));
      return list;
    });
    if (node.version === null) pkg.versionUnknownReason = `${foundIn} records no version for ${node.name}`;
    if (node.spec !== undefined) pkg.spec = node.spec;
    if (capped.has(node)) {
      pkg.pathsCapped = true;
      cappedPackages++;
    }
    byKey.set(key, { pkg, sources });
    if (isReached) reached.add(key);
  }
  const problems: InventoryProblem[] = graph.problems.map((problem) => ({ path: where.foundIn, ...(problem.line === undefined ? {} : { line: problem.line }), message: problem.message, severity: problem.severity ?? 'warning' }));
  if (cappedPackages > 0) {
    problems.push({
      path: where.foundIn,
      message: `dependency paths kept to the ${where.maxPathsPerPackage} shortest per package; ${cappedPackages} package(s) have more (marked pathsCapped)`,
      severity: 'warning',
    });
  }
  const packages: Package[] = [];
  for (const { pkg } of byKey.values()) packages.push(pkg);
  return { packages, problems };
}

/** How each package not yet asked for its chains computes them (lazyPaths). */
const pendingPaths = new WeakMap<Package, () => DependencyPath[]>();

/** `paths` as a plain property (in the same place among the keys, so JSON output is unchanged). */
const settle = (target: Package, value: DependencyPath[]): void => {
  pendingPaths.delete(target);
  Object.defineProperty(target, 'paths', { value, writable: true, enumerable: true, configurable: true });
};

/**
 * One accessor for every package: an accessor of its own per package (or turning the literal's
 * `paths: []` into one) puts each package object in V8's slow dictionary mode, and cost three
 * closures each (#15).
 */
const LAZY_PATHS: PropertyDescriptor = {
  get(this: Package): DependencyPath[] {
    const value = pendingPaths.get(this)?.() ?? [];
    settle(this, value);
    return value;
  },
  set(this: Package, value: DependencyPath[]): void {
    settle(this, value);
  },
  enumerable: true,
  configurable: true,
};

/**
 * `pkg.paths` computed on first read, then a plain property, added where the literal had it
 * (after `source`). Most packages of a review are never asked for their chains (#15).
 */
function lazyPaths(pkg: Package, compute: () => DependencyPath[]): void {
  pendingPaths.set(pkg, compute);
  Object.defineProperty(pkg, 'paths', LAZY_PATHS);
}

/**
 * What makes two instances the same package: name and version for registry packages; for git,
 * tarball, file and link sources also where they come from, since the same name@version at two
 * commits or from two tarballs is two packages (npm installs both).
 */
function identity(node: LockNode, versionLabel: string): string {
  if (node.source === 'registry') return versionLabel;
  if (node.source === 'alias' || node.source === 'workspace') return `${versionLabel}:${node.source}`;
  return `${versionLabel}:${node.source}:${node.resolved ?? node.spec ?? ''}`;
}

const mergeFlags = (a: Package['flags'], b: Package['flags']): Package['flags'] => {
  const merged: Package['flags'] = {};
  // dev/optional/peer hold only when they hold for every instance; bundled when for any.
  if (a.dev && b.dev) merged.dev = true;
  if (a.optional && b.optional) merged.optional = true;
  if (a.peer && b.peer) merged.peer = true;
  if (a.bundled || b.bundled) merged.bundled = true;
  return merged;
};
