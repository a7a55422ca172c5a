import type { EdgeKind, LockGraph, LockNode } from './graph.js';

/**
 * A graph's nodes as numbers and its edges as typed arrays, built once for the scope and path
 * passes over it. Walking `LockNode` objects through Sets and Maps, an iterator result per edge,
 * was most of graphToPackages' time and garbage on a 2,000-package lockfile (#15).
 */
export interface GraphIndex {
  /** `graph.nodes`, then any node only an edge reaches (a parser may link to one it did not list). */
  nodes: readonly LockNode[];
  /** How many of `nodes` are `graph.nodes` (indices below it are positions in `graph.nodes`). */
  listed: number;
  /** A node's index (its last position in `graph.nodes` when listed twice). */
  indexOf: ReadonlyMap<LockNode, number>;
  /** Node i's edges are edgeTarget/edgeKind[edgeStart[i] .. edgeStart[i + 1]), in the node's order. */
  edgeStart: Int32Array;
  edgeTarget: Int32Array;
  edgeKind: Uint8Array;
  /** The roots' edges, root after root: rootEdgeRoot[j] is the root of the j-th. */
  rootEdgeTarget: Int32Array;
  rootEdgeKind: Uint8Array;
  rootEdgeRoot: Int32Array;
  /** 1 for workspace members (roots of their own, never walked through). */
  workspace: Uint8Array;
}

/** One bit per edge kind. */
export const KIND_BIT: Readonly<Record<EdgeKind, number>> = { prod: 1, dev: 2, optional: 4, peer: 8 };

export function indexGraph(graph: LockGraph): GraphIndex {
  const nodes = graph.nodes.slice();
  const listed = nodes.length;
  const indexOf = new Map<LockNode, number>();
  for (let index = 0; index < listed; index++) indexOf.set(nodes[index] as LockNode, index);
  const indexFor = (node: LockNode): number => {
    let index = indexOf.get(node);
    if (index === undefined) {
      index = nodes.length;
      nodes.push(node);
      indexOf.set(node, index);
    }
    return index;
  };

  let rootEdges = 0;
  for (const root of graph.roots) rootEdges += root.edges.length;
  const rootEdgeTarget = new Int32Array(rootEdges);
  const rootEdgeKind = new Uint8Array(rootEdges);
  const rootEdgeRoot = new Int32Array(rootEdges);
  let at = 0;
  for (let root = 0; root < graph.roots.length; root++) {
    const edges = (graph.roots[root] as LockGraph['roots'][number]).edges;
    for (let edge = 0; edge < edges.length; edge++) {
      const { kind, to } = edges[edge] as LockNode['edges'][number];
      rootEdgeTarget[at] = indexFor(to);
      rootEdgeKind[at] = KIND_BIT[kind];
      rootEdgeRoot[at] = root;
      at++;
    }
  }

  // Nodes found through edges are appended while this loop runs, so it walks them too.
  const starts: number[] = [];
  const targets: number[] = [];
  const kinds: number[] = [];
  for (let index = 0; index < nodes.length; index++) {
    starts.push(targets.length);
    const edges = (nodes[index] as LockNode).edges;
    for (let edge = 0; edge < edges.length; edge++) {
      const { kind, to } = edges[edge] as LockNode['edges'][number];
      targets.push(indexFor(to));
      kinds.push(KIND_BIT[kind]);
    }
  }
  starts.push(targets.length);
  const workspace = new Uint8Array(nodes.length);
  for (let index = 0; index < nodes.length; index++) if ((nodes[index] as LockNode).workspace) workspace[index] = 1;
  return {
    nodes,
    listed,
    indexOf,
    edgeStart: Int32Array.from(starts),
    edgeTarget: Int32Array.from(targets),
    edgeKind: Uint8Array.from(kinds),
    rootEdgeTarget,
    rootEdgeKind,
    rootEdgeRoot,
    workspace,
  };
}
