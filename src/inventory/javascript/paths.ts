import type { DependencyPath } from '../types.js';
import type { LockGraph, LockNode } from './graph.js';

/**
 * Every chain that brings a package in, root first (issue #2), shortest first. The number of
 * distinct chains grows exponentially in real graphs (a popular package under hundreds of
 * parents), so each node keeps at most `maxPerNode` of them and says when it was cut.
 */

interface Step {
  node: LockNode;
  previous: Step | null;
  root: string;
}

export interface PathResult {
  paths: Map<LockNode, DependencyPath[]>;
  /** Nodes that had more chains than were kept. */
  capped: Set<LockNode>;
}

/** A readable link of a chain: `name@version`, or the spec when there is no version. */
export function nodeLabel(node: LockNode): string {
  if (node.label !== undefined) return node.label;
  if (node.source === 'alias' && node.spec !== undefined) return node.spec;
  return `${node.name}@${node.version ?? node.spec ?? '?'}`;
}

const onChain = (step: Step, node: LockNode): boolean => {
  for (let current: Step | null = step; current !== null; current = current.previous) if (current.node === node) return true;
  return false;
};

const materialise = (step: Step, labels: Map<LockNode, string>): DependencyPath => {
  const links: string[] = [];
  for (let current: Step | null = step; current !== null; current = current.previous) links.push(labels.get(current.node) ?? nodeLabel(current.node));
  links.push(step.root);
  return links.reverse();
};

/** Breadth-first from every root, so the shortest chains are the ones kept. Loops are cut. */
export function computePaths(graph: LockGraph, maxPerNode: number): PathResult {
  const found = new Map<LockNode, Step[]>();
  // Chains kept or queued per node: queueing stops at the cap, so work stays O(cap × nodes).
  const scheduled = new Map<LockNode, number>();
  const capped = new Set<LockNode>();
  const queue: Step[] = [];
  const schedule = (step: Step): void => {
    if (step.node.workspace) return;
    const count = scheduled.get(step.node) ?? 0;
    if (count >= maxPerNode) {
      capped.add(step.node);
      return;
    }
    scheduled.set(step.node, count + 1);
    queue.push(step);
  };
  for (const root of graph.roots) for (const edge of root.edges) schedule({ node: edge.to, previous: null, root: root.label });
  for (let index = 0; index < queue.length; index++) {
    const step = queue[index] as Step;
    const steps = found.get(step.node);
    if (steps === undefined) found.set(step.node, [step]);
    else steps.push(step);
    for (const edge of step.node.edges) {
      if (!onChain(step, edge.to)) schedule({ node: edge.to, previous: step, root: step.root });
    }
  }
  const labels = new Map<LockNode, string>();
  for (const node of graph.nodes) labels.set(node, nodeLabel(node));
  const paths = new Map<LockNode, DependencyPath[]>();
  for (const [node, steps] of found) paths.set(node, steps.map((step) => materialise(step, labels)));
  return { paths, capped };
}
