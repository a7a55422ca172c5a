import type { Scope } from '../types.js';
import type { EdgeKind, LockGraph, LockNode } from './graph.js';

/**
 * Scope from the graph, the way npm's calc-dep-flags reasons: a package is dev when no path
 * from a root avoids a dev edge, optional when none avoids an optional edge, peer when none
 * avoids a peer edge. Used for formats that do not state scope (yarn, bun, pnpm 9, trees).
 */

const KIND_BIT: Record<EdgeKind, number> = { prod: 1, dev: 2, optional: 4, peer: 8 };
const bits = (kinds: readonly EdgeKind[]): number => kinds.reduce((sum, kind) => sum | KIND_BIT[kind], 0);

/** Nodes reached from the roots' `start` edges through `follow` edges (workspaces are roots of their own). */
const reach = (graph: LockGraph, start: readonly EdgeKind[], follow: readonly EdgeKind[]): Set<LockNode> => {
  const startBits = bits(start);
  const followBits = bits(follow);
  const seen = new Set<LockNode>();
  const queue: LockNode[] = [];
  for (const root of graph.roots) {
    for (const edge of root.edges) {
      if (KIND_BIT[edge.kind] & startBits && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  for (let index = 0; index < queue.length; index++) {
    const node = queue[index] as LockNode;
    if (node.workspace) continue;
    for (const edge of node.edges) {
      if (KIND_BIT[edge.kind] & followBits && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return seen;
};

export interface ComputedScope {
  scope: Scope;
  dev: boolean;
  optional: boolean;
  peer: boolean;
  reachable: boolean;
}

/**
 * Scope of every node of the graph. Nodes no root reaches keep their declared scope, else prod.
 * When peers come from the parent (Yarn Berry), a node some non-peer path reaches takes its scope
 * from those paths alone: a peer of a prod package that the workspace provides as a dev
 * dependency is dev, as `yarn workspaces focus --production` leaves it out.
 */
export function computeScopes(graph: LockGraph): Map<LockNode, ComputedScope> {
  let strictProd = reach(graph, ['prod', 'peer'], ['prod', 'peer']);
  let nonDev = reach(graph, ['prod', 'optional', 'peer'], ['prod', 'optional', 'peer']);
  let nonOptional = reach(graph, ['prod', 'dev', 'peer'], ['prod', 'peer']);
  const nonPeer = reach(graph, ['prod', 'dev', 'optional'], ['prod', 'optional']);
  if (graph.peersFromParent === true) {
    const withPeers = { strictProd, nonDev, nonOptional };
    const withoutPeers = { strictProd: reach(graph, ['prod'], ['prod']), nonDev: reach(graph, ['prod', 'optional'], ['prod', 'optional']), nonOptional: reach(graph, ['prod', 'dev'], ['prod']) };
    // Only peer paths reach a node: keep what they say (scope `peer`), there is no parent's edge to go by.
    const pick = (set: 'strictProd' | 'nonDev' | 'nonOptional'): Set<LockNode> => new Set(graph.nodes.filter((node) => (nonPeer.has(node) ? withoutPeers : withPeers)[set].has(node)));
    strictProd = pick('strictProd');
    nonDev = pick('nonDev');
    nonOptional = pick('nonOptional');
  }
  const result = new Map<LockNode, ComputedScope>();
  for (const node of graph.nodes) {
    const reachable = nonDev.has(node) || nonOptional.has(node) || nonPeer.has(node) || strictProd.has(node);
    const dev = reachable && !nonDev.has(node);
    const optional = reachable && !nonOptional.has(node);
    const peer = reachable && !nonPeer.has(node);
    let scope: Scope;
    if (!reachable) scope = node.declaredScope ?? 'prod';
    else if (peer && !dev) scope = 'peer';
    else if (strictProd.has(node)) scope = 'prod';
    else if (dev) scope = 'dev';
    else if (optional) scope = 'optional';
    else scope = 'dev-optional';
    result.set(node, { scope, dev, optional, peer, reachable });
  }
  return result;
}
