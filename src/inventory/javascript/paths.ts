import type { DependencyPath } from '../types.js';
import type { LockGraph, LockNode } from './graph.js';
import { indexGraph, type GraphIndex } from './graph-index.js';

/**
 * Every chain that brings a package in, root first (issue #2), shortest first. The number of
 * distinct chains grows exponentially in real graphs (a popular package under hundreds of
 * parents), so each node keeps at most `maxPerNode` of them and says when it was cut. Steps
 * live in typed arrays: a 50,000-package lockfile makes half a million of them.
 */

export interface PathResult {
  /**
   * A node's chains, shortest first (undefined when no root reaches it). Written out on the first
   * `get` of each node: a review reads the chains of the few packages with findings only, and
   * writing all of them (~16,000 arrays on a 1,600-package tree) was a tenth of its CPU (#15).
   */
  paths: { get(node: LockNode): DependencyPath[] | undefined };
  /** Nodes that had more chains than were kept. */
  capped: Set<LockNode>;
}

/** A readable link of a chain: `name@version`, the alias spec, or the installed location. */
export function nodeLabel(node: LockNode): string {
  if (node.label !== undefined) return node.label;
  if (node.source === 'alias' && node.spec !== undefined) return node.spec;
  return `${node.name}@${node.version ?? node.spec ?? '?'}`;
}

/** Breadth-first from every root, so the shortest chains are the ones kept. Loops are cut. */
export function computePaths(graph: LockGraph, maxPerNode: number, index: GraphIndex = indexGraph(graph)): PathResult {
  const nodes = graph.nodes;
  const listed = index.listed;
  const { edgeStart, edgeTarget, rootEdgeTarget, rootEdgeRoot, workspace } = index;

  // Step i: node stepNode[i], reached from step stepPrevious[i] (-1 at a root edge), from root
  // stepRoot[i]. Each node is scheduled at most maxPerNode times, which bounds the step count.
  const capacity = Math.min(maxPerNode * listed, 0x7fffffff) + rootEdgeTarget.length;
  const stepNode = new Int32Array(capacity);
  const stepPrevious = new Int32Array(capacity);
  const stepRoot = new Int32Array(capacity);
  let count = 0;
  const scheduled = new Uint16Array(listed);
  // 1 once a node had a chain more than it keeps: further chains to it change nothing.
  const cappedFlags = new Uint8Array(listed);

  // Nodes only an edge reaches (not in graph.nodes) have no chains, as a node not found.
  const schedule = (node: number, previous: number, root: number): void => {
    if (node >= listed || workspace[node] === 1) return;
    if ((scheduled[node] ?? 0) >= maxPerNode) {
      cappedFlags[node] = 1;
      return;
    }
    scheduled[node] = (scheduled[node] ?? 0) + 1;
    stepNode[count] = node;
    stepPrevious[count] = previous;
    stepRoot[count] = root;
    count++;
  };
  const onChain = (step: number, node: number): boolean => {
    for (let current = step; current !== -1; current = stepPrevious[current] ?? -1) if (stepNode[current] === node) return true;
    return false;
  };

  for (let edge = 0; edge < rootEdgeTarget.length; edge++) schedule(rootEdgeTarget[edge] ?? 0, -1, rootEdgeRoot[edge] ?? 0);
  // The queue is the step list itself: steps are appended in breadth-first order.
  for (let step = 0; step < count; step++) {
    const node = stepNode[step] ?? 0;
    for (let edge = edgeStart[node] ?? 0, end = edgeStart[node + 1] ?? 0; edge < end; edge++) {
      const target = edgeTarget[edge] ?? 0;
      // A node already capped (or a workspace, or one not listed) takes no chain: skip the loop test.
      if (target >= listed || cappedFlags[target] === 1 || workspace[target] === 1) continue;
      if (!onChain(step, target)) schedule(target, step, stepRoot[step] ?? 0);
    }
  }

  // Each node's steps, in step (breadth-first) order: a linked list through nextOfNode.
  const firstOfNode = new Int32Array(listed).fill(-1);
  const lastOfNode = new Int32Array(listed).fill(-1);
  const nextOfNode = new Int32Array(count).fill(-1);
  for (let step = 0; step < count; step++) {
    const node = stepNode[step] ?? 0;
    const last = lastOfNode[node] ?? -1;
    if (last === -1) firstOfNode[node] = step;
    else nextOfNode[last] = step;
    lastOfNode[node] = step;
  }
  const labels: (string | undefined)[] = [];
  const label = (node: number): string => (labels[node] ??= nodeLabel(nodes[node] as LockNode));
  const chain = (step: number): DependencyPath => {
    const links: string[] = [];
    for (let current = step; current !== -1; current = stepPrevious[current] ?? -1) links.push(label(stepNode[current] ?? 0));
    links.push(graph.roots[stepRoot[step] ?? 0]?.label ?? '.');
    return links.reverse();
  };
  const paths = {
    get(node: LockNode): DependencyPath[] | undefined {
      const at = index.indexOf.get(node);
      if (at === undefined || at >= listed || firstOfNode[at] === -1) return undefined;
      const list: DependencyPath[] = [];
      for (let step = firstOfNode[at] ?? -1; step !== -1; step = nextOfNode[step] ?? -1) list.push(chain(step));
      return list;
    },
  };
  const capped = new Set<LockNode>();
  for (let at = 0; at < listed; at++) if (cappedFlags[at] === 1) capped.add(nodes[at] as LockNode);
  return { paths, capped };
}
