import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { GitObjectReader } from '../forge/git/object-reader.js';
import { listTree } from '../forge/git/tree.js';
import { resolveCommit } from '../forge/git/cli.js';
import { InputError } from '../errors.js';
import { readInputText } from '../util/read-input.js';

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

  constructor(root: string) {
    this.root = resolve(root);
  }

  async list(prefix = '', options: { includeNodeModules?: boolean } = {}): Promise<string[]> {
    const files: string[] = [];
    const seen = new Set<string>();
    const walk = async (directory: string): Promise<void> => {
      let real: string;
      try {
        real = await realpath(directory);
      } catch {
        return;
      }
      if (seen.has(real)) return; // a symlink loop, or the same directory reached twice
      seen.add(real);
      let entries;
      try {
        entries = await readdir(directory, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw new InputError(`${directory}: cannot list directory: ${(error as Error).message}`, { file: directory, cause: error });
      }
      for (const entry of entries) {
        if (entry.name === '.git') continue;
        if (entry.name === 'node_modules' && !options.includeNodeModules) continue;
        const path = join(directory, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile()) files.push(toPosix(relative(this.root, path)));
        else if (entry.isSymbolicLink()) {
          const target = await realpath(path).catch(() => null);
          if (target === null || !(target === this.root || target.startsWith(this.root + sep))) continue;
          const stats = await lstat(target).catch(() => null);
          if (stats?.isDirectory()) await walk(path);
          else if (stats?.isFile()) files.push(toPosix(relative(this.root, path)));
        }
      }
    };
    await walk(join(this.root, prefix));
    return files.sort();
  }

  async read(path: string): Promise<string | null> {
    const absolute = join(this.root, path);
    try {
      return await readInputText(absolute, { kind: /lock|\.lockb?$|shrinkwrap/i.test(path) ? 'lockfile' : 'manifest' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'not-found' || ((error as { cause?: NodeJS.ErrnoException }).cause?.code === 'ENOTDIR')) return null;
      if (error instanceof InputError) throw error;
      throw new InputError(`${absolute}: cannot read: ${(error as Error).message}`, { file: absolute, cause: error });
    }
  }

  async size(path: string): Promise<number | null> {
    const stats = await stat(join(this.root, path)).catch(() => null);
    return stats?.isFile() ? stats.size : null;
  }

  close(): void {}
}

/** Files of one commit, read from git objects through a single `git cat-file --batch`. */
export class GitRefSource implements FileSource {
  private files: string[] | undefined;
  /** Blob sizes from the same `ls-tree --long` listing. */
  private readonly sizes = new Map<string, number>();
  private readonly reader: GitObjectReader;

  private constructor(
    readonly root: string,
    readonly ref: { name: string; commit: string },
  ) {
    this.reader = new GitObjectReader(root);
  }

  static async open(root: string, ref: string): Promise<GitRefSource> {
    const absolute = resolve(root);
    const commit = await resolveCommit(absolute, ref);
    return new GitRefSource(absolute, { name: ref, commit });
  }

  async list(prefix = '', options: { includeNodeModules?: boolean } = {}): Promise<string[]> {
    if (this.files === undefined) {
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
