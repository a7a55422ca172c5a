import type { Scope } from '../types.js';
import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import { joinDir, matchesWorkspace, type LockfileInput } from './input.js';
import { parsePackageLockV1 } from './package-lock-v1.js';
import { quote } from '../../errors.js';
import { documentObject, kindOf, lineOfKey, record, section, text } from './parse-text.js';
import { parseNpmLockJson } from './npm-conflicts.js';
import { InstallLocations } from './install-locations.js';
import { classifySpec, noteSpec } from './spec.js';

/**
 * package-lock.json and npm-shrinkwrap.json. Versions 2 and 3 are read from `packages`, keyed by
 * install location (`node_modules/a/node_modules/b`); dependencies are resolved the way Node
 * resolves them, walking up the node_modules folders. Version 1 has only the nested
 * `dependencies` tree and goes to package-lock-v1.ts.
 */
export function parsePackageLock(input: LockfileInput): LockGraph {
  const name = input.path.endsWith('npm-shrinkwrap.json') ? 'npm-shrinkwrap.json' : 'package-lock.json';
  const { value, problem } = parseNpmLockJson(input.text, input.path);
  const lock = documentObject(value, input.path, name);
  const version = typeof lock.lockfileVersion === 'number' ? lock.lockfileVersion : 1;
  // npm 7+ reads `packages` when it is there, and the v1 `dependencies` tree otherwise.
  const graph = lock.packages === undefined ? parsePackageLockV1(lock, input, `${name} v${version}`) : parsePackagesSection(section(lock, 'packages', input.path, input.text), input, `${name} v${version}`);
  if (problem) graph.problems.unshift(problem);
  return graph;
}

/** The `name` a location installs: the part after the last `node_modules/`. */
export function nameFromLocation(location: string): string {
  const index = location.lastIndexOf('node_modules/');
  return index === -1 ? (location.split('/').pop() ?? location) : location.slice(index + 'node_modules/'.length);
}

/** npm's flags: `dev` and `optional` together are an optional dependency of a dev dependency (both hold). */
const declaredScope = (meta: Record<string, unknown>): Scope => {
  if (meta.dev === true) return 'dev';
  if (meta.optional === true) return 'optional';
  if (meta.devOptional === true) return 'dev-optional';
  if (meta.peer === true) return 'peer';
  return 'prod';
};

const REGISTRY_TARBALL = /^https?:\/\/[^/]+\/(@[^/]+\/)?[^/]+\/-\/[^/]+\.tgz$/;

function parsePackagesSection(packages: Record<string, unknown>, input: LockfileInput, format: string): LockGraph {
  const graph: LockGraph = { format, roots: [], nodes: [], problems: [] };
  const root = record(packages['']);
  const workspaces = workspacePatterns(root.workspaces);
  const links = new Map<string, string>();
  const nodes = new Map<string, LockNode>();

  const skipped = new Set<string>();
  // Keys, not entries: no [key, value] array per package.
  const locations = Object.keys(packages);
  for (const location of locations) {
    if (location === '') continue;
    const value = packages[location];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      skipped.add(location);
      const line = lineOfKey(input.text, location, 4);
      graph.problems.push({ message: `entry ${quote(location, 80)} is ${kindOf(value)}, expected an object; entry skipped`, severity: 'error', ...(line === undefined ? {} : { line }) });
      continue;
    }
    const meta = value as Record<string, unknown>;
    if (meta.link === true) {
      links.set(location, text(meta.resolved) ?? '');
      continue;
    }
    const installedAs = nameFromLocation(location);
    const isInstalled = location.includes('node_modules/');
    const realName = text(meta.name) ?? installedAs;
    const node = makeNode(realName, text(meta.version) ?? null, 'registry', { declaredScope: declaredScope(meta) });
    const resolved = text(meta.resolved);
    if (resolved !== undefined) node.resolved = resolved;
    if (meta.inBundle === true) node.flags.bundled = true;
    if (meta.dev === true) node.flags.dev = true;
    if (meta.optional === true) node.flags.optional = true;
    if (!isInstalled) {
      // A link target: a workspace member, or a `file:` directory outside node_modules.
      if (matchesWorkspace(workspaces, location)) node.workspace = true;
      else {
        node.source = 'file';
        node.spec = `file:${location}`;
      }
    } else if (realName !== installedAs) {
      node.source = 'alias';
      node.spec = `${installedAs}@npm:${realName}@${node.version ?? ''}`;
    } else if (resolved !== undefined && classifySpec(resolved) === 'git') {
      node.source = 'git';
      node.spec = resolved;
    } else if (resolved !== undefined && resolved.startsWith('file:')) {
      node.source = 'file';
      node.spec = resolved;
    } else if (resolved !== undefined && /^https?:/.test(resolved) && !REGISTRY_TARBALL.test(resolved)) {
      node.source = 'tarball';
      node.spec = resolved;
    }
    nodes.set(location, node);
    graph.nodes.push(node);
  }

  // Links point at their targets; `file:` targets are named by the link that installs them.
  for (const [location, target] of links) {
    const node = nodes.get(target);
    if (node && node.name === nameFromLocation(target) && !node.workspace) node.name = nameFromLocation(location);
  }
  const has = (location: string): boolean => nodes.has(location) || links.has(location);
  const installed = new InstallLocations([...nodes.keys(), ...links.keys()], has);
  const lookup = (location: string): LockNode | undefined => nodes.get(links.get(location) ?? location) ?? nodes.get(location);

  let unresolved = 0;
  let example = '';
  const edgesOf = (location: string, meta: Record<string, unknown>, withDev: boolean): LockEdge[] => {
    const edges: LockEdge[] = [];
    addEdges(edges, location, meta.dependencies, 'prod');
    addEdges(edges, location, meta.optionalDependencies, 'optional');
    if (withDev) addEdges(edges, location, meta.devDependencies, 'dev');
    addEdges(edges, location, meta.peerDependencies, 'peer');
    return edges;
  };
  // Hot on big lockfiles (one call per declared dependency): no intermediate objects.
  const addEdges = (edges: LockEdge[], location: string, deps: unknown, kind: EdgeKind): void => {
    if (deps === null || typeof deps !== 'object') return;
    for (const name in deps) {
      const spec = (deps as Record<string, unknown>)[name];
      if (typeof spec !== 'string') continue;
      const at = installed.resolve(location, name);
      const target = at === null ? undefined : lookup(at);
      if (target === undefined) {
        // Optional and peer dependencies are legitimately absent (other platforms, unmet optional peers).
        if (kind === 'prod' || kind === 'dev') {
          unresolved++;
          example ||= `${location || 'the root'} needs ${name}@${spec}`;
        }
        continue;
      }
      noteSpec(target, name, spec);
      edges.push({ kind, to: target });
    }
  };

  graph.roots.push({ label: input.dir, edges: edgesOf('', root, true) });
  for (const location of locations) {
    if (location === '' || links.has(location) || skipped.has(location)) continue;
    const node = nodes.get(location) as LockNode;
    const meta = record(packages[location]);
    // npm installs the dev dependencies of the root and of workspaces, nobody else's.
    node.edges = edgesOf(location, meta, node.workspace === true);
    if (node.workspace) graph.roots.push({ label: joinDir(input.dir, location), edges: node.edges });
  }
  if (unresolved > 0) graph.problems.push({ message: `${unresolved} dependenc${unresolved === 1 ? 'y is' : 'ies are'} not in the lockfile (e.g. ${example}); the lockfile may be out of date` });
  return graph;
}

/** `workspaces` as an array or as `{ packages: [...] }` (yarn's form, also accepted by npm). */
export function workspacePatterns(value: unknown): string[] {
  const list = Array.isArray(value) ? value : record(value).packages;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}
