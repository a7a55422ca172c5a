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
  const { stepNode, stepPrevious, stepRoot, count, cappedFlags } = walkChains(index, maxPerNode);

  // Each node's steps, in step (breadth-first) order: a linked list through nextOfNode, made
  // when a chain is first read.
  let firstOfNode: Int32Array | undefined;
  let nextOfNode: Int32Array | undefined;
  const link = (): void => {
    const first = new Int32Array(listed).fill(-1);
    const last = new Int32Array(listed).fill(-1);
    const next = new Int32Array(count).fill(-1);
    for (let step = 0; step < count; step++) {
      const node = stepNode[step] ?? 0;
      const previous = last[node] ?? -1;
      if (previous === -1) first[node] = step;
      else next[previous] = step;
      last[node] = step;
    }
    firstOfNode = first;
    nextOfNode = next;
  };
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
      if (at === undefined || at >= listed) return undefined;
      if (firstOfNode === undefined || nextOfNode === undefined) link();
      const first = firstOfNode?.[at] ?? -1;
      if (first === -1) return undefined;
      const list: DependencyPath[] = [];
      for (let step = first; step !== -1; step = nextOfNode?.[step] ?? -1) list.push(chain(step));
      return list;
    },
  };
  const capped = new Set<LockNode>();
  for (let at = 0; at < listed; at++) if (cappedFlags[at] === 1) capped.add(nodes[at] as LockNode);
  return { paths, capped };
}

/**
 * The breadth-first walk itself, in one small function over typed arrays (a short-lived CLI pays
 * for optimising what it runs hot: the smaller the function, the cheaper). Step i: node
 * stepNode[i], reached from step stepPrevious[i] (-1 at a root edge), from root stepRoot[i]. Each
 * node is scheduled at most maxPerNode times, which bounds the step count; a node offered one
 * chain more is capped. Nodes only an edge reaches (not in graph.nodes) and workspaces take none.
 */
function walkChains(index: GraphIndex, maxPerNode: number): { stepNode: Int32Array; stepPrevious: Int32Array; stepRoot: Int32Array; count: number; cappedFlags: Uint8Array } {
  const { listed, edgeStart, edgeTarget, rootEdgeTarget, rootEdgeRoot, workspace } = index;
  const capacity = Math.min(maxPerNode * listed, 0x7fffffff) + rootEdgeTarget.length;
  const stepNode = new Int32Array(capacity);
  const stepPrevious = new Int32Array(capacity);
  const stepRoot = new Int32Array(capacity);
  const scheduled = new Uint16Array(listed);
  const cappedFlags = new Uint8Array(listed);
  let count = 0;
  for (let edge = 0; edge < rootEdgeTarget.length; edge++) {
    const node = rootEdgeTarget[edge] ?? 0;
    if (node >= listed || workspace[node] === 1) continue;
    if ((scheduled[node] ?? 0) >= maxPerNode) {
      cappedFlags[node] = 1;
      continue;
    }
    scheduled[node] = (scheduled[node] ?? 0) + 1;
    stepNode[count] = node;
    stepPrevious[count] = -1;
    stepRoot[count] = rootEdgeRoot[edge] ?? 0;
    count++;
  }
  // The queue is the step list itself: steps are appended in breadth-first order.
  for (let step = 0; step < count; step++) {
    const from = stepNode[step] ?? 0;
    for (let edge = edgeStart[from] ?? 0, end = edgeStart[from + 1] ?? 0; edge < end; edge++) {
      const node = edgeTarget[edge] ?? 0;
      // A node already capped takes no chain more: the loop test is not worth walking for it.
      if (node >= listed || cappedFlags[node] === 1 || workspace[node] === 1) continue;
      // Loops are cut: no chain visits a node twice.
      let onChain = false;
      for (let current = step; current !== -1; current = stepPrevious[current] ?? -1) {
        if (stepNode[current] === node) {
          onChain = true;
          break;
        }
      }
      if (onChain) continue;
      if ((scheduled[node] ?? 0) >= maxPerNode) {
        cappedFlags[node] = 1;
        continue;
      }
      scheduled[node] = (scheduled[node] ?? 0) + 1;
      stepNode[count] = node;
      stepPrevious[count] = step;
      stepRoot[count] = stepRoot[step] ?? 0;
      count++;
    }
  }
  return { stepNode, stepPrevious, stepRoot, count, cappedFlags };
}
