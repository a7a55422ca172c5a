import { closeSync, constants, openSync, readSync } from 'node:fs';
import { open as openFile, lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { fsReason, InputError } from '../errors.js';
import { git, isShallow, repositoryRoot, requireRepository, resolveCommit } from '../forge/git/cli.js';
import { GitObjectReader } from '../forge/git/object-reader.js';
import { listTree } from '../forge/git/tree.js';
import { cleanWorkTreePaths } from '../forge/git/worktree.js';
import type { RepoFile, RepoSource, RepoView } from './types.js';

/** A view plus the resources behind it (the cat-file process), released with close(). */
export interface OpenedView {
  view: RepoView;
  /** Bytes handed out by read()/readHead(), for the bench's "files no check needs are never read". */
  stats: { filesRead: number; bytesRead: number; fromWorkTree?: number };
  close(): void;
}

export interface OpenViewOptions {
  /** Commit to score in a git repository (default HEAD). */
  ref?: string;
  /** Name shown in results (default: the directory name). */
  name?: string;
}

const SYMLINK = '120000';
const SUBMODULE = '160000';

/** Bytes kept by the read cache: workflows and policies shared by several checks stay; a 40,000-file sweep does not pile up. */
const CACHE_BYTES = 32 * 1024 * 1024;
/** A sweep's scratch buffer grows up to this size; larger files are read into their own buffer. */
const SWEEP_SCRATCH_BYTES = 8 * 1024 * 1024;
/** Files a sweep asks git for ahead of the one it visits, and the bytes of answer that may be outstanding. */
const SWEEP_AHEAD = 256;
const SWEEP_AHEAD_BYTES = 16 * 1024 * 1024;
/** Blobs up to this size are read whole into the cache when only their head is asked for. */
const SHARED_HEAD_BYTES = 64 * 1024;

/** Memoise reads per path (several checks read the same workflow), in a byte-bounded LRU. */
function memoised(read: (path: string) => Promise<Buffer | null>, stats: OpenedView['stats']): (path: string) => Promise<Buffer | null> {
  const cache = new Map<string, { bytes: number; value: Promise<Buffer | null> }>();
  let cached = 0;
  return (path) => {
    const hit = cache.get(path);
    if (hit) {
      cache.delete(path);
      cache.set(path, hit);
      return hit.value;
    }
    const entry = { bytes: 0, value: Promise.resolve<Buffer | null>(null) };
    entry.value = read(path).then((bytes) => {
      if (bytes) {
        stats.filesRead += 1;
        stats.bytesRead += bytes.length;
        entry.bytes = bytes.length;
        cached += bytes.length;
        for (const [key, old] of cache) {
          if (cached <= CACHE_BYTES || key === path) break;
          cache.delete(key);
          cached -= old.bytes;
        }
      }
      return bytes;
    });
    cache.set(path, entry);
    return entry.value;
  };
}

/**
 * Open the files of a commit (git) or of a directory that is not a repository. In git, only
 * tracked files are listed (untracked files and untracked node_modules are not the project), and
 * blobs are read from objects on first use, never from the work tree.
 */
export async function openRepoView(path: string, options: OpenViewOptions = {}): Promise<OpenedView> {
  const absolute = resolve(path);
  const stat = await lstat(absolute).catch(() => null);
  if (!stat?.isDirectory()) throw new InputError(`${absolute}: not a directory`, { file: absolute });
  const root = await repositoryRoot(absolute);
  // A directory nested inside some unrelated repository (a fixture folder) is scored as files.
  if (root !== null && resolve(root) === absolute) return openGitView(absolute, options);
  // A --ref on a folder that is not a clone's root was ignored: the folder's files were scored, exit 0 (issue #17).
  if (options.ref !== undefined) {
    if (root === null) await requireRepository(absolute);
    throw new InputError(`${absolute} is not the root of a git repository (it is inside ${root}); --ref needs one`, { file: absolute, hint: `pass ${root}, or leave out --ref to score the folder's files` });
  }
  return openDirectoryView(absolute, options);
}

async function openGitView(root: string, options: OpenViewOptions): Promise<OpenedView> {
  const commit = await resolveCommit(root, options.ref ?? 'HEAD');
  const reader = new GitObjectReader(root);
  // Blobs are asked of cat-file by id, never as `<commit>:<path>`: git resolves a path by reading
  // every tree on the way, which cost it 4.0 s of CPU against 0.7 s by id on Node's 19,636 files
  // (issue #16: Binary-Artifacts without a work tree waited 5 s on git).
  const oids = new Map<string, string>();
  const listing = listTree(root, commit).then((entries) =>
    entries
      .filter((entry) => entry.type !== 'tree')
      .map((entry): RepoFile => {
        oids.set(entry.path, entry.oid);
        return { path: entry.path, size: entry.size, mode: entry.mode };
      }),
  );
  const regularIn = (file: RepoFile): boolean => file.mode !== SYMLINK && file.mode !== SUBMODULE;
  const blobName = (file: string): string => oids.get(file) ?? `${commit}:${file}`;
  // Files whose work-tree bytes are the blob's are read from disk (a head read is then 1,024
  // bytes, not a whole blob through cat-file); any doubt falls back to the objects (issue #16).
  const attributes = listing.then((files) =>
    Promise.all(files.filter((file) => basename(file.path) === '.gitattributes' && regularIn(file)).map(async (file) => (await reader.read(blobName(file.path)))?.toString('utf8') ?? '')),
  );
  const opened = Promise.all([listing, cleanWorkTreePaths(root, commit, attributes).catch(() => null), isShallow(root)]);
  const [files, onDisk, shallow] = await opened.catch((error: unknown) => {
    reader.close();
    throw error;
  });
  const modes = new Map(files.map((file) => [file.path, file.mode]));
  const sizes = new Map(files.map((file) => [file.path, file.size]));
  const stats = { filesRead: 0, bytesRead: 0, fromWorkTree: 0 };
  const regular = (file: string): boolean => {
    const mode = modes.get(file);
    // Symlinks are never followed (their target may leave the repository); submodules have no bytes here.
    return mode !== undefined && mode !== SYMLINK && mode !== SUBMODULE;
  };
  // Synchronous on purpose: for thousands of 1 KB reads from the page cache, thread-pool round
  // trips (open, read, close) cost more than the reads themselves. No fstat: git status has just
  // compared each clean file's stat data; O_NOFOLLOW refuses a symlink put in the file's place and
  // O_NONBLOCK a FIFO; a whole read must end exactly at the tree's size.
  const fromDisk = (file: string, head?: number, scratch?: Buffer): Buffer | null => {
    const size = sizes.get(file);
    if (onDisk === null || !onDisk.has(file) || size === undefined || size === null) return null;
    let fd: number;
    try {
      fd = openSync(join(root, file), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch {
      return null;
    }
    try {
      const length = head === undefined ? size : Math.min(head, size);
      // One byte more than a whole file must be absent: the file did not grow since the listing.
      const wanted = head === undefined ? length + 1 : length;
      // A sweep lends its scratch buffer: no allocation per file (issue #16).
      const buffer = scratch !== undefined && scratch.length >= wanted ? scratch.subarray(0, wanted) : Buffer.allocUnsafe(wanted);
      let offset = 0;
      for (;;) {
        const count = readSync(fd, buffer, offset, buffer.length - offset, offset);
        if (count === 0) break;
        offset += count;
        if (offset === buffer.length) break;
      }
      if (offset !== length) return null;
      stats.fromWorkTree += 1;
      return buffer.subarray(0, length);
    } catch {
      return null;
    } finally {
      closeSync(fd);
    }
  };
  const readBlob = async (file: string): Promise<Buffer | null> => {
    if (!regular(file)) return null;
    return fromDisk(file) ?? reader.read(blobName(file));
  };
  const read = memoised(readBlob, stats);
  /** The head of a blob from git: the reader keeps only the head, the rest streams past (issue #16). */
  const headFromGit = async (file: string, bytes: number): Promise<Buffer | null> => {
    const head = await reader.readHead(blobName(file), bytes);
    if (head) stats.bytesRead += head.length;
    return head;
  };
  const readHead = async (file: string, bytes: number): Promise<Buffer | null> => {
    // Git cannot hand out part of a blob. Small blobs go through the shared cache, so a check
    // that reads the whole file next (Fuzzing on *.js) does not fetch it twice; of large ones
    // only the head is kept, so 40,000 blobs never sit in memory.
    if (!regular(file)) return null;
    // A clean work tree hands out just the head; Fuzzing's later whole reads come from disk too.
    const disk = fromDisk(file, bytes);
    if (disk) {
      stats.bytesRead += disk.length;
      return disk;
    }
    const size = sizes.get(file) ?? 0;
    if (size > SHARED_HEAD_BYTES) return headFromGit(file, bytes);
    const whole = await read(file);
    if (whole === null) return null;
    return whole.length <= bytes ? whole : Buffer.from(whole.subarray(0, bytes));
  };
  /** One pass over `paths` in order: `heads[i]` bytes of `paths[i]` (undefined: all of it) go to `visit(i, bytes)`. */
  const pass = async (paths: string[], heads: (number | undefined)[], visit: (index: number, bytes: Buffer) => void): Promise<void> => {
    let scratch = Buffer.allocUnsafe(0);
    const ask = (index: number): Promise<Buffer | null> => {
      const path = paths[index] ?? '';
      const head = heads[index];
      if (head === undefined) return read(path);
      // No check of this pass wants more than the head: git's whole answer streams past and only
      // the head is kept, rather than caching every small blob whole (issue #16: Binary-Artifacts
      // without a work tree spent more on copying and collecting 19,000 blobs than git on sending them).
      return headFromGit(path, head);
    };
    // Clean files are read synchronously into one scratch buffer; the others are asked of git
    // ahead of their turn (up to SWEEP_AHEAD files and SWEEP_AHEAD_BYTES of answer), so cat-file
    // always has work queued while this thread visits, and are visited in their turn. (Asking a
    // batch at a time left git idle while the batch was visited and this thread idle while git
    // answered the next batch's first file.)
    const fromGit = new Map<number, Promise<Buffer | null>>();
    let asked = 0;
    let inFlight = 0;
    const expected = (index: number): number => Math.min(heads[index] ?? Infinity, sizes.get(paths[index] ?? '') ?? 0);
    const askAhead = (from: number): void => {
      // Refilled by halves, so that the names go to git a few hundred per write, not one each.
      if (asked - from >= SWEEP_AHEAD / 2) return;
      asked = Math.max(asked, from);
      while (asked < paths.length && asked < from + SWEEP_AHEAD && (inFlight < SWEEP_AHEAD_BYTES || asked === from)) {
        const path = paths[asked] ?? '';
        if (regular(path) && (onDisk === null || !onDisk.has(path))) {
          fromGit.set(asked, ask(asked));
          inFlight += expected(asked);
        }
        asked += 1;
      }
    };
    for (let index = 0; index < paths.length; index++) {
      askAhead(index);
      const path = paths[index] ?? '';
      if (!regular(path)) continue;
      const head = heads[index];
      let bytes: Buffer | null = null;
      const pending = fromGit.get(index);
      if (pending === undefined) {
        const size = sizes.get(path) ?? 0;
        const wanted = head === undefined ? size + 1 : Math.min(head, size);
        // Grown to the largest file seen; files bigger than 8 MB get their own buffer instead.
        if (wanted > scratch.length && wanted <= SWEEP_SCRATCH_BYTES) scratch = Buffer.allocUnsafe(Math.max(wanted, scratch.length * 2, 64 * 1024));
        bytes = fromDisk(path, head, scratch);
        if (bytes !== null) {
          // As read() and readHead() count: a head is bytes, not a file read.
          if (head === undefined) stats.filesRead += 1;
          stats.bytesRead += bytes.length;
        }
      } else {
        fromGit.delete(index);
        inFlight -= expected(index);
      }
      bytes ??= await (pending ?? ask(index));
      if (bytes !== null) visit(index, bytes);
    }
  };
  // Sweeps asked for together (the checks start at once) share one pass: each file is opened once,
  // read as far as the greediest sweep wants, and handed to each (issue #16: Fuzzing's 9,700
  // source files were also opened a second time for Binary-Artifacts' heads).
  const position = new Map(files.map((file, index) => [file.path, index]));
  interface Sweep {
    paths: string[];
    visit: (path: string, bytes: Buffer) => void;
    head: number | undefined;
    error?: unknown;
    done: { resolve: () => void; reject: (error: unknown) => void };
  }
  let waiting: Sweep[] = [];
  const hand = (request: Sweep, path: string, bytes: Buffer): void => {
    if (request.error !== undefined) return;
    try {
      request.visit(path, request.head !== undefined && bytes.length > request.head ? bytes.subarray(0, request.head) : bytes);
    } catch (error) {
      request.error = error ?? new Error('sweep visitor failed');
    }
  };
  const settle = (request: Sweep, failure?: unknown): void => {
    const error = failure ?? request.error;
    if (error !== undefined) request.done.reject(error);
    else request.done.resolve();
  };
  const flush = async (): Promise<void> => {
    const requests = waiting;
    waiting = [];
    // Only sweeps in listing order can be merged without changing the order each one sees.
    const inOrder = (request: Sweep): boolean => request.paths.every((path, index) => index === 0 || (position.get(path) ?? -1) > (position.get(request.paths[index - 1] ?? '') ?? Infinity));
    const merged = requests.filter((request) => request.paths.every((path) => position.has(path)) && inOrder(request));
    for (const request of requests.filter((candidate) => !merged.includes(candidate))) {
      pass(request.paths, request.paths.map(() => request.head), (index, bytes) => hand(request, request.paths[index] ?? '', bytes)).then(
        () => settle(request),
        (error: unknown) => settle(request, error),
      );
    }
    const takers = new Map<string, Sweep[]>();
    const greediest = new Map<string, number | undefined>();
    for (const request of merged) {
      for (const path of request.paths) {
        const known = takers.get(path);
        if (known) known.push(request);
        else takers.set(path, [request]);
        const before = greediest.has(path) ? greediest.get(path) : 0;
        greediest.set(path, before === undefined || request.head === undefined ? undefined : Math.max(before, request.head));
      }
    }
    const paths = [...takers.keys()].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    try {
      await pass(
        paths,
        paths.map((path) => greediest.get(path)),
        (index, bytes) => {
          const path = paths[index] ?? '';
          for (const request of takers.get(path) ?? []) hand(request, path, bytes);
        },
      );
      for (const request of merged) settle(request);
    } catch (error) {
      for (const request of merged) settle(request, error);
    }
  };
  const sweep: NonNullable<RepoView['sweep']> = (paths, visit, sweepOptions = {}) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ paths, visit, head: sweepOptions.head, done: { resolve, reject } });
      // Wait for the other checks' sweeps, started in the same turn of the event loop.
      if (waiting.length === 1) setImmediate(() => void flush());
    });
  const source: RepoSource = { root, kind: 'git', shallow };
  const view: RepoView = {
    name: options.name ?? basename(root),
    commit,
    files,
    read,
    async readText(file) {
      const bytes = await read(file);
      return bytes === null ? null : bytes.toString('utf8');
    },
    readHead,
    sweep,
    source,
  };
  return { view, stats, close: () => reader.close() };
}

const toPosix = (path: string): string => path.split(sep).join('/');

/** Every file under root with its size, skipping .git and node_modules; symlinks are listed, never followed. */
async function walk(root: string): Promise<RepoFile[]> {
  const files: RepoFile[] = [];
  const visit = async (directory: string): Promise<void> => {
    const entries = await readdir(directory, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EACCES') return [];
      throw new InputError(`${directory}: cannot list directory: ${error.message}`, { file: directory, cause: error });
    });
    for (const entry of entries) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const absolute = join(directory, entry.name);
      const path = toPosix(relative(root, absolute));
      if (entry.isSymbolicLink()) files.push({ path, size: null, mode: SYMLINK });
      else if (entry.isDirectory()) await visit(absolute);
      // The size lets checks skip huge files by name alone, as ls-tree --long does in git.
      else if (entry.isFile()) files.push({ path, size: (await lstat(absolute).catch(() => null))?.size ?? null, mode: '100644' });
    }
  };
  await visit(root);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function openDirectoryView(root: string, options: OpenViewOptions): Promise<OpenedView> {
  const files = await walk(root);
  const modes = new Map(files.map((file) => [file.path, file.mode]));
  const stats = { filesRead: 0, bytesRead: 0 };
  const readDisk = async (file: string): Promise<Buffer | null> => {
    if (modes.get(file) !== '100644') return null;
    try {
      return await readFile(join(root, file));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new InputError(`${join(root, file)}: cannot read: ${fsReason(error)}`, { file: join(root, file), cause: error });
    }
  };
  const read = memoised(readDisk, stats);
  const view: RepoView = {
    name: options.name ?? basename(root),
    commit: null,
    files,
    read,
    async readText(file) {
      const bytes = await read(file);
      return bytes === null ? null : bytes.toString('utf8');
    },
    async readHead(file, bytes) {
      if (modes.get(file) !== '100644') return null;
      // Only the head is read from disk: Binary-Artifacts must not pull whole files into memory.
      const handle = await openFile(join(root, file), 'r').catch(() => null);
      if (!handle) return null;
      try {
        const buffer = Buffer.alloc(bytes);
        const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
        stats.bytesRead += bytesRead;
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    source: { root, kind: 'directory', shallow: false },
  };
  return { view, stats, close: () => undefined };
}

/** The commit's remote name `github.com/owner/repo`, when origin points at GitHub; null otherwise. */
export async function remoteName(root: string): Promise<string | null> {
  const url = (await git(root, ['config', '--get', 'remote.origin.url']).catch(() => '')).trim();
  const match = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url);
  return match ? `github.com/${match[1]}/${match[2]}` : null;
}
