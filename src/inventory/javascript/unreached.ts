import type { LockGraph, LockNode } from './graph.js';

/**
 * Bun and Yarn Berry install what their lockfile's workspaces reach, nothing else: an entry no
 * workspace reaches (left behind by an edit, or written by hand) is in the file but not on disk.
 * Vigil still lists it (a stale lockfile is worth seeing) but says so, once per lockfile, so it
 * is not taken for an installed package. A name@version that is reached under another entry (Berry's
 * patched and unpatched twins) is installed and not named.
 */
export function noteUnreached(graph: LockGraph, manager: string): void {
  const reached = new Set<LockNode>();
  const queue: LockNode[] = graph.roots.flatMap((root) => root.edges.map((edge) => edge.to));
  for (let node = queue.pop(); node !== undefined; node = queue.pop()) {
    if (reached.has(node)) continue;
    reached.add(node);
    for (const edge of node.edges) queue.push(edge.to);
  }
  const installed = new Set([...reached].map(label));
  const stale = [...new Set(graph.nodes.filter((node) => !node.workspace && !reached.has(node)).map(label))].filter((item) => !installed.has(item));
  if (stale.length === 0) return;
  const shown = stale.slice(0, 5).join(', ') + (stale.length > 5 ? `, and ${stale.length - 5} more` : '');
  graph.problems.push({ message: `${stale.length} entr${stale.length === 1 ? 'y' : 'ies'} no workspace reaches, which ${manager} does not install (a stale lockfile): ${shown}`, severity: 'warning' });
}

const label = (node: LockNode): string => `${node.name}@${node.version ?? node.spec ?? '?'}`;
