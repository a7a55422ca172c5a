import { dirname, sep } from 'node:path';
import type { PolicyVariables, TraceRecord } from '../types.js';
import type { WrittenPolicy } from './schema.js';
import { generalisePath, isInside, minimisePaths } from './variables.js';

/** What one package was seen doing, paths written with variables, for a person to review. */
export interface PackageAccess {
  package: string;
  read: string[];
  write: string[];
  net: string[];
  processes: string[];
  workers: string[];
  addons: string[];
  wasi: boolean;
  env: string[];
}

export interface InferOptions {
  variables: PolicyVariables;
  /** Paths that are Vigil's own (preloads, the trace directory): never part of the policy. */
  ignore: string[];
}

export interface Inference {
  policy: WrittenPolicy;
  packages: PackageAccess[];
  /** Every module file that was loaded (absolute), for `vigil integrity generate --from-report`. */
  modules: string[];
}

/** Directories with at least this many distinct files granted become one directory grant. */
const SIBLINGS_TO_DIRECTORY = 5;
/** Variables Vigil itself sets, or that the launcher replaces. */
const OWN_VARIABLES = /^(NODE_OPTIONS|VIGIL_.*)$/;

/** The npm package a file belongs to (the last node_modules segment), `(app)` for the project's own code, `(node)` for Node's. */
export function packageOf(file: string, project: string): string {
  if (file === '') return '(node)';
  if (file.startsWith('[')) return '(eval)';
  const marker = `${sep}node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at >= 0) {
    const [scope, name] = file.slice(at + marker.length).split(sep);
    return scope?.startsWith('@') && name ? `${scope}/${name}` : (scope ?? '(unknown)');
  }
  return isInside(file, project) ? '(app)' : file;
}

/** Replace many files of one directory by the directory (outside the variable roots, which are granted whole). */
function collapseSiblings(paths: string[]): string[] {
  const byParent = new Map<string, string[]>();
  for (const path of paths) byParent.set(dirname(path), [...(byParent.get(dirname(path)) ?? []), path]);
  return [...byParent.entries()].flatMap(([parent, children]) => (children.length >= SIBLINGS_TO_DIRECTORY ? [parent] : children));
}

/** `<project>/node_modules/<name>` (or `@scope/name`) that holds this file, or null. */
function packageDirectory(path: string, project: string): string | null {
  const marker = `${sep}node_modules${sep}`;
  const at = path.lastIndexOf(marker);
  if (at < 0 || !isInside(path, project)) return null;
  const [scope, name] = path.slice(at + marker.length).split(sep);
  const parts = scope?.startsWith('@') && name ? [scope, name] : [scope];
  const dir = `${path.slice(0, at + marker.length)}${parts.join(sep)}`;
  return dir === path ? null : dir;
}

/**
 * Reads: the temp directory whole (temp names are random); in the project, a dependency's files
 * as its package directory (Node reads its package.json and modules) and the project's own files
 * exactly, many siblings as their directory: the project is never granted whole when only part
 * of it was read (#18). Other files exactly, many siblings as their directory.
 */
function readGrants(paths: string[], variables: PolicyVariables): string[] {
  const grants = new Set<string>();
  const rest: string[] = [];
  for (const path of paths) {
    const pkg = packageDirectory(path, variables.project);
    if (pkg) grants.add(pkg);
    else if (!isInside(path, variables.project) && isInside(path, variables.tmp)) grants.add(variables.tmp);
    else rest.push(path);
  }
  return minimisePaths([...grants, ...collapseSiblings(rest)]);
}

/** Writes: temp whole; under the project or home, the directory written into (a file at their top level exactly). */
function writeGrants(paths: string[], variables: PolicyVariables): string[] {
  const grants = new Set<string>();
  const rest: string[] = [];
  for (const path of paths) {
    if (isInside(path, variables.tmp) && !isInside(path, variables.project)) grants.add(variables.tmp);
    else if (isInside(path, variables.project) || isInside(path, variables.home)) {
      const root = isInside(path, variables.project) ? variables.project : variables.home;
      grants.add(path === root || dirname(path) === root ? path : dirname(path));
    } else rest.push(path);
  }
  return minimisePaths([...grants, ...collapseSiblings(rest)]);
}

/** `host:port` as a rule, exactly as seen: a loopback port is not widened to `host:*` (#18). */
export function netRule(target: string): string {
  const colon = target.lastIndexOf(':');
  const host = target.slice(0, colon);
  const port = Number(target.slice(colon + 1));
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${bracketed}:${port}`;
}

function emptyAccess(name: string): PackageAccess {
  return { package: name, read: [], write: [], net: [], processes: [], workers: [], addons: [], wasi: false, env: [] };
}

/** The smallest policy that allows what the traced run did, and who did what. Pure. */
export function inferPolicy(records: TraceRecord[], options: InferOptions): Inference {
  const { variables } = options;
  const ignored = (path: string) => options.ignore.some((root) => isInside(path, root));
  const reads = new Set<string>();
  const writes = new Set<string>();
  const net = new Set<string>();
  const listen = new Set<string>();
  const commands = new Set<string>();
  const env = new Set<string>();
  const modules = new Set<string>();
  const flags = { worker: false, addons: false, wasi: false };
  const packages = new Map<string, PackageAccess>();
  const access = (by: string) => {
    const name = packageOf(by, variables.project);
    if (!packages.has(name)) packages.set(name, emptyAccess(name));
    return packages.get(name) as PackageAccess;
  };
  for (const record of records) {
    const { kind, target, by } = record;
    if ((kind === 'read' || kind === 'write' || kind === 'module' || kind === 'addon') && ignored(target)) continue;
    if (by !== '' && ignored(by)) continue;
    switch (kind) {
      case 'module':
        reads.add(target);
        modules.add(target);
        break;
      case 'read':
        reads.add(target);
        access(by).read.push(generalisePath(target, variables));
        break;
      case 'write':
        writes.add(target);
        access(by).write.push(generalisePath(target, variables));
        break;
      case 'net':
        if (target.startsWith('unix:')) {
          writes.add(target.slice(5));
          access(by).write.push(generalisePath(target.slice(5), variables));
        } else {
          net.add(netRule(target));
          access(by).net.push(target);
        }
        break;
      case 'listen':
        listen.add(netRule(target));
        access(by).net.push(`listen ${target}`);
        break;
      case 'spawn':
        commands.add(target);
        access(by).processes.push(target);
        break;
      case 'worker':
        flags.worker = true;
        access(by).workers.push(generalisePath(target, variables));
        break;
      case 'addon':
        flags.addons = true;
        reads.add(target);
        access(by).addons.push(generalisePath(target, variables));
        break;
      case 'wasi':
        flags.wasi = true;
        access(by).wasi = true;
        break;
      case 'env':
        // Node's own reads (NODE_DEBUG and the like) change nothing when the variable is absent.
        if (by === '' || OWN_VARIABLES.test(target)) break;
        env.add(target);
        access(by).env.push(target);
        break;
    }
  }
  const unique = (list: string[]) => [...new Set(list)].sort();
  const report = [...packages.values()]
    .map((entry) => ({ ...entry, read: unique(entry.read), write: unique(entry.write), net: unique(entry.net), processes: unique(entry.processes), workers: unique(entry.workers), addons: unique(entry.addons), env: unique(entry.env) }))
    .sort((a, b) => a.package.localeCompare(b.package));
  const generalise = (paths: string[]) => paths.map((path) => generalisePath(path, variables)).sort();
  return {
    policy: {
      version: 1,
      fs: { read: generalise(readGrants([...reads], variables)), write: generalise(writeGrants([...writes], variables)) },
      childProcess: [...commands].sort(),
      ...flags,
      net: listen.size > 0 ? { connect: [...net].sort(), listen: [...listen].sort() } : [...net].sort(),
      env: [...env].sort(),
    },
    packages: report,
    modules: [...modules].sort(),
  };
}

/** The policy as a file: stable key order, two-space JSON. */
export function serialisePolicy(policy: WrittenPolicy): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}

/** One sentence per thing a package did, for the review ("package X contacted host Y"). */
export function describeAccess(entry: PackageAccess): string[] {
  const names: Record<string, string> = { '(app)': 'the application', '(node)': 'Node itself', '(eval)': 'code given with -e' };
  const who = names[entry.package] ?? `package ${entry.package}`;
  return [
    ...entry.net.map((target) => (target.startsWith('listen ') ? `${who} listened on ${target.slice(7)}` : `${who} contacted ${target}`)),
    ...entry.processes.map((command) => `${who} started the process \`${command}\``),
    ...entry.workers.map((file) => `${who} started a worker ${file}`),
    ...entry.addons.map((file) => `${who} loaded the native addon ${file}`),
    ...(entry.wasi ? [`${who} created a WASI instance`] : []),
    ...entry.write.map((path) => `${who} wrote ${path}`),
    ...entry.read.map((path) => `${who} read ${path}`),
    ...(entry.env.length > 0 ? [`${who} read the environment variables ${entry.env.join(', ')}`] : []),
  ];
}
