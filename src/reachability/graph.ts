/**
 * The module graph: a breadth-first walk from the entry points through every literal `require`,
 * `import` and `import()`, so the first parent of a file lies on a shortest chain. Loads the walk
 * cannot follow (computed specifiers, direct `eval`, files that do not parse) are kept as unknown
 * loads with the packages they could reach; they never make anything "not reachable".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import semver from 'semver';
import { readPathAliases } from './aliases.js';
import { projectEntries } from './entries.js';
import { cacheDir } from '../config/defaults.js';
import { loadsCacheFile, readLoadsCache, writeLoadsCache } from './loads-cache.js';
import { releaseRawParser } from './oxc-raw.js';
import { FileParser, NOT_CODE } from './parse-files.js';
import { ParsePool } from './parse-pool.js';
import { Resolver } from './resolve.js';
import type { ChainStep, LoadSite, ModuleGraph, ModuleInfo, UnknownLoad } from './types.js';

export interface GraphOptions {
  /** Files named by the user (`--entry`): replace the package.json entry points. */
  entries?: string[];
  /**
   * Worker threads that parse files (parse-pool.ts); default 0, parse on this thread: with raw
   * transfer a parse is cheap and the pool cost more than it saved, in CPU and in wall time
   * (README, "Parsing on worker threads"). `defaultPoolSize()` gives one per available core.
   */
  workers?: number;
  /** Files queued ahead of the walk before the workers start (a narrower graph is done in process: starting them costs more than they give); default 200. */
  poolAfter?: number;
  /**
   * Where parsed files' loads are kept between runs (loads-cache.ts): a directory; default the
   * user's cache directory ($XDG_CACHE_HOME/vigil, else ~/.cache/vigil); null: parse every file.
   */
  cacheDir?: string | null;
}

const POOL_AFTER = 200;

/** Package names a computed specifier can reach, from its literal head. */
function candidatesOf(site: LoadSite, ownName: string | null): string[] | null {
  const prefix = site.prefix;
  // A relative or absolute head: the files it can name are followed (their loads are in the graph),
  // so the load itself reaches no other package (the computed part is taken to stay below the head).
  if (prefix.startsWith('./') || prefix.startsWith('../') || prefix.startsWith('/')) return [];
  if (prefix.startsWith('.')) return ownName ? [ownName] : [];
  if (prefix === '' || prefix.startsWith('#')) return null;
  const parts = prefix.split('/');
  const scoped = prefix.startsWith('@');
  const complete = scoped ? parts.length > 2 : parts.length > 1;
  const name = scoped ? parts.slice(0, 2).join('/') : (parts[0] as string);
  return [complete ? name : `${name}*`];
}

const CALLS: Record<LoadSite['kind'], string> = { require: 'require', import: 'import', 'dynamic-import': 'import', 'require-resolve': 'require.resolve', worker: 'new Worker', fork: 'fork' };

function describe(site: LoadSite): string {
  return `${CALLS[site.kind]}(<computed>)${site.prefix ? ` with the literal head ${JSON.stringify(site.prefix)}` : ''}${site.suffix ? ` and tail ${JSON.stringify(site.suffix)}` : ''}`;
}

interface DynamicKnowledge {
  package: string;
  versions: string;
  file: string;
  candidates: string[];
  reason: string;
  source: string;
}

let dynamicKnowledge: DynamicKnowledge[] | null = null;

/** Computed loads a person has read (knowledge/dynamic-loads.json), for package@version and its file. */
function knownDynamicLoad(name: string | undefined, version: string | null, file: string): DynamicKnowledge | undefined {
  dynamicKnowledge ??= (JSON.parse(readFileSync(new URL('./knowledge/dynamic-loads.json', import.meta.url), 'utf8')) as { entries: DynamicKnowledge[] }).entries;
  return dynamicKnowledge.find((entry) => entry.package === name && entry.file === file && version !== null && semver.satisfies(version, entry.versions));
}

const CODE = /\.(?:c|m)?[jt]sx?$/;

export { MAY_LOAD } from './parse-files.js';

/** Code files (recursively) whose path starts with `head` (a directory when it ends with '/') and ends with `tail` (extension aside). */
function filesWithPrefix(head: string, isDirectory: boolean, tail: string): string[] {
  const dir = isDirectory ? head : dirname(head);
  const out: string[] = [];
  const walk = (current: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && depth < 4) walk(path, depth + 1);
      else if (entry.isFile() && CODE.test(entry.name) && !entry.name.endsWith('.d.ts') && path.startsWith(head) && (path.endsWith(tail) || path.replace(/\.[^./]+$/, '').endsWith(tail))) out.push(path);
    }
  };
  walk(dir, 0);
  return out.slice(0, 5000);
}

/** Names of the packages in `root/node_modules` (scoped ones included): what a bare name resolves to from the project. */
function topLevelPackages(root: string): string[] {
  const names: string[] = [];
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir).filter((name) => !name.startsWith('.'));
    } catch {
      return [];
    }
  };
  for (const name of list(join(root, 'node_modules'))) {
    if (name.startsWith('@')) for (const scoped of list(join(root, 'node_modules', name))) names.push(`${name}/${scoped}`);
    else names.push(name);
  }
  return names;
}

/**
 * Build the graph of everything reachable from the project's entry points. Asynchronous: files
 * are parsed on worker threads ahead of the walk (the graph is the same as parsing in order on
 * this thread; see parse-pool.ts).
 */
export async function buildGraph(root: string, options: GraphOptions = {}): Promise<ModuleGraph & { problems: string[] }> {
  const started = performance.now();
  const resolver = new Resolver();
  const realRoot = resolver.real(root);
  const { entries, problems } = projectEntries(realRoot, options.entries ?? [], resolver);
  resolver.aliases = readPathAliases(realRoot, problems);
  const parent = new Map<string, ChainStep | null>();
  const packages: ModuleGraph['packages'] = new Map();
  const importers: ModuleGraph['importers'] = new Map();
  const unknown: UnknownLoad[] = [];
  const unresolved: ModuleGraph['unresolved'] = [];
  const queue: string[] = [];
  let parsed = 0;
  for (const entry of entries) {
    if (!parent.has(entry.file)) {
      parent.set(entry.file, null);
      queue.push(entry.file);
    }
  }
  const packageDirOf = (file: string): string => resolver.packageRoot(dirname(file)) ?? realRoot;
  const rootManifest = resolver.manifest(realRoot);
  const projectDependencies = Object.keys({ ...rootManifest?.dependencies, ...rootManifest?.optionalDependencies, ...rootManifest?.peerDependencies });
  let topLevel: string[] | null = null;
  const addUnknown = (load: UnknownLoad, packageDir: string, name: string | undefined, version: string | null): void => {
    const known = knownDynamicLoad(name, version, relative(packageDir, load.file).split(sep).join('/'));
    if (!known) {
      unknown.push(load);
      return;
    }
    const candidates = known.candidates.flatMap((candidate) => {
      if (candidate === '$dependencies') return projectDependencies;
      // A loader that resolves names from the project (a config file's plugins) or from itself:
      // every package installed at the project's top level, and the loader package's own
      // dependencies (their dependencies follow in the verdict's closure).
      if (candidate === '$all-dependencies') {
        topLevel ??= [...topLevelPackages(realRoot), ...Object.keys({ ...rootManifest?.devDependencies })];
        const own = resolver.manifest(packageDir);
        return [...topLevel, ...Object.keys({ ...own?.dependencies, ...own?.optionalDependencies, ...own?.peerDependencies })];
      }
      return [candidate];
    });
    if (candidates.length > 0) unknown.push({ ...load, what: `${load.what} (${known.reason}; ${known.source})`, candidates });
  };
  const cacheFile = options.cacheDir === null ? null : loadsCacheFile(options.cacheDir ?? cacheDir(process.env));
  const known = cacheFile ? readLoadsCache(cacheFile) : new Map<string, ModuleInfo>();
  /** The loads this run used or made that may be kept (written back when some are new). */
  const used = new Map<string, ModuleInfo>();
  const parser = new FileParser(known);
  const workers = options.workers ?? 0;
  const poolAfter = options.poolAfter ?? POOL_AFTER;
  let pool: ParsePool | null = null;
  let index = 0;
  const enqueue = (target: string, step: ChainStep): void => {
    if (parent.has(target)) return;
    parent.set(target, step);
    queue.push(target);
    if (!pool && workers > 0 && queue.length - index > poolAfter) {
      // A frontier wide enough to keep workers busy and pay for starting them: they take every file still queued.
      pool = new ParsePool(workers, undefined, cacheFile ? { file: cacheFile, known } : null);
      for (const queued of queue.slice(index + 1)) if (!NOT_CODE.test(queued)) pool.want(queued);
    } else if (pool && !NOT_CODE.test(target)) {
      pool.want(target);
    }
  };
  let threads = 0;
  try {
    for (; index < queue.length; index++) {
      await walkOne(queue[index] as string);
    }
  } finally {
    threads = (pool as ParsePool | null)?.size ?? 0;
    await (pool as ParsePool | null)?.close();
    releaseRawParser();
  }
  if (cacheFile && [...used.keys()].some((key) => !known.has(key))) writeLoadsCache(cacheFile, used, known);
  return { root: realRoot, entries, parent, packages, importers, unknown, unresolved, stats: { files: queue.length, parsed, ms: Math.round(performance.now() - started), workers: threads }, problems };

  async function walkOne(file: string): Promise<void> {
    const packageDir = packageDirOf(file);
    const manifest = resolver.manifest(packageDir);
    const record = packages.get(packageDir) ?? { name: manifest?.name ?? (packageDir === realRoot ? '(project)' : packageDir), version: typeof (manifest as { version?: unknown } | null)?.version === 'string' ? ((manifest as { version: string }).version) : null, files: [] };
    record.files.push(file);
    packages.set(packageDir, record);
    if (NOT_CODE.test(file)) return;
    const result = pool ? await (pool as ParsePool).take(file) : parser.take(file);
    if (result.kind === 'unreadable') {
      unknown.push({ file, line: 0, what: `cannot read: ${result.error}`, candidates: null });
      return;
    }
    if (result.kind === 'no-loads') return;
    parsed++;
    if (result.key) used.set(result.key, result.info);
    const info = result.info;
    if (info.parseError) unknown.push({ file, line: 0, what: `does not parse (${info.parseError.split('\n')[0]}): its loads are unknown`, candidates: null });
    for (const line of info.evalLines) addUnknown({ file, line, what: 'eval(<computed>) can call require with anything', candidates: null }, packageDir, manifest?.name, record.version);
    for (const line of info.functionLines) addUnknown({ file, line, what: 'Function(<computed>) compiles code that can import() anything, or be handed require', candidates: null }, packageDir, manifest?.name, record.version);
    for (const site of info.loads) {
      const from = site.base ?? file;
      if (site.specifier === null && site.suffix.endsWith('.json')) continue; // a path ending in .json is parsed as JSON: no code runs
      if (site.specifier === null && (site.prefix.startsWith('./') || site.prefix.startsWith('../') || site.prefix.startsWith('/'))) {
        // `require('./commands/' + name)`, `path.join(__dirname, 'commands', name)`: every file the
        // literal head (and tail) can name is followed, so what those files load is never taken
        // for not reachable (npm's lib/npm.js loads its commands so).
        for (const target of filesWithPrefix(resolve(dirname(from), site.prefix), site.prefix.endsWith('/'), site.suffix)) enqueue(target, { file, line: site.line });
      }
      if (site.specifier === null) {
        addUnknown({ file, line: site.line, what: describe(site), candidates: candidatesOf(site, manifest?.name ?? null) }, packageDir, manifest?.name, record.version);
        continue;
      }
      const targets = resolver.resolve(site.specifier, from);
      if (targets === null) continue;
      if (targets.length === 0) {
        unresolved.push({ file, line: site.line, specifier: site.specifier });
        // In the project's own code a bare specifier that resolves to nothing may be a bundler alias
        // (webpack resolve.alias, a Babel module resolver) Vigil does not read: what it names is unknown.
        // In node_modules it is an optional dependency that is not installed: it loads nothing.
        if (!/^(?:\.{1,2}(?:\/|$)|\/|#)/.test(site.specifier) && !file.includes(`${sep}node_modules${sep}`)) {
          unknown.push({ file, line: site.line, what: `${CALLS[site.kind]}(${JSON.stringify(site.specifier)}) resolves to nothing: not installed, or an alias of a bundler (not read)`, candidates: null });
        }
      }
      for (const target of targets) {
        const targetDir = packageDirOf(target);
        if (targetDir !== packageDir) {
          const set = importers.get(targetDir) ?? new Set<string>();
          set.add(file);
          importers.set(targetDir, set);
        }
        enqueue(target, { file, line: site.line });
      }
    }
  }
}

/** The chain from an entry point to `file`: entry first, each step with the line loading the next. */
export function chainTo(graph: ModuleGraph, file: string): ChainStep[] {
  const chain: ChainStep[] = [];
  let current: string | undefined = file;
  let line: number | null = null;
  while (current !== undefined && chain.length < 1000) {
    chain.unshift({ file: current, line });
    const step = graph.parent.get(current);
    if (!step) break;
    line = step.line;
    current = step.file;
  }
  return chain;
}

/** Whether a package directory inside `node_modules` is resolvable by name from `file` (Node looks up the ancestors' node_modules). */
export function visibleFrom(packageDir: string, file: string): boolean {
  const marker = `${sep}node_modules${sep}`;
  const at = packageDir.lastIndexOf(marker);
  if (at < 0) return true;
  const container = packageDir.slice(0, at);
  return file.startsWith(container + sep);
}
