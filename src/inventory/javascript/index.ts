import { InputError, VigilError } from '../../errors.js';
import type { FileSource } from '../file-source.js';
import type { InventoryProblem, InventorySource, Package } from '../types.js';
import { findContradictions } from './contradictions.js';
import { entryLines } from './lines.js';
import { baseName, dirOf, findLockfiles, isExcluded, workspaceManifestPaths, type FoundLockfile } from './discover.js';
import type { Manifest } from './input.js';
import { parseManifest } from './manifest.js';
import { readInstalledTrees } from './installed.js';
import { graphToPackages } from './to-packages.js';

/** What scanning the JavaScript projects of a tree yields; merged by buildInventory. */
export interface JavaScriptScan {
  packages: Package[];
  sources: InventorySource[];
  problems: InventoryProblem[];
  /** Files found and deliberately not read, with why (`--verbose` says so). */
  ignored?: { path: string; reason: string }[];
}

export interface JavaScriptScanOptions {
  /** Also read installed node_modules trees (and not only lockfiles). */
  installed: boolean;
  /** Directories (relative, POSIX) already owned by another scanner, e.g. Node core's deps/. */
  exclude: string[];
  /** Dependency chains kept per package, shortest first (default 10); more are marked `pathsCapped`. */
  maxPathsPerPackage?: number;
  /** Throw the InputError of a malformed lockfile (exit 2) instead of reporting it as a problem. */
  strict?: boolean;
  /** Lockfiles larger than this many bytes are reported, not read (default 64 MiB). */
  maxLockfileSize?: number;
  /** How the inputs were read, for --verbose (e.g. whether npm's hidden lockfile was used, and why not). */
  note?: (message: string) => void;
}

const DEFAULT_MAX_PATHS = 10;
/**
 * Parsing costs about 25 bytes of memory per byte of lockfile (a 60 MB package-lock.json of
 * 150,000 packages: 9 s, 1.5 GB resident), so a 200 MB one would take gigabytes and minutes.
 * Real lockfiles stay far below this (the 50,000-package benchmark file is 20 MB).
 */
export const DEFAULT_MAX_LOCKFILE_SIZE = 64 * 1024 * 1024;

/**
 * Every lockfile under the root (issue #2), each reported separately, skipping node_modules
 * and `exclude`. A lockfile that cannot be read is a problem with its file and line, and the
 * scan goes on (the inventory is then partial), unless `strict` asks for the error itself.
 */
export async function scanJavaScriptProjects(source: FileSource, options: JavaScriptScanOptions): Promise<JavaScriptScan> {
  const scan: JavaScriptScan & { ignored: NonNullable<JavaScriptScan['ignored']> } = { packages: [], sources: [], problems: [], ignored: [] };
  const files = await source.list('');
  const manifests = new ManifestCache(source, scan.problems);
  /** Lockfile path → the directories of its project (its own and its workspaces'). */
  const projects = new Map<string, string[]>();
  const lockfiles = findLockfiles(files, options.exclude);
  // npm reads npm-shrinkwrap.json and ignores a package-lock.json beside it (arborist's Shrinkwrap.load).
  const shrinkwrapDirs = new Set(lockfiles.filter((lockfile) => lockfile.format.id === 'npm-shrinkwrap').map((lockfile) => lockfile.dir));
  for (const lockfile of lockfiles) {
    if (lockfile.format.id === 'package-lock' && shrinkwrapDirs.has(lockfile.dir)) {
      scan.ignored.push({ path: lockfile.path, reason: `npm-shrinkwrap.json beside it wins, as in npm` });
      continue;
    }
    try {
      await scanLockfile(source, files, lockfile, manifests, options, scan, projects);
    } catch (error) {
      if (options.strict || !(error instanceof VigilError) || error.code !== 'input') throw error;
      scan.problems.push(problemOf(error, lockfile.path));
    }
  }
  // Bun's binary lockfile cannot be read; say so rather than report the project as empty.
  for (const path of files.filter((file) => /(^|\/)bun\.lockb$/.test(file) && !isExcluded(file, options.exclude))) {
    if (!files.includes(path.replace(/\.lockb$/, '.lock'))) scan.problems.push({ path, message: `${path}: Bun's binary lockfile is not read; run \`bun install --save-text-lockfile\` to write bun.lock`, severity: 'warning' });
  }
  if (options.installed) {
    await scanInstalled(source, files, manifests, options, scan);
    append(scan.problems, findContradictions(scan.packages, projects));
  }
  const binaryLockfile = files.some((file) => /(^|\/)bun\.lockb$/.test(file));
  if (lockfiles.length === 0 && !binaryLockfile && !(await hasInstalledTree(source, options, scan))) await noteUnlockedProject(manifests, scan);
  return scan;
}

/**
 * Installed packages say which versions are used even when not read (--no-installed). Asked only
 * when there is no lockfile, and answered from the installed manifests, not a listing of every
 * file under node_modules.
 */
async function hasInstalledTree(source: FileSource, options: JavaScriptScanOptions, scan: JavaScriptScan): Promise<boolean> {
  if (options.installed) return scan.sources.some((found) => found.kind === 'installed');
  const installed = source.listInstalledManifests ? await source.listInstalledManifests('node_modules') : await source.list('node_modules', { includeNodeModules: true });
  return installed.length > 0;
}

/**
 * A package.json that declares dependencies with no lockfile nor node_modules to say which
 * versions they are: "no components" would read as "nothing to worry about". npm audit refuses
 * such a project too (ENOLOCK). An error problem, so the result is partial and, being empty, exit 2.
 */
async function noteUnlockedProject(manifests: ManifestCache, scan: JavaScriptScan): Promise<void> {
  const root = await manifests.get('package.json');
  if (root === null) return;
  const declared = new Set([...Object.keys(root.dependencies), ...Object.keys(root.devDependencies), ...Object.keys(root.optionalDependencies)]).size;
  if (declared === 0) return;
  const lockfileNames = 'package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml or bun.lock';
  scan.problems.push({
    path: 'package.json',
    message: `declares ${declared} dependenc${declared === 1 ? 'y' : 'ies'} but no lockfile (${lockfileNames}) nor node_modules says which versions are used, so none can be listed or reviewed: write a lockfile (e.g. \`npm install --package-lock-only\`) and run again`,
    severity: 'error',
  });
}

/** Installed node_modules trees: one source per tree, one Package per installed location. */
async function scanInstalled(source: FileSource, files: readonly string[], manifests: ManifestCache, options: JavaScriptScanOptions, scan: JavaScriptScan): Promise<void> {
  const found = await readInstalledTrees(source, files, options.exclude, (path) => manifests.get(path), options.note);
  if (found === null) return;
  // Problems about the installed graph as a whole name the one tree, or the root when there are several.
  const where = found.trees.length === 1 ? (found.trees[0] === '.' ? 'node_modules' : `${found.trees[0] ?? '.'}/node_modules`) : '.';
  const result = graphToPackages(found.graph, { origin: 'installed', foundIn: where, maxPathsPerPackage: options.maxPathsPerPackage ?? DEFAULT_MAX_PATHS });
  append(scan.packages, result.packages);
  append(scan.problems, result.problems);
  for (const dir of found.trees) {
    const path = dir === '.' ? 'node_modules' : `${dir}/node_modules`;
    const packageCount = result.packages.filter((pkg) => pkg.foundIn.startsWith(`${path}/`)).length;
    scan.sources.push({ kind: 'installed', path, format: 'node_modules', packageCount });
  }
}

async function scanLockfile(source: FileSource, files: readonly string[], lockfile: FoundLockfile, manifests: ManifestCache, options: JavaScriptScanOptions, scan: JavaScriptScan, projects: Map<string, string[]>): Promise<void> {
  // The size is checked before reading, so a huge file is never loaded into memory.
  const maxSize = options.maxLockfileSize ?? DEFAULT_MAX_LOCKFILE_SIZE;
  const size = await source.size(lockfile.path);
  if (size !== null && size > maxSize) {
    throw new InputError(`${lockfile.path}: ${megabytes(size)} is more than the ${megabytes(maxSize)} a lockfile may have; not read (raise the limit with --max-lockfile-size <MB> if this lockfile is real)`, { file: lockfile.path });
  }
  const text = await source.read(lockfile.path);
  if (text === null || (lockfile.format.sniff && !lockfile.format.sniff(text))) return;
  const own = await manifests.get(lockfile.dir === '.' ? 'package.json' : `${lockfile.dir}/package.json`);
  const projectManifests: Manifest[] = own ? [own] : [];
  const workspacePaths = workspaceManifestPaths(files, lockfile.dir, own?.workspaces ?? []);
  for (const path of workspacePaths) {
    const manifest = await manifests.get(path);
    if (manifest) projectManifests.push(manifest);
  }
  if (lockfile.format.origin === 'lockfile') projects.set(lockfile.path, [lockfile.dir, ...workspacePaths.map(dirOf)]);
  const parse = await lockfile.format.load();
  const graph = parse({ path: lockfile.path, dir: lockfile.dir, text, manifests: projectManifests });
  const origin = lockfile.format.origin;
  const result = graphToPackages(graph, { origin, foundIn: lockfile.path, maxPathsPerPackage: options.maxPathsPerPackage ?? DEFAULT_MAX_PATHS });
  entryLines(text, baseName(lockfile.path), result.packages);
  append(scan.packages, result.packages);
  append(scan.problems, result.problems);
  scan.sources.push({ kind: origin, path: lockfile.path, format: graph.format, packageCount: result.packages.length });
}

/** package.json files, each read and parsed once; a malformed one is a warning, not a failure. */
class ManifestCache {
  private readonly cache = new Map<string, Promise<Manifest | null>>();
  constructor(
    private readonly source: FileSource,
    private readonly problems: InventoryProblem[],
  ) {}

  get(path: string): Promise<Manifest | null> {
    let entry = this.cache.get(path);
    if (entry === undefined) {
      entry = this.load(path);
      this.cache.set(path, entry);
    }
    return entry;
  }

  private async load(path: string): Promise<Manifest | null> {
    try {
      const text = await this.source.read(path);
      return text === null ? null : parseManifest(text, path, dirOf(path));
    } catch (error) {
      if (!(error instanceof VigilError)) throw error;
      this.problems.push({ ...problemOf(error, path), severity: 'warning' });
      return null;
    }
  }
}

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** `target.push(...items)` without spreading: a lockfile of a few hundred thousand packages would overflow the call stack. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

const problemOf = (error: VigilError, path: string): InventoryProblem => ({
  path: error.file ?? path,
  ...(error.line === undefined ? {} : { line: error.line }),
  message: error.message,
  severity: 'error',
});
