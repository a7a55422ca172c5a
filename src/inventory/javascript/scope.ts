import type { Scope } from '../types.js';
import type { EdgeKind, LockGraph } from './graph.js';
import { KIND_BIT, type GraphIndex } from './graph-index.js';

/**
 * Scope from the graph, the way npm's calc-dep-flags reasons: a package is dev when no path
 * from a root avoids a dev edge, optional when none avoids an optional edge, peer when none
 * avoids a peer edge. Used for formats that do not state scope (yarn, bun, pnpm 9, trees).
 */

/** A set of nodes: those reached from the roots' `start` edges through `follow` edges (workspaces are roots of their own). */
interface Reach {
  start: readonly EdgeKind[];
  follow: readonly EdgeKind[];
}

const STRICT_PROD: Reach = { start: ['prod', 'peer'], follow: ['prod', 'peer'] };
const NON_DEV: Reach = { start: ['prod', 'optional', 'peer'], follow: ['prod', 'optional', 'peer'] };
const NON_OPTIONAL: Reach = { start: ['prod', 'dev', 'peer'], follow: ['prod', 'peer'] };
const NON_PEER: Reach = { start: ['prod', 'dev', 'optional'], follow: ['prod', 'optional'] };
// The same without peer edges, for graphs whose peers come from the parent (Yarn Berry).
const STRICT_PROD_NO_PEERS: Reach = { start: ['prod'], follow: ['prod'] };
const NON_DEV_NO_PEERS: Reach = { start: ['prod', 'optional'], follow: ['prod', 'optional'] };
const NON_OPTIONAL_NO_PEERS: Reach = { start: ['prod', 'dev'], follow: ['prod'] };

/**
 * Every set of `reaches` at once: bit r of a node's mask says that reach r gets to it. A node's
 * new bits are passed along its edges whose kind that reach follows, so each node is walked at
 * most once per set, as separate breadth-first walks would, with one array of bytes for all.
 */
function reachAll(index: GraphIndex, reaches: readonly Reach[]): Uint8Array {
  const startSets = new Uint8Array(16);
  const followSets = new Uint8Array(16);
  reaches.forEach((reach, bit) => {
    for (const kind of reach.start) startSets[KIND_BIT[kind]] = (startSets[KIND_BIT[kind]] ?? 0) | (1 << bit);
    for (const kind of reach.follow) followSets[KIND_BIT[kind]] = (followSets[KIND_BIT[kind]] ?? 0) | (1 << bit);
  });
  const { edgeStart, edgeTarget, edgeKind, rootEdgeTarget, rootEdgeKind, workspace } = index;
  const mask = new Uint8Array(index.nodes.length);
  const pending = new Uint8Array(index.nodes.length);
  const queue: number[] = [];
  const offer = (node: number, bits: number): void => {
    const added = bits & ~(mask[node] ?? 0);
    if (added === 0) return;
    mask[node] = (mask[node] ?? 0) | added;
    if (pending[node] === 0) queue.push(node);
    pending[node] = (pending[node] ?? 0) | added;
  };
  for (let edge = 0; edge < rootEdgeTarget.length; edge++) offer(rootEdgeTarget[edge] ?? 0, startSets[rootEdgeKind[edge] ?? 0] ?? 0);
  for (let next = 0; next < queue.length; next++) {
    const node = queue[next] ?? 0;
    const bits = pending[node] ?? 0;
    pending[node] = 0;
    if (workspace[node] === 1 || bits === 0) continue;
    for (let edge = edgeStart[node] ?? 0, end = edgeStart[node + 1] ?? 0; edge < end; edge++) offer(edgeTarget[edge] ?? 0, bits & (followSets[edgeKind[edge] ?? 0] ?? 0));
  }
  return mask;
}

/** Computed scopes, by node index (GraphIndex): the scope, and the flags as bits. */
export interface ComputedScopes {
  scope: Scope[];
  /** DEV | OPTIONAL | PEER | REACHABLE bits. */
  flags: Uint8Array;
}

export const DEV = 1;
export const OPTIONAL = 2;
export const PEER = 4;
export const REACHABLE = 8;

/**
 * Scope of every node of the graph. Nodes no root reaches keep their declared scope, else prod.
 * When peers come from the parent (Yarn Berry), a node some non-peer path reaches takes its scope
 * from those paths alone: a peer of a prod package that the workspace provides as a dev
 * dependency is dev, as `yarn workspaces focus --production` leaves it out.
 */
export function computeScopes(graph: LockGraph, index: GraphIndex): ComputedScopes {
  const fromParent = graph.peersFromParent === true;
  const mask = reachAll(index, fromParent ? [STRICT_PROD, NON_DEV, NON_OPTIONAL, NON_PEER, STRICT_PROD_NO_PEERS, NON_DEV_NO_PEERS, NON_OPTIONAL_NO_PEERS] : [STRICT_PROD, NON_DEV, NON_OPTIONAL, NON_PEER]);
  const count = index.nodes.length;
  const scope: Scope[] = new Array<Scope>(count).fill('prod');
  const flags = new Uint8Array(count);
  for (let node = 0; node < count; node++) {
    let bits = mask[node] ?? 0;
    // Only peer paths reach a node: keep what they say (scope `peer`), there is no parent's edge to go by.
    if (fromParent) bits = node >= index.listed ? bits & 8 : bits & 8 ? ((bits >> 4) & 7) | 8 : bits & 15;
    const strictProd = (bits & 1) !== 0;
    const nonDev = (bits & 2) !== 0;
    const nonOptional = (bits & 4) !== 0;
    const nonPeer = (bits & 8) !== 0;
    const reachable = nonDev || nonOptional || nonPeer || strictProd;
    const dev = reachable && !nonDev;
    const optional = reachable && !nonOptional;
    const peer = reachable && !nonPeer;
    const declared = index.nodes[node]?.declaredScope;
    if (!reachable) scope[node] = declared ?? 'prod';
    else if (peer && !dev) scope[node] = 'peer';
    else if (strictProd) scope[node] = 'prod';
    else if (dev) scope[node] = 'dev';
    else if (optional) scope[node] = 'optional';
    else scope[node] = 'dev-optional';
    flags[node] = (dev ? DEV : 0) | (optional ? OPTIONAL : 0) | (peer ? PEER : 0) | (reachable ? REACHABLE : 0);
  }
  return { scope, flags };
}
