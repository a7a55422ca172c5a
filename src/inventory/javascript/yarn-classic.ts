import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import type { LockfileInput, Manifest } from './input.js';
import { splitDescriptor, splitDescriptors, yarnEntryLine } from './parse-syml.js';
import { quote } from '../../errors.js';
import type { SourceKind } from '../types.js';
import { kindOf, stringMap, text } from './parse-text.js';
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
    const descriptors = splitDescriptors(key);
    const first = descriptors[0];
    if (value === null || typeof value !== 'object' || Array.isArray(value) || first === undefined || text((value as Record<string, unknown>).version) === undefined) {
      // Yarn writes every entry as a block with a `version`; a key with a scalar is not an entry it could install.
      const line = yarnEntryLine(input.text, first ?? key);
      graph.problems.push({ message: `entry ${quote(key, 80)} ${first === undefined ? 'has no descriptor' : typeof value === 'object' && value !== null ? 'has no version' : `is ${kindOf(value)}, expected a block with a version`}; entry skipped`, severity: 'error', ...(line === undefined ? {} : { line }) });
      continue;
    }
    const meta = value as Record<string, unknown>;
    let node = byEntry.get(meta);
    if (node === undefined) {
      node = nodeFor(descriptors, meta);
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
function rootsFromManifests(graph: LockGraph, input: LockfileInput, edgesFrom: (map: Record<string, string>, kind: EdgeKind) => LockEdge[]): void {
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

/**
 * One entry. Where it comes from is its `resolved` URL, as Yarn fetches it (a git URL is a git
 * dependency at that commit, whatever the descriptors say); the descriptors only tell aliases
 * (`npm:`), and entries without `resolved` (file:, link:).
 */
function nodeFor(descriptors: string[], meta: Record<string, unknown>): LockNode {
  const { name: installedAs, range } = splitDescriptor(descriptors[0] ?? '');
  const resolved = text(meta.resolved);
  const node = makeNode(installedAs, text(meta.version) ?? null, 'registry');
  if (resolved !== undefined) node.resolved = resolved;
  const alias = descriptors.map((descriptor) => splitDescriptor(descriptor).range).find((item) => classifySpec(item) === 'alias');
  if (alias !== undefined) {
    node.name = parseAliasTarget(alias)?.name ?? installedAs;
    node.source = 'alias';
    node.spec = `${installedAs}@npm:${node.name}@${node.version ?? ''}`;
    return node;
  }
  const asked = classifySpec(range);
  // A registry-shaped URL asked for as a URL (`left-pad@https://…/left-pad-1.3.0.tgz`) stays a tarball, as npm records it.
  const fetched = resolved === undefined ? asked : classifyResolved(resolved, node.name);
  const kind = fetched === 'registry' && asked === 'tarball' ? 'tarball' : fetched;
  if (kind !== 'registry') {
    node.source = kind === 'workspace' ? 'link' : kind;
    node.spec = kind === 'git' || kind === 'tarball' ? (resolved ?? range) : range;
  }
  // `remote@https://registry.npmjs.org/abbrev/-/abbrev-1.1.1.tgz` installs abbrev under the name
  // `remote`: the registry's URL names the package inside, as npm and Bun record it.
  const packed = kind === 'tarball' && resolved !== undefined ? registryTarballName(resolved, node.version) : undefined;
  if (packed !== undefined) node.name = packed;
  return node;
}

/** The package a registry-shaped tarball URL holds (`…/@s/n/-/n-1.2.3.tgz` → `@s/n`), when its version is `version`. */
function registryTarballName(resolved: string, version: string | null): string | undefined {
  const match = /^https?:\/\/[^/]+(?:\/[^/]+)*?\/((?:@[^/]+\/)?([^/@]+))\/-\/([^/]+)\.tgz(?:#.*)?$/.exec(resolved);
  if (!match || version === null) return undefined;
  const [, name, base, file] = match;
  return file === `${base ?? ''}-${version}` ? name : undefined;
}

/** A registry tarball (`…/name/-/name-1.2.3.tgz#sha1`), git (`git+ssh://…#commit`, codeload), a file or another tarball. */
function classifyResolved(resolved: string, name: string): SourceKind {
  const url = resolved.replace(/#[0-9a-f]*$/i, '');
  const kind = classifySpec(resolved);
  if (kind === 'git' || kind === 'file' || kind === 'link') return kind;
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (/^https?:\/\//.test(url) && url.includes(`/-/${base}-`) && url.endsWith('.tgz')) return 'registry';
  return kind === 'registry' ? 'registry' : 'tarball';
}

