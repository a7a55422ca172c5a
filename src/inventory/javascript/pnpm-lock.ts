import type { Scope } from '../types.js';
import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import { InputError, quote } from '../../errors.js';
import { joinDir, type LockfileInput } from './input.js';
import { indexOfSuffix, normaliseKey, parseV5, parseV9, refToKey, type DepPath } from './pnpm-dep-path.js';
import { documentObject, kindOf, lineOfKey, record, section, text } from './parse-text.js';
import { parseYaml } from './parse-rich.js';
import { splitPnpmDocuments } from './pnpm-documents.js';
import { noteSpec } from './spec.js';

/**
 * pnpm-lock.yaml, lockfile versions 5.x (pnpm 6/7), 6.x (pnpm 8) and 9.x (pnpm 9/10/11).
 * Keys changed shape between them: `/name/1.0.0_peer@2` (5), `/name@1.0.0(peer@2)` (6),
 * `name@1.0.0(peer@2)` with the graph moved to `snapshots` (9). Importers are the workspace
 * projects; `link:` references between them are workspace links, not packages. pnpm 11 may put an
 * env document first (pnpm-documents.ts): what it pins, pnpm itself and config dependencies, is
 * installed to run the project's tooling, so it is read as dev dependencies of the root.
 */
export function parsePnpmLock(input: LockfileInput): LockGraph {
  const { env, main } = splitPnpmDocuments(input.text);
  if (main.trim() === '') {
    const what = env === null ? 'is empty' : 'holds only pnpm\'s env document (config dependencies, the package manager)';
    throw new InputError(`${input.path}: ${what}, no lockfile: pnpm treats it as absent and resolves afresh, so there is nothing to read`, { file: input.path });
  }
  const graph = readDocument({ ...input, text: main }, MAIN_FIELDS);
  if (env !== null) {
    const tooling = readDocument({ ...input, text: env }, ENV_FIELDS);
    graph.format += ' + env';
    graph.nodes.push(...tooling.nodes);
    graph.problems.push(...tooling.problems.map((problem) => ({ ...problem, message: `env document: ${problem.message}` })));
    for (const root of tooling.roots) {
      const same = graph.roots.find((candidate) => candidate.label === root.label);
      if (same) same.edges.push(...root.edges);
      else graph.roots.push(root);
    }
  }
  return graph;
}

/** The fields of an importer that declare dependencies, and how. */
type ImporterFields = ReadonlyArray<readonly [string, EdgeKind]>;
const MAIN_FIELDS: ImporterFields = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];
const ENV_FIELDS: ImporterFields = [
  ['configDependencies', 'dev'],
  ['packageManagerDependencies', 'dev'],
];

/** One YAML document of pnpm-lock.yaml (its text has the file's line numbers) into a graph. */
function readDocument(input: LockfileInput, fields: ImporterFields): LockGraph {
  const lock = documentObject(parseYaml(input.text, input.path), input.path, 'pnpm lockfile');
  const version = lock.lockfileVersion;
  const major = typeof version === 'number' || typeof version === 'string' ? Number.parseInt(String(version), 10) : Number.NaN;
  if (Number.isNaN(major)) {
    throw new InputError(`${input.path}: not a pnpm lockfile pnpm can read: lockfileVersion is ${version === undefined ? 'missing' : JSON.stringify(version)}`, { file: input.path });
  }
  const graph: LockGraph = { format: `pnpm-lock.yaml ${String(version)}`, roots: [], nodes: [], problems: [] };
  const packages = section(lock, 'packages', input.path, input.text);
  // From 9.0 the dependency graph is in `snapshots`; `packages` keeps only metadata.
  const graphEntries = major >= 9 ? section(lock, 'snapshots', input.path, input.text) : packages;
  const nodes = new Map<string, LockNode>();
  const metas = new Map<LockNode, Record<string, unknown>>();
  const infos = new Map<LockNode, Record<string, unknown>>();
  for (const [key, value] of Object.entries(graphEntries)) {
    const meta = value === null ? {} : typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    const info = major >= 9 ? record(packages[withoutSuffix(key)]) : meta;
    const node = meta === undefined || info === undefined ? null : nodeFor(key, meta, info, major);
    if (node === null || meta === undefined) {
      const line = lineOfKey(input.text, key, 2);
      graph.problems.push({ message: `${meta === undefined ? `entry ${quote(key, 80)} is ${kindOf(value)}, expected a mapping` : `${quote(key, 80)} is not a dependency path pnpm can read (no package name and version in it, nor \`name\`/\`version\` fields)`}; entry skipped`, severity: 'error', ...(line === undefined ? {} : { line }) });
      continue;
    }
    nodes.set(normaliseKey(key, major), node);
    metas.set(node, meta);
    infos.set(node, info ?? meta);
    graph.nodes.push(node);
  }

  const importers = lock.importers === undefined ? { '.': lock } : section(lock, 'importers', input.path, input.text);
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
    const key = refToKey(ref, name, major);
    const node = key === null ? undefined : nodes.get(key);
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
    const declared = (field: string, kind: EdgeKind): void => {
      for (const [name, entry] of Object.entries(record(importer[field]))) {
        // 6.0+: `{ specifier, version }`; 5.x: the version, with specifiers kept apart.
        const ref = typeof entry === 'string' ? entry : text(record(entry).version);
        const specifier = typeof entry === 'string' ? text(specifiers[name]) : text(record(entry).specifier);
        if (ref !== undefined) resolve(name, ref, label, kind, edges, specifier);
      }
    };
    for (const [field, kind] of fields) declared(field, kind);
    graph.roots.push({ label, edges });
  }

  for (const [node, meta] of metas) {
    const peers = record(infos.get(node)?.peerDependencies);
    const edges: LockEdge[] = [];
    for (const [name, ref] of Object.entries(record(meta.dependencies))) if (typeof ref === 'string') resolve(name, ref, input.dir, peers[name] === undefined ? 'prod' : 'peer', edges);
    for (const [name, ref] of Object.entries(record(meta.optionalDependencies))) if (typeof ref === 'string') resolve(name, ref, input.dir, 'optional', edges);
    node.edges = edges;
  }
  if (unresolved > 0) graph.problems.push({ message: `${unresolved} dependenc${unresolved === 1 ? 'y has' : 'ies have'} no entry in pnpm-lock.yaml; it may be out of date` });
  return graph;
}

/** `name@1.0.0(react@18)(patch_hash=…)` → `name@1.0.0`: the key of the entry in 9.x `packages`. */
const withoutSuffix = (key: string): string => {
  const index = indexOfSuffix(key);
  return index === -1 ? key : key.slice(0, index);
};

/** Name and version a key names, per lockfile version (see pnpm-dep-path.ts); null when it names none. */
export function parsePnpmKey(key: string, major = 9): DepPath | null {
  if (major >= 9) return parseV9(key);
  return parseV5(normaliseKey(key, major));
}

const declaredScope = (meta: Record<string, unknown>): Scope | undefined => {
  // pnpm 5/6: `dev: true` only dev, `dev: false` only prod, absent when both (computed: prod).
  if (meta.dev === true) return 'dev';
  if (meta.optional === true) return 'optional';
  if (meta.dev === false) return 'prod';
  return undefined;
};

/** A node from a key and its entry; null when neither names the package (never a made-up package). */
function nodeFor(key: string, meta: Record<string, unknown>, info: Record<string, unknown>, major: number): LockNode | null {
  const parsed = key.startsWith('file:') ? null : parsePnpmKey(key, major);
  const resolution = record(info.resolution);
  const name = text(info.name) ?? parsed?.name;
  if (name === undefined || name === '') return null;
  const version = text(info.version) ?? parsed?.version ?? null;
  const node = makeNode(name, version, 'registry');
  const scope = major < 9 ? declaredScope(meta) : undefined;
  if (scope !== undefined) node.declaredScope = scope;
  if (major < 9 && meta.optional === true) node.flags.optional = true;
  const tarball = text(resolution.tarball);
  const reference = parsed?.reference ?? (parsed?.version === undefined ? key : undefined);
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
    // A registry-shaped tarball named by its URL (`@registry.npmjs.org/foo/-/foo-1.0.0.tgz`, `foo@https://…`) is that file.
    if (reference !== undefined && parsed?.version === undefined) {
      node.source = 'tarball';
      node.spec = tarball;
    }
  } else if (parsed?.version === undefined && reference !== undefined && /^@?[a-z0-9.-]+\.[a-z]{2,}(:\d+)?\//i.test(reference)) {
    // 5.x/6.x absolute paths without a resolution: a git host path (`github.com/owner/repo/<commit>`).
    node.source = /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(reference) ? 'git' : 'tarball';
    node.spec = reference;
  }
  return node;
}
