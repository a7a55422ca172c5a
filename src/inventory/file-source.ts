import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { GitObjectReader } from '../forge/git/object-reader.js';
import type { listTree as ListTree } from '../forge/git/tree.js';
import { fsReason, InputError } from '../errors.js';
import { readInputTextSync } from '../util/read-input.js';

/**
 * Where inventory reads files from: a work tree on disk, or a git ref read from objects without a
 * checkout (issue #2: `--ref v22.x`). Paths are POSIX and relative to the root.
 */
export interface FileSource {
  /** Absolute root directory (the repository for a git ref). */
  root: string;
  /** The ref and commit when reading git objects; null for a work tree. */
  ref: { name: string; commit: string } | null;
  /** Every file path under `prefix` (relative, POSIX), skipping node_modules unless asked. */
  list(prefix?: string, options?: { includeNodeModules?: boolean }): Promise<string[]>;
  /** A file's text, or null when it does not exist. Throws InputError when unreadable. */
  read(path: string): Promise<string | null>;
  /**
   * The package.json of every installed package under a node_modules directory (`prefix`), found
   * as npm finds them: packages, @scope/packages, pnpm's .pnpm/<id>/node_modules, and each
   * package's own node_modules, without listing the packages' other files. Optional: sources
   * without it are searched with `list`.
   */
  listInstalledManifests?(prefix: string): Promise<string[]>;
  /** A file's size in bytes, or null when unknown; read before `read` so a huge file is never loaded. */
  size(path: string): Promise<number | null>;
  /** Release resources (the cat-file process). */
  close(): void;
}

const toPosix = (path: string): string => path.split(sep).join('/');

/** Files on disk. Symlinks are never followed out of the root, and loops are cut. */
export class WorkTreeSource implements FileSource {
  readonly ref = null;
  readonly root: string;

  /** The root with its separator: every path below it is join(root, ...), the rest of the string its relative path. */
  private readonly rootPrefix: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.rootPrefix = this.root.endsWith(sep) ? this.root : this.root + sep;
  }

  /** A path below the root, relative and POSIX, by prefix: path.relative resolves both sides, per file (~10 ms of a 1,600-package tree, #15). */
  private relativeToRoot(path: string): string {
    return toPosix(path.startsWith(this.rootPrefix) ? path.slice(this.rootPrefix.length) : relative(this.root, path));
  }

  async list(prefix = '', options: { includeNodeModules?: boolean } = {}): Promise<string[]> {
    const files: string[] = [];
    const seen = new Set<string>();
    // Synchronous on purpose, as `read`: a tree is many small directories, and two thread-pool
    // round trips each (realpath, readdir) left the thread idle more than it worked (#15).
    const walk = (directory: string): void => {
      let real: string;
      try {
        real = realpathSync.native(directory);
      } catch {
        return;
      }
      if (seen.has(real)) return; // a symlink loop, or the same directory reached twice
      seen.add(real);
      let entries: Dirent[];
      try {
        entries = readdirSync(directory, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw new InputError(`${directory}: cannot list directory: ${(error as Error).message}`, { file: directory, cause: error });
      }
      for (const entry of entries) {
        if (entry.name === '.git') continue;
        if (entry.name === 'node_modules' && !options.includeNodeModules) continue;
        const path = join(directory, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.isFile()) files.push(this.relativeToRoot(path));
        else if (entry.isSymbolicLink()) {
          let target: string;
          try {
            target = realpathSync.native(path);
          } catch {
            continue;
          }
          if (!(target === this.root || target.startsWith(this.root + sep))) continue;
          const stats = lstatSync(target, { throwIfNoEntry: false });
          if (stats?.isDirectory()) walk(path);
          else if (stats?.isFile()) files.push(this.relativeToRoot(path));
        }
      }
    };
    walk(join(this.root, prefix));
    return files.sort();
  }

  async listInstalledManifests(prefix: string): Promise<string[]> {
    const found: string[] = [];
    // Real paths already visited: a symlink loop, or a package reached twice (pnpm's links), is read once.
    const seen = new Set<string>();
    let realRoot = this.root;
    try {
      realRoot = realpathSync.native(this.root);
    } catch {
      // an absent root: nothing below it is found either
    }
    const roots = [this.root, realRoot];
    const inside = (real: string): boolean => roots.some((root) => real === root || real.startsWith(root + sep));
    /**
     * The real directory behind `path` (whose parent's real path is `parentReal`, when known), when
     * it is a directory inside the root not seen before. A directory listed as a directory is
     * `parentReal/name` without asking the kernel: only links (and paths not listed) are resolved,
     * once each with realpath(3), instead of an lstat of every component of every package's path.
     */
    const enter = (path: string, entry: Dirent | null, parentReal: string | null): string | null => {
      let real: string;
      if (entry !== null && entry.isDirectory() && parentReal !== null) real = join(parentReal, entry.name);
      else {
        if (entry !== null && !entry.isSymbolicLink()) return null;
        try {
          real = realpathSync.native(path);
        } catch {
          return null;
        }
        // A link is followed only to a directory inside the root, as `list` does.
        if (entry !== null && (!inside(real) || !lstatSync(real, { throwIfNoEntry: false })?.isDirectory())) return null;
      }
      if (seen.has(real)) return null;
      seen.add(real);
      return real;
    };
    /** A package's own node_modules: most packages have none, and one lstat says so. */
    const enterNested = (path: string, parentReal: string): string | null => {
      const stats = lstatSync(path, { throwIfNoEntry: false });
      if (stats === undefined) return null;
      if (stats.isDirectory()) {
        const real = join(parentReal, 'node_modules');
        if (seen.has(real)) return null;
        seen.add(real);
        return real;
      }
      return enter(path, null, null);
    };
    const entriesOf = (directory: string): Dirent[] => {
      try {
        return readdirSync(directory, { withFileTypes: true });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return [];
        throw new InputError(`${directory}: cannot list directory: ${(error as Error).message}`, { file: directory, cause: error });
      }
    };
    const visitPackage = (path: string, entry: Dirent, parentReal: string): void => {
      const real = enter(path, entry, parentReal);
      if (real === null) return;
      const manifest = join(path, 'package.json');
      if (statSync(manifest, { throwIfNoEntry: false })?.isFile()) found.push(this.relativeToRoot(manifest));
      const nested = enterNested(join(path, 'node_modules'), real);
      if (nested !== null) visitNodeModules(join(path, 'node_modules'), nested);
    };
    const visitNodeModules = (directory: string, real: string): void => {
      for (const child of entriesOf(directory)) {
        const path = join(directory, child.name);
        if (child.name === '.pnpm') {
          // pnpm's virtual store: .pnpm/<name>@<version>/node_modules/<name>, and .pnpm/node_modules (hoisted).
          const store = enter(path, child, real);
          if (store === null) continue;
          for (const id of entriesOf(path)) {
            const idReal = enter(join(path, id.name), id, store);
            if (idReal === null) continue;
            if (id.name === 'node_modules') visitNodeModules(join(path, id.name), idReal);
            else {
              const nested = enterNested(join(path, id.name, 'node_modules'), idReal);
              if (nested !== null) visitNodeModules(join(path, id.name, 'node_modules'), nested);
            }
          }
        } else if (child.name.startsWith('.')) continue; // .bin, .cache, .package-lock.json
        else if (child.name.startsWith('@')) {
          const scope = enter(path, child, real);
          if (scope === null) continue;
          for (const scoped of entriesOf(path)) visitPackage(join(path, scoped.name), scoped, scope);
        } else visitPackage(path, child, real);
      }
    };
    const top = join(this.root, prefix);
    const topReal = enter(top, null, null);
    if (topReal !== null) visitNodeModules(top, topReal);
    return found.sort();
  }

  async read(path: string): Promise<string | null> {
    const absolute = join(this.root, path);
    try {
      // Synchronous on purpose: an installed tree is ~1,000 small files, and four thread-pool round
      // trips each (open, fstat, read, close) cost more than the reads on a loaded machine.
      return readInputTextSync(absolute, { kind: /lock|\.lockb?$|shrinkwrap/i.test(path) ? 'lockfile' : 'manifest' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'not-found' || ((error as { cause?: NodeJS.ErrnoException }).cause?.code === 'ENOTDIR')) return null;
      if (error instanceof InputError) throw error;
      throw new InputError(`${absolute}: cannot read: ${fsReason(error)}`, { file: absolute, cause: error });
    }
  }

  async size(path: string): Promise<number | null> {
    try {
      const stats = statSync(join(this.root, path));
      return stats.isFile() ? stats.size : null;
    } catch {
      return null;
    }
  }

  close(): void {}
}

/**
 * Files of one commit, read from git objects through a single `git cat-file --batch`. The git
 * modules (and node:child_process) are loaded by `open`, so reading a work tree never loads them.
 */
export class GitRefSource implements FileSource {
  private files: string[] | undefined;
  /** Blob sizes from the same `ls-tree --long` listing. */
  private readonly sizes = new Map<string, number>();

  private constructor(
    readonly root: string,
    readonly ref: { name: string; commit: string },
    private readonly reader: GitObjectReader,
    private readonly listTree: typeof ListTree,
  ) {}

  static async open(root: string, ref: string): Promise<GitRefSource> {
    const absolute = resolve(root);
    const [{ resolveCommit }, { GitObjectReader }, { listTree }] = await Promise.all([import('../forge/git/cli.js'), import('../forge/git/object-reader.js'), import('../forge/git/tree.js')]);
    const commit = await resolveCommit(absolute, ref);
    return new GitRefSource(absolute, { name: ref, commit }, new GitObjectReader(absolute), listTree);
  }

  async list(prefix = '', options: { includeNodeModules?: boolean } = {}): Promise<string[]> {
    if (this.files === undefined) {
      const listTree = this.listTree;
      const blobs = (await listTree(this.root, this.ref.commit)).filter((entry) => entry.type === 'blob' && entry.mode !== '120000');
      for (const entry of blobs) if (entry.size !== null) this.sizes.set(entry.path, entry.size);
      this.files = blobs.map((entry) => entry.path);
    }
    const start = prefix === '' ? '' : `${prefix.replace(/\/+$/, '')}/`;
    return this.files.filter((path) => path.startsWith(start) && (options.includeNodeModules || !/(^|\/)node_modules\//.test(path)));
  }

  read(path: string): Promise<string | null> {
    return this.reader.readText(this.ref.commit, path);
  }

  async size(path: string): Promise<number | null> {
    if (this.files === undefined) await this.list();
    return this.sizes.get(path) ?? null;
  }

  close(): void {
    this.reader.close();
  }
}
