import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import { joinDir, type LockfileInput } from './input.js';
import { InputError, quote } from '../../errors.js';
import { documentObject, kindOf, lineOfKey, record, section, stringMap, text } from './parse-text.js';
import { parseJsoncStrict } from './parse-rich.js';
import { classifySpec, noteSpec, splitNameVersion } from './spec.js';

/**
 * bun.lock, Bun's text lockfile (JSONC with trailing commas, Bun 1.1.39+). `workspaces` holds
 * each workspace's declared dependencies; `packages` is keyed by hoisting path (`debug/ms` is
 * the `ms` that `debug` sees) with an array value: `[ "name@version", registry, info, integrity ]`
 * for npm packages, `[ "name@workspace:path" ]`, `[ "name@file:dir", info ]`, git and tarballs.
 * The binary bun.lockb is not read.
 */
export function parseBunLock(input: LockfileInput): LockGraph {
  const lock = documentObject(parseJsoncStrict(input.text, input.path), input.path, 'bun lockfile');
  if (typeof lock.lockfileVersion !== 'number') throw new InputError(`${input.path}: not a bun lockfile: lockfileVersion is ${lock.lockfileVersion === undefined ? 'missing' : kindOf(lock.lockfileVersion)}, expected a number`, { file: input.path });
  const graph: LockGraph = { format: `bun.lock v${String(lock.lockfileVersion)}`, roots: [], nodes: [], problems: [] };
  const entries = section(lock, 'packages', input.path, input.text);
  const workspaces = section(lock, 'workspaces', input.path, input.text);
  const nodes = new Map<string, LockNode>();
  const infos = new Map<LockNode, Record<string, unknown>>();
  const workspaceKeyByDir = new Map<string, string>();
  for (const [key, value] of Object.entries(entries)) {
    const id: unknown = Array.isArray(value) ? value[0] : undefined;
    const { name, version: reference } = typeof id === 'string' ? splitNameVersion(id) : { name: '', version: '' };
    if (name === '' || reference === '' || !Array.isArray(value)) {
      // Bun writes `[ "name@version", … ]`; anything else is a tuple Bun itself could not install from.
      const line = lineOfKey(input.text, key, 4);
      const found = Array.isArray(value) ? `[${typeof id === 'string' ? quote(id, 60) : kindOf(id)}, …]` : kindOf(value);
      graph.problems.push({ message: `entry ${quote(key, 80)} is ${found}, expected ["name@version", …]; entry skipped`, severity: 'error', ...(line === undefined ? {} : { line }) });
      continue;
    }
    const info = record(value.find((item, index) => index > 0 && typeof item === 'object'));
    const node = nodeFor(key, name, reference, value);
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

function nodeFor(key: string, name: string, reference: string, value: unknown[]): LockNode {
  const installedAs = keySegments(key).pop() ?? name;
  const kind = classifySpec(reference);
  if (kind === 'workspace') return makeNode(name, null, 'workspace', { workspace: true });
  if (kind === 'registry') {
    const node = makeNode(name, reference || null, 'registry');
    if (installedAs !== name) {
      node.source = 'alias';
      node.spec = `${installedAs}@npm:${name}@${reference}`;
    }
    return node;
  }
  const node = makeNode(name, null, kind === 'alias' ? 'registry' : kind, { spec: reference, resolved: reference });
  if (kind === 'git') {
    // Git entries end with the resolved commit (`owner-repo-<sha>` for github: specs).
    const commit = value.findLast((item): item is string => typeof item === 'string' && /[0-9a-f]{7,40}$/.test(item));
    node.version = commit?.match(/([0-9a-f]{7,40})$/)?.[1] ?? /#([0-9a-f]{7,40})$/.exec(reference)?.[1] ?? null;
  } else if (kind === 'tarball') {
    node.version = new RegExp(`/-/${name.split('/').pop() ?? ''}-(\\d[^/]*)\\.tgz$`).exec(reference)?.[1] ?? null;
  }
  return node;
}
