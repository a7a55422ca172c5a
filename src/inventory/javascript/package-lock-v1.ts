import type { Scope } from '../types.js';
import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import { joinDir, matchesWorkspace, type LockfileInput, type Manifest } from './input.js';
import { walkUp } from './install-locations.js';
import { quote } from '../../errors.js';
import { kindOf, record, section, stringMap, text } from './parse-text.js';
import { classifySpec, parseAliasTarget } from './spec.js';

/**
 * package-lock.json v1 (npm 5 and 6): a nested `dependencies` tree with `requires` maps and
 * dev/optional/bundled flags, but no record of the project's own dependencies: those come from
 * the project's package.json when it is there, else every top-level entry nobody requires.
 */
export function parsePackageLockV1(lock: Record<string, unknown>, input: LockfileInput, format: string): LockGraph {
  const graph: LockGraph = { format, roots: [], nodes: [], problems: [] };
  const manifest = input.manifests.find((item) => item.dir === input.dir);
  const nodes = new Map<string, LockNode>();
  const requires = new Map<LockNode, Record<string, string>>();

  // Iterative, not recursive: a corrupt or hostile tree 10,000 levels deep must not overflow the stack (issue #20).
  const pending: [Record<string, unknown>, string, number][] = [[section(lock, 'dependencies', input.path, input.text), '', 1]];
  let tooDeep = 0;
  for (let index = 0; index < pending.length; index++) {
    const [dependencies, parent, depth] = pending[index] as [Record<string, unknown>, string, number];
    if (depth > MAX_DEPTH) {
      tooDeep += Object.keys(dependencies).length;
      continue;
    }
    for (const [installedAs, value] of Object.entries(dependencies)) {
      const location = parent === '' ? `node_modules/${installedAs}` : `${parent}/node_modules/${installedAs}`;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        graph.problems.push({ message: `entry ${quote(location, 80)} is ${kindOf(value)}, expected an object; entry skipped`, severity: 'error' });
        continue;
      }
      const meta = value as Record<string, unknown>;
      const node = nodeFor(installedAs, meta, location, manifest);
      nodes.set(location, node);
      graph.nodes.push(node);
      requires.set(node, stringMap(meta.requires));
      pending.push([record(meta.dependencies), location, depth + 1]);
    }
  }

  if (tooDeep > 0) graph.problems.push({ message: `dependencies nested more than ${MAX_DEPTH} levels deep (no npm install does that): ${tooDeep} entr${tooDeep === 1 ? 'y' : 'ies'} below that not read`, severity: 'error' });
  const has = (location: string): boolean => nodes.has(location);
  let unresolved = 0;
  const edgesFrom = (location: string, deps: Record<string, string>, kind: EdgeKind): LockEdge[] => {
    const edges: LockEdge[] = [];
    for (const name of Object.keys(deps)) {
      const at = walkUp(has, location, name);
      const target = at === null ? undefined : nodes.get(at);
      if (target) edges.push({ kind, to: target });
      else if (kind !== 'optional') unresolved++;
    }
    return edges;
  };
  for (const [location, node] of nodes) node.edges = edgesFrom(location, requires.get(node) ?? {}, 'prod');

  if (manifest) {
    graph.roots.push({
      label: input.dir,
      edges: [
        ...edgesFrom('', manifest.dependencies, 'prod'),
        ...edgesFrom('', manifest.optionalDependencies, 'optional'),
        ...edgesFrom('', manifest.devDependencies, 'dev'),
      ],
    });
  } else {
    // No package.json: the top level minus what something else requires is what the project asked for.
    const required = new Set<LockNode>();
    for (const node of graph.nodes) for (const edge of node.edges) required.add(edge.to);
    const top = [...nodes].filter(([location, node]) => !location.slice('node_modules/'.length).includes('/node_modules/') && !required.has(node));
    graph.roots.push({ label: input.dir, edges: top.map(([, node]) => ({ kind: node.declaredScope === 'dev' ? 'dev' : 'prod', to: node })) });
    graph.problems.push({ message: 'lockfile v1 without a package.json beside it: direct dependencies inferred from the lockfile' });
  }
  for (const node of graph.nodes) {
    if (node.workspace) graph.roots.push({ label: joinDir(input.dir, (node.spec ?? '').replace(/^file:/, '')), edges: node.edges });
  }
  if (unresolved > 0) graph.problems.push({ message: `${unresolved} required dependenc${unresolved === 1 ? 'y is' : 'ies are'} not in the lockfile; it may be out of date` });
  return graph;
}

/** Real v1 trees are a few dozen levels deep; past this the input is corrupt or hostile, and walking up node_modules from each entry would cost depth² steps. */
const MAX_DEPTH = 1000;

const scopeOf = (meta: Record<string, unknown>): Scope => (meta.dev === true ? 'dev' : meta.optional === true ? 'optional' : 'prod');

/** One v1 entry: its `version` is a version, or the spec for aliases, git, file and tarballs. */
function nodeFor(installedAs: string, meta: Record<string, unknown>, location: string, manifest: Manifest | undefined): LockNode {
  const version = text(meta.version) ?? '';
  const resolved = text(meta.resolved);
  const node = makeNode(installedAs, version || null, 'registry', { declaredScope: scopeOf(meta) });
  if (resolved !== undefined) node.resolved = resolved;
  if (meta.bundled === true) node.flags.bundled = true;
  if (meta.dev === true) node.flags.dev = true;
  if (meta.optional === true) node.flags.optional = true;
  const kind = classifySpec(version);
  if (kind === 'alias') {
    const target = parseAliasTarget(version);
    node.name = target?.name ?? installedAs;
    node.version = target?.range ?? null;
    node.source = 'alias';
    node.spec = `${installedAs}@${version}`;
  } else if (kind === 'file') {
    const dir = version.replace(/^file:/, '');
    node.version = null;
    node.spec = version;
    if (manifest && matchesWorkspace(manifest.workspaces, dir)) node.workspace = true;
    else node.source = 'file';
  } else if (kind === 'git') {
    // `version` is the git URL with the commit; the package's own version is not recorded.
    node.version = /#([0-9a-f]{40})$/.exec(version)?.[1] ?? null;
    node.source = 'git';
    node.spec = version;
  } else if (kind === 'tarball') {
    // A registry-shaped URL (`.../name/-/name-1.2.3.tgz`) names its version; any other does not.
    node.version = new RegExp(`/-/${installedAs.split('/').pop() ?? ''}-(\\d[^/]*)\\.tgz$`).exec(version)?.[1] ?? null;
    node.source = 'tarball';
    node.spec = version;
  } else if (location.includes('/node_modules/') && meta.bundled === true) {
    node.flags.bundled = true;
  }
  return node;
}
