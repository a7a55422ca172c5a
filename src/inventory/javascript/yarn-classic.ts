import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import type { LockfileInput, Manifest } from './input.js';
import { splitDescriptor, splitDescriptors } from './parse-syml.js';
import { record, stringMap, text } from './parse-text.js';
import { classifySpec, parseAliasTarget } from './spec.js';

/**
 * yarn.lock v1 (Yarn classic). Entries are keyed by every descriptor (`name@range`) that
 * resolved to them; the file does not say which dependencies are the project's own, nor which
 * are dev, so those come from package.json and the workspaces' package.json files.
 */
export function parseYarnClassic(entries: Record<string, unknown>, input: LockfileInput): LockGraph {
  const graph: LockGraph = { format: 'yarn.lock v1', roots: [], nodes: [], problems: [] };
  const byDescriptor = new Map<string, LockNode>();
  const deps = new Map<LockNode, Record<string, unknown>>();
  // Yarn's parser splits `a@^1, a@^2:` into two keys sharing one value object: one package.
  const byEntry = new Map<Record<string, unknown>, LockNode>();
  for (const [key, value] of Object.entries(entries)) {
    const meta = record(value);
    const descriptors = splitDescriptors(key);
    const first = descriptors[0];
    if (first === undefined) continue;
    let node = byEntry.get(meta);
    if (node === undefined) {
      node = nodeFor(first, meta);
      byEntry.set(meta, node);
      graph.nodes.push(node);
      deps.set(node, meta);
    }
    for (const descriptor of descriptors) byDescriptor.set(descriptor, node);
  }

  let unresolved = 0;
  const workspaceNames = new Set(input.manifests.map((manifest) => manifest.name).filter((name) => name !== undefined));
  const edgesFrom = (map: Record<string, string>, kind: EdgeKind): LockEdge[] => {
    const edges: LockEdge[] = [];
    for (const [name, range] of Object.entries(map)) {
      const target = byDescriptor.get(`${name}@${range}`);
      if (target) edges.push({ kind, to: target });
      else if (!workspaceNames.has(name) && kind !== 'optional' && kind !== 'peer') unresolved++;
    }
    return edges;
  };
  for (const node of graph.nodes) {
    const meta = deps.get(node) ?? {};
    node.edges = [...edgesFrom(stringMap(meta.dependencies), 'prod'), ...edgesFrom(stringMap(meta.optionalDependencies), 'optional')];
  }
  rootsFromManifests(graph, input, edgesFrom);
  if (unresolved > 0) graph.problems.push({ message: `${unresolved} dependenc${unresolved === 1 ? 'y has' : 'ies have'} no entry in yarn.lock; it may be out of date` });
  return graph;
}

/** Roots from package.json files; without one, the entries nothing depends on. */
export function rootsFromManifests(graph: LockGraph, input: LockfileInput, edgesFrom: (map: Record<string, string>, kind: EdgeKind) => LockEdge[]): void {
  const manifests: Manifest[] = input.manifests;
  if (manifests.length === 0) {
    const required = new Set<LockNode>();
    for (const node of graph.nodes) for (const edge of node.edges) required.add(edge.to);
    graph.roots.push({ label: input.dir, edges: graph.nodes.filter((node) => !required.has(node) && !node.workspace).map((node) => ({ kind: 'prod', to: node })) });
    graph.problems.push({ message: 'no package.json beside the lockfile: direct dependencies inferred, dev dependencies not told apart' });
    return;
  }
  for (const manifest of manifests) {
    graph.roots.push({
      label: manifest.dir,
      edges: [
        ...edgesFrom(manifest.dependencies, 'prod'),
        ...edgesFrom(manifest.optionalDependencies, 'optional'),
        ...edgesFrom(manifest.devDependencies, 'dev'),
        ...edgesFrom(manifest.peerDependencies, 'peer'),
      ],
    });
  }
}

/** One entry; its first descriptor says how it was asked for (alias, git, file, tarball). */
function nodeFor(descriptor: string, meta: Record<string, unknown>): LockNode {
  const { name: installedAs, range } = splitDescriptor(descriptor);
  const resolved = text(meta.resolved);
  const node = makeNode(installedAs, text(meta.version) ?? null, 'registry');
  if (resolved !== undefined) node.resolved = resolved;
  const kind = classifySpec(range);
  if (kind === 'alias') {
    node.name = parseAliasTarget(range)?.name ?? installedAs;
    node.source = 'alias';
    node.spec = `${installedAs}@npm:${node.name}@${node.version ?? ''}`;
  } else if (kind !== 'registry') {
    node.source = kind === 'workspace' ? 'link' : kind;
    node.spec = kind === 'git' || kind === 'tarball' ? (resolved ?? range) : range;
  }
  return node;
}
