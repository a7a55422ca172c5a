import type { Scope } from '../types.js';
import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import { joinDir, type LockfileInput } from './input.js';
import { parseYaml, record, text } from './parse-text.js';
import { noteSpec } from './spec.js';

/**
 * pnpm-lock.yaml, lockfile versions 5.x (pnpm 6/7), 6.x (pnpm 8) and 9.x (pnpm 9/10).
 * Keys changed shape between them: `/name/1.0.0_peer@2` (5), `/name@1.0.0(peer@2)` (6),
 * `name@1.0.0(peer@2)` with the graph moved to `snapshots` (9). Importers are the workspace
 * projects; `link:` references between them are workspace links, not packages.
 */
export function parsePnpmLock(input: LockfileInput): LockGraph {
  const lock = record(parseYaml(input.text, input.path));
  const version = String(lock.lockfileVersion ?? '?');
  const graph: LockGraph = { format: `pnpm-lock.yaml ${version}`, roots: [], nodes: [], problems: [] };
  const major = Number.parseInt(version, 10);
  const packages = record(lock.packages);
  // From 9.0 the dependency graph is in `snapshots`; `packages` keeps only metadata.
  const graphEntries = major >= 9 ? record(lock.snapshots) : packages;
  const nodes = new Map<string, LockNode>();
  for (const [key, value] of Object.entries(graphEntries)) {
    const meta = record(value);
    const info = major >= 9 ? record(packages[stripPeers(key)]) : meta;
    const node = nodeFor(key, meta, info, major);
    nodes.set(key, node);
    graph.nodes.push(node);
  }

  const importers = lock.importers === undefined ? { '.': lock } : record(lock.importers);
  const importerDirs = new Set(Object.keys(importers).map((path) => joinDir(input.dir, path)));
  let unresolved = 0;
  const resolve = (name: string, ref: string, from: string, kind: EdgeKind, edges: LockEdge[], specifier?: string): void => {
    if (ref.startsWith('link:')) {
      const target = joinDir(from, ref.slice('link:'.length));
      if (importerDirs.has(target)) return; // a workspace link: the target is a root of its own
      const link = makeNode(name, null, 'link', { spec: ref });
      graph.nodes.push(link);
      edges.push({ kind, to: link });
      return;
    }
    const node = nodes.get(`${name}@${ref}`) ?? nodes.get(`/${name}@${ref}`) ?? nodes.get(`/${name}/${ref}`) ?? nodes.get(ref);
    if (node === undefined) {
      if (kind === 'prod' || kind === 'dev') unresolved++;
      return;
    }
    if (specifier !== undefined) noteSpec(node, name, specifier);
    if (node.name !== name && node.source === 'registry') {
      node.source = 'alias';
      node.spec = `${name}@npm:${node.name}@${node.version ?? ''}`;
    }
    edges.push({ kind, to: node });
  };

  for (const [path, value] of Object.entries(importers)) {
    const importer = record(value);
    const label = joinDir(input.dir, path);
    const specifiers = record(importer.specifiers);
    const edges: LockEdge[] = [];
    const section = (field: string, kind: EdgeKind): void => {
      for (const [name, entry] of Object.entries(record(importer[field]))) {
        // 6.0+: `{ specifier, version }`; 5.x: the version, with specifiers kept apart.
        const ref = typeof entry === 'string' ? entry : text(record(entry).version);
        const specifier = typeof entry === 'string' ? text(specifiers[name]) : text(record(entry).specifier);
        if (ref !== undefined) resolve(name, ref, label, kind, edges, specifier);
      }
    };
    section('dependencies', 'prod');
    section('optionalDependencies', 'optional');
    section('devDependencies', 'dev');
    graph.roots.push({ label, edges });
  }

  for (const [key, value] of Object.entries(graphEntries)) {
    const meta = record(value);
    const node = nodes.get(key) as LockNode;
    const info = major >= 9 ? record(packages[stripPeers(key)]) : meta;
    const peers = record(info.peerDependencies);
    const edges: LockEdge[] = [];
    for (const [name, ref] of Object.entries(record(meta.dependencies))) if (typeof ref === 'string') resolve(name, ref, input.dir, peers[name] === undefined ? 'prod' : 'peer', edges);
    for (const [name, ref] of Object.entries(record(meta.optionalDependencies))) if (typeof ref === 'string') resolve(name, ref, input.dir, 'optional', edges);
    node.edges = edges;
  }
  if (unresolved > 0) graph.problems.push({ message: `${unresolved} dependenc${unresolved === 1 ? 'y has' : 'ies have'} no entry in pnpm-lock.yaml; it may be out of date` });
  return graph;
}

/** `name@1.0.0(react@18)(x@1)` → `name@1.0.0`. */
const stripPeers = (key: string): string => {
  const paren = key.indexOf('(');
  return paren === -1 ? key : key.slice(0, paren);
};

/** Name and version from a key of any version (`/a/1.0.0_b@2`, `/a@1.0.0(b@2)`, `a@1.0.0`). */
export function parsePnpmKey(key: string): { name: string; version: string } | null {
  const bare = stripPeers(key.startsWith('/') ? key.slice(1) : key);
  const v5 = /^((?:@[^/@]+\/)?[^/@]+)\/(\d[^/_]*)(?:_.*)?$/.exec(bare);
  if (v5?.[1] && v5[2]) return { name: v5[1], version: v5[2] };
  const at = bare.indexOf('@', 1);
  if (at === -1) return null;
  return { name: bare.slice(0, at), version: bare.slice(at + 1) };
}

const declaredScope = (meta: Record<string, unknown>): Scope | undefined => {
  // pnpm 5/6: `dev: true` only dev, `dev: false` only prod, absent when both (computed: prod).
  if (meta.dev === true) return 'dev';
  if (meta.optional === true) return 'optional';
  if (meta.dev === false) return 'prod';
  return undefined;
};

function nodeFor(key: string, meta: Record<string, unknown>, info: Record<string, unknown>, major: number): LockNode {
  const parsed = parsePnpmKey(key);
  const resolution = record(info.resolution);
  const name = text(info.name) ?? parsed?.name ?? key;
  const keyVersion = parsed?.version ?? null;
  const looksLikeVersion = keyVersion !== null && /^\d/.test(keyVersion);
  const version = text(info.version) ?? (looksLikeVersion ? keyVersion : null);
  const node = makeNode(name, version, 'registry');
  const scope = major < 9 ? declaredScope(meta) : undefined;
  if (scope !== undefined) node.declaredScope = scope;
  const tarball = text(resolution.tarball);
  if (resolution.type === 'git' || text(resolution.repo) !== undefined) {
    node.source = 'git';
    node.spec = `${text(resolution.repo) ?? ''}#${text(resolution.commit) ?? ''}`;
    node.resolved = node.spec;
    node.version ??= text(resolution.commit) ?? null;
  } else if (resolution.type === 'directory' || key.includes('file:')) {
    node.source = 'file';
    node.spec = `file:${text(resolution.directory) ?? key.slice(key.indexOf('file:') + 5)}`;
  } else if (tarball !== undefined && !/\/-\/[^/]+\.tgz$/.test(tarball)) {
    node.source = /codeload\.github\.com|gitlab\.com|bitbucket\.org/.test(tarball) ? 'git' : 'tarball';
    node.spec = tarball;
    node.resolved = tarball;
  } else if (tarball !== undefined) {
    node.resolved = tarball;
  }
  return node;
}
