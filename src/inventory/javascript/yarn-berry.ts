import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import { joinDir, type LockfileInput } from './input.js';
import { quote } from '../../errors.js';
import { splitDescriptor, splitDescriptors, yarnEntryLine } from './parse-syml.js';
import { kindOf, record, stringMap, text } from './parse-text.js';
import { classifySpec } from './spec.js';
import { noteUnreached } from './unreached.js';

/**
 * yarn.lock of Yarn Berry (2+; `__metadata.version` 4 to 8). Entries are keyed by descriptors
 * (`name@npm:^1.2.0`) and carry a `resolution` locator (`name@npm:1.2.3`,
 * `name@workspace:packages/a`, `name@patch:...`, a git or tarball URL). Workspaces are entries
 * too, but their dev dependencies are only told apart in their package.json.
 */
export function parseYarnBerry(entries: Record<string, unknown>, input: LockfileInput): LockGraph {
  const metadata = record(entries.__metadata);
  const graph: LockGraph = { format: `yarn.lock berry v${String(metadata.version ?? '?')}`, roots: [], nodes: [], problems: [], peersFromParent: true };
  const byDescriptor = new Map<string, LockNode>();
  const byResolution = new Map<string, LockNode>();
  const metas = new Map<LockNode, Record<string, unknown>>();
  const workspaceDirs = new Map<LockNode, string>();

  for (const [key, value] of Object.entries(entries)) {
    if (key === '__metadata') continue;
    const meta = record(value);
    const resolution = text(meta.resolution);
    const broken = entryError(resolution, meta);
    if (resolution === undefined || broken !== undefined) {
      // Yarn stops on such an entry (Project.setupResolutions: "Assertion failed: Expected the
      // lockfile entry to have a resolution field", or a locator it cannot parse): no package from it.
      const line = yarnEntryLine(input.text, splitDescriptors(key)[0] ?? key);
      graph.problems.push({ message: `entry ${quote(key, 80)} ${broken ?? ''}; Yarn refuses such a lockfile; entry skipped`, severity: 'error', ...(line === undefined ? {} : { line }) });
      continue;
    }
    let node = byResolution.get(resolution);
    if (node === undefined) {
      node = nodeFor(resolution, meta);
      byResolution.set(resolution, node);
      graph.nodes.push(node);
      metas.set(node, meta);
      if (node.workspace) workspaceDirs.set(node, joinDir(input.dir, splitDescriptor(resolution).range.slice('workspace:'.length)));
    }
    for (const descriptor of splitDescriptors(key)) byDescriptor.set(withoutBinding(descriptor), node);
  }
  markAliases(byDescriptor);

  // The root's `resolutions` replace a range before Yarn looks it up: the lockfile keys the replacement.
  const resolutions = input.manifests.find((item) => item.dir === input.dir)?.resolutions ?? {};
  const overridden = (name: string, range: string): LockNode | undefined => {
    const value = resolutionFor(resolutions, name, range);
    return value === undefined ? undefined : (byDescriptor.get(`${name}@${value}`) ?? byDescriptor.get(`${name}@npm:${value}`));
  };

  let unresolved = 0;
  for (const node of graph.nodes) {
    const meta = metas.get(node) ?? {};
    const optional = new Set(Object.entries(record(meta.dependenciesMeta)).filter(([, value]) => isTrue(record(value).optional)).map(([name]) => name));
    const manifest = node.workspace ? input.manifests.find((item) => item.dir === workspaceDirs.get(node)) : undefined;
    const edges: LockEdge[] = [];
    const add = (map: Record<string, string>, kindOf: (name: string) => EdgeKind): void => {
      for (const [name, range] of Object.entries(map)) {
        const target = byDescriptor.get(withoutBinding(`${name}@${range}`)) ?? byDescriptor.get(`${name}@npm:${range}`) ?? overridden(name, range);
        const kind = kindOf(name);
        if (target) edges.push({ kind, to: target });
        else if (kind === 'prod' || kind === 'dev') unresolved++;
      }
    };
    add(stringMap(meta.dependencies), (name) => (optional.has(name) ? 'optional' : manifest?.devDependencies[name] !== undefined && manifest.dependencies[name] === undefined ? 'dev' : 'prod'));
    // Peers are resolved virtually by Yarn and not recorded; an exact descriptor match is all there is.
    add(stringMap(meta.peerDependencies), () => 'peer');
    node.edges = edges.filter((edge, index) => edge.kind !== 'peer' || !edges.slice(0, index).some((other) => other.to === edge.to));
    if (node.workspace) graph.roots.push({ label: workspaceDirs.get(node) ?? input.dir, edges: node.edges });
  }
  if (unresolved > 0) graph.problems.push({ message: `${unresolved} dependenc${unresolved === 1 ? 'y has' : 'ies have'} no entry in yarn.lock; it may be out of date` });
  noteUnreached(graph, 'Yarn');
  return graph;
}

/**
 * What Yarn's Project.setupResolutions cannot read in an entry: no `resolution`, one that is not
 * a locator (`name@reference`), or no `linkType` (Yarn upper-cases it unchecked and fails).
 */
function entryError(resolution: string | undefined, meta: Record<string, unknown>): string | undefined {
  if (resolution === undefined) return meta.resolution === undefined ? 'has no `resolution`' : `has a \`resolution\` that is ${kindOf(meta.resolution)}`;
  const { name, range } = splitDescriptor(resolution);
  if (name === '' || range === '' || name.startsWith('@') !== name.includes('/')) return `has the resolution ${quote(resolution, 80)}, which is not a name@reference locator`;
  if (text(meta.linkType) === undefined) return 'has no `linkType`';
  return undefined;
}

/** A node from a resolution locator. */
function nodeFor(resolution: string, meta: Record<string, unknown>): LockNode {
  const { name, range: reference } = splitDescriptor(resolution);
  const version = text(meta.version) ?? (typeof meta.version === 'number' ? String(meta.version) : null);
  const node = makeNode(name, version, 'registry');
  const protocol = /^([a-z+-]+):/.exec(reference)?.[1] ?? '';
  if (protocol === 'workspace') {
    node.workspace = true;
    node.source = 'workspace';
  } else if (protocol === 'npm' || protocol === 'patch') {
    // `patch:` is a registry package with a local patch applied: still that package for advisories.
    if (protocol === 'patch') node.spec = reference;
  } else if (protocol === 'file' || protocol === 'link' || protocol === 'portal') {
    node.source = protocol === 'file' ? 'file' : 'link';
    node.spec = `${protocol}:${reference.slice(protocol.length + 1).split(/[#:]{1,2}/)[0] ?? ''}`;
    if (version === '0.0.0-use.local') node.version = null;
  } else {
    const kind = classifySpec(reference);
    node.source = kind === 'registry' ? 'unknown' : kind;
    node.spec = reference;
    node.resolved = reference;
  }
  return node;
}

/**
 * The range Yarn's `resolutions` put in place of `name@range`. A pattern names the package last
 * (`a-dep`, `**\/a-dep`, `parent/a-dep`, `a-dep@^1.0.1`); the parent part is not checked, which is
 * safe here because this is only asked when the descriptor itself has no entry.
 */
export function resolutionFor(resolutions: Record<string, string>, name: string, range: string): string | undefined {
  const plain = range.startsWith('npm:') ? range.slice('npm:'.length) : range;
  for (const [pattern, value] of Object.entries(resolutions)) {
    const last = /(?:^|\/)((?:@[^/]+\/)?[^/]+)$/.exec(pattern)?.[1] ?? pattern;
    const { name: patternName, range: patternRange } = splitDescriptor(last);
    if (patternName === name && (patternRange === '' || patternRange === plain || patternRange === range)) return value;
  }
  return undefined;
}

/** A registry package asked for only under other names (`string-width-cjs@npm:string-width@^4`) is an alias. */
function markAliases(byDescriptor: Map<string, LockNode>): void {
  const names = new Map<LockNode, Set<string>>();
  for (const [descriptor, node] of byDescriptor) {
    const set = names.get(node) ?? new Set<string>();
    set.add(splitDescriptor(descriptor).name);
    names.set(node, set);
  }
  for (const [node, set] of names) {
    const alias = [...set][0];
    if (node.source === 'registry' && !set.has(node.name) && alias !== undefined) {
      node.source = 'alias';
      node.spec = `${alias}@npm:${node.name}@${node.version ?? ''}`;
    }
  }
}

/** Yarn's parser reads every scalar as a string: `optional: true` arrives as `'true'`. */
const isTrue = (value: unknown): boolean => value === true || value === 'true';

/** `local-lib@file:./x::locator=app%40workspace%3A.` → `local-lib@file:./x`: the binding says who asked, not what. */
const withoutBinding = (descriptor: string): string => {
  const index = descriptor.indexOf('::');
  return index === -1 ? descriptor : descriptor.slice(0, index);
};
