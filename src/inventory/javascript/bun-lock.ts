import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import { joinDir, type LockfileInput } from './input.js';
import { InputError, quote } from '../../errors.js';
import { documentObject, kindOf, lineOfKey, record, section, stringMap, text } from './parse-text.js';
import { parseJsoncStrict } from './parse-rich.js';
import { readBunResolution, type BunResolution } from './bun-resolution.js';
import { noteSpec, splitNameVersion } from './spec.js';
import { noteUnreached } from './unreached.js';

/**
 * bun.lock, Bun's text lockfile (JSONC with trailing commas, Bun 1.1.39+). `workspaces` holds
 * each workspace's declared dependencies; `packages` is keyed by hoisting path (`debug/ms` is
 * the `ms` that `debug` sees) with an array value: `[ "name@version", registry, info, integrity ]`
 * for npm packages, `[ "name@workspace:path" ]`, `[ "name@file:dir", info ]`, git and tarballs.
 * The binary bun.lockb is not read.
 */
export function parseBunLock(input: LockfileInput): LockGraph {
  const lock = documentObject(parseJsoncStrict(input.text, input.path), input.path, 'bun lockfile');
  const version = lock.lockfileVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) throw new InputError(`${input.path}: not a bun lockfile: lockfileVersion is ${version === undefined ? 'missing' : typeof version === 'number' ? String(version) : kindOf(version)}, expected a whole number`, { file: input.path });
  // Bun refuses a file without either section ("InvalidLockfile"): an empty inventory would hide that.
  for (const field of ['workspaces', 'packages']) if (lock[field] === undefined) throw new InputError(`${input.path}: not a bun lockfile Bun can read: \`${field}\` is missing`, { file: input.path });
  const graph: LockGraph = { format: `bun.lock v${String(version)}`, roots: [], nodes: [], problems: [] };
  // Bun 1.4 reads versions 0 to 3 and refuses newer ones; Vigil reads on, and says so.
  if (version > 3) graph.problems.push({ message: `lockfileVersion ${version} is newer than the versions Bun 1.4 reads (0–3); read as version 3`, severity: 'warning' });
  const entries = section(lock, 'packages', input.path, input.text);
  const workspaces = section(lock, 'workspaces', input.path, input.text);
  const nodes = new Map<string, LockNode>();
  const infos = new Map<LockNode, Record<string, unknown>>();
  const workspaceKeyByDir = new Map<string, string>();
  for (const [key, value] of Object.entries(entries)) {
    const id: unknown = Array.isArray(value) ? value[0] : undefined;
    const { name, version: reference } = typeof id === 'string' ? splitNameVersion(id) : { name: '', version: '' };
    const resolution = name === '' || reference === '' ? null : readBunResolution(reference);
    const shapeError = !Array.isArray(value) ? kindOf(value) : resolution === null ? undefined : tupleError(resolution, value);
    if (resolution === null || shapeError !== undefined || !Array.isArray(value)) {
      // Bun refuses the whole file for any of these ("failed to parse lockfile"); Vigil skips the entry, loudly.
      const line = lineOfKey(input.text, key, 4);
      const found = Array.isArray(value) ? (value.length === 0 ? 'an empty array' : `[${typeof id === 'string' ? quote(id, 60) : kindOf(id)}, …]`) : kindOf(value);
      const why = !Array.isArray(value) || name === '' || reference === '' ? `is ${found}, expected ["name@version", …]` : resolution === null ? `names ${quote(reference, 60)}, which Bun does not read as a version, path, tarball or git resolution` : `is ${found}: ${shapeError ?? ''}`;
      graph.problems.push({ message: `entry ${quote(key, 80)} ${why}; entry skipped`, severity: 'error', ...(line === undefined ? {} : { line }) });
      continue;
    }
    const info = record(value.find((item, index) => index > 0 && typeof item === 'object'));
    const node = nodeFor(key, name, reference, resolution, value);
    if (node.workspace) workspaceKeyByDir.set(reference.slice('workspace:'.length), key);
    nodes.set(key, node);
    infos.set(node, info);
    graph.nodes.push(node);
  }

  let unresolved = 0;
  const resolve = (from: string, deps: Record<string, string>, kind: EdgeKind, edges: LockEdge[]): void => {
    for (const [name, spec] of Object.entries(deps)) {
      const target = lookup(nodes, from, name);
      if (target === undefined) {
        if (kind === 'prod' || kind === 'dev') unresolved++;
        continue;
      }
      if (target.workspace) continue; // a workspace is a root of its own
      noteSpec(target, name, spec);
      edges.push({ kind, to: target });
    }
  };
  for (const [key, node] of nodes) {
    const info = infos.get(node) ?? {};
    const edges: LockEdge[] = [];
    const optionalPeers = new Set(Array.isArray(info.optionalPeers) ? info.optionalPeers : []);
    resolve(key, stringMap(info.dependencies), 'prod', edges);
    resolve(key, stringMap(info.optionalDependencies), 'optional', edges);
    resolve(key, Object.fromEntries(Object.entries(stringMap(info.peerDependencies)).filter(([name]) => !optionalPeers.has(name) || lookup(nodes, key, name))), 'peer', edges);
    node.edges = edges;
  }
  for (const [dir, value] of Object.entries(workspaces)) {
    const workspace = record(value);
    // Packages a workspace sees are keyed under its name (`@fx/app/ms`), falling back to the hoisted ones.
    const from = dir === '' ? '' : (workspaceKeyByDir.get(dir) ?? text(workspace.name) ?? dir);
    const edges: LockEdge[] = [];
    resolve(from, stringMap(workspace.dependencies), 'prod', edges);
    resolve(from, stringMap(workspace.optionalDependencies), 'optional', edges);
    resolve(from, stringMap(workspace.devDependencies), 'dev', edges);
    resolve(from, stringMap(workspace.peerDependencies), 'peer', edges);
    graph.roots.push({ label: joinDir(input.dir, dir), edges });
  }
  if (unresolved > 0) graph.problems.push({ message: `${unresolved} dependenc${unresolved === 1 ? 'y has' : 'ies have'} no entry in bun.lock; it may be out of date` });
  noteUnreached(graph, 'Bun');
  return graph;
}

/** Package names along a hoisting key: `@a/b/c/@d/e` → `['@a/b', 'c', '@d/e']`. */
export function keySegments(key: string): string[] {
  const parts = key.split('/');
  const names: string[] = [];
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] ?? '';
    if (part.startsWith('@') && index + 1 < parts.length) names.push(`${part}/${parts[++index] ?? ''}`);
    else names.push(part);
  }
  return names;
}

/** What `name` resolves to from the package at `from`: the nearest `from/.../name`, then the hoisted one. */
function lookup(nodes: Map<string, LockNode>, from: string, name: string): LockNode | undefined {
  const segments = from === '' ? [] : keySegments(from);
  for (let length = segments.length; length >= 0; length--) {
    const key = [...segments.slice(0, length), name].join('/');
    const node = nodes.get(key);
    if (node) return node;
  }
  return undefined;
}

function nodeFor(key: string, name: string, reference: string, resolution: BunResolution, value: unknown[]): LockNode {
  const installedAs = keySegments(key).pop() ?? name;
  switch (resolution.kind) {
    case 'root':
    case 'workspace':
      return makeNode(name, null, 'workspace', { workspace: true });
    case 'npm': {
      const node = makeNode(name, resolution.version, 'registry');
      if (installedAs !== name) {
        node.source = 'alias';
        node.spec = `${installedAs}@npm:${name}@${resolution.version}`;
      }
      return node;
    }
    case 'git': {
      // The third item is Bun's tag of the checked-out commit (`owner-repo-<sha>` for github:, the sha for git).
      const tag = typeof value[2] === 'string' ? value[2] : '';
      const commit = /([0-9a-f]{7,40})$/.exec(tag)?.[1] ?? /#([0-9a-f]{7,40})$/.exec(reference)?.[1] ?? null;
      return makeNode(name, commit, 'git', { spec: reference, resolved: reference });
    }
    case 'remote-tarball': {
      // A GitHub codeload tarball is one commit of a repository: git at that commit, as for every other format (spec.ts).
      const codeload = /^https?:\/\/codeload\.github\.com\/[^/]+\/[^/]+\/tar\.gz\/([0-9a-f]{7,40})$/.exec(reference)?.[1];
      if (codeload !== undefined) return makeNode(name, codeload, 'git', { spec: reference, resolved: reference });
      return makeNode(name, new RegExp(`/-/${name.split('/').pop() ?? ''}-(\\d[^/]*)\\.tgz$`).exec(reference)?.[1] ?? null, 'tarball', { spec: reference, resolved: reference });
    }
    case 'link':
      return makeNode(name, null, 'link', { spec: reference, resolved: reference });
    case 'folder':
    case 'local-tarball':
      // A local folder or tarball: the lockfile does not say which version is inside.
      return makeNode(name, null, 'file', { spec: reference, resolved: reference });
  }
}

/**
 * The items Bun requires after the id, by resolution (checked against Bun 1.4.5, which refuses
 * the lockfile when one is missing or of another type): npm `[id, registry, info, integrity]`,
 * git and github `[id, info, tag]`, folders, links and tarballs `[id, info, …]`, workspaces `[id]`.
 */
function tupleError(resolution: BunResolution, value: unknown[]): string | undefined {
  const isObject = (item: unknown): boolean => typeof item === 'object' && item !== null && !Array.isArray(item);
  const expected: [string, (item: unknown) => boolean][] =
    resolution.kind === 'npm'
      ? [['registry URL', (item) => typeof item === 'string'], ['info object', isObject], ['integrity', (item) => typeof item === 'string']]
      : resolution.kind === 'git'
        ? [['info object', isObject], ['commit tag', (item) => typeof item === 'string']]
        : resolution.kind === 'workspace'
          ? []
          : [['info object', isObject]];
  for (const [index, [what, ok]] of expected.entries()) {
    const item = value[index + 1];
    if (!ok(item)) return `item ${index + 2} should be the ${what}, found ${item === undefined ? 'nothing' : kindOf(item)}`;
  }
  return undefined;
}
