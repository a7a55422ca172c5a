import type { Ecosystem, Package, Scope, SourceKind } from '../types.js';

/**
 * The shape every JavaScript lockfile and installed tree is read into before it becomes
 * Packages: nodes (one per resolved package instance), edges (declared dependencies, resolved),
 * and roots (the project and each workspace). Scope, `direct` and dependency paths are then
 * computed once, the same way for every format (see to-packages.ts).
 */

/** How a dependency is declared by its dependent. */
export type EdgeKind = 'prod' | 'dev' | 'optional' | 'peer';

export interface LockEdge {
  kind: EdgeKind;
  to: LockNode;
}

export interface LockNode {
  name: string;
  version: string | null;
  source: SourceKind;
  /** The spec as written, for non-registry sources (`string-width-cjs@npm:string-width@4.2.3`, a git URL). */
  spec?: string;
  /** A tarball or git URL the package was fetched from, when the lockfile records one. */
  resolved?: string;
  flags: Package['flags'];
  /** The scope the lockfile itself states (npm v2/v3, pnpm 5/6); computed from the graph otherwise. */
  declaredScope?: Scope;
  /** A workspace member: traversed as a root of its own, never reported as a third-party package. */
  workspace?: boolean;
  edges: LockEdge[];
  /** SBOMs: the purl and ecosystem the document gives, kept as they are. */
  purl?: string | null;
  ecosystem?: Ecosystem;
  /** Installed trees: how the node is named in chains (`node_modules/@npmcli/arborist`). */
  label?: string;
  /** Installed trees: the package.json it was read from; each location is its own Package. */
  foundIn?: string;
  /** Installed trees: the chain to show when no root requires it (extraneous): tree, location. */
  fallbackPath?: string[];
}

/** The project itself, or one workspace: where dependency paths start. */
export interface LockRoot {
  /** Directory relative to the scanned root (`.` for the top), the first link of every path. */
  label: string;
  edges: LockEdge[];
}

/** A non-fatal oddity found while reading one file (an unresolved dependency, an unknown entry). */
export interface GraphProblem {
  message: string;
  line?: number;
  /** `error`: part of the file could not be read (an entry skipped), so the inventory is partial. Default `warning`. */
  severity?: 'warning' | 'error';
}

export interface LockGraph {
  /** e.g. `package-lock.json v3`, `pnpm-lock.yaml 9.0`. */
  format: string;
  roots: LockRoot[];
  nodes: LockNode[];
  problems: GraphProblem[];
  /**
   * Yarn Berry: a package's peer dependency is the instance its parent provides (Yarn never
   * installs a peer for the package that asks for it), so a peer edge gives no scope of its own.
   */
  peersFromParent?: boolean;
}

/** A fresh node with no edges. */
export function makeNode(name: string, version: string | null, source: SourceKind, extra: Partial<LockNode> = {}): LockNode {
  return { name, version, source, flags: {}, edges: [], ...extra };
}
