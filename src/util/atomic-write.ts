import { lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, fsyncSync, openSync, closeSync } from 'node:fs';
import type * as Crypto from 'node:crypto';
import type * as FsPromises from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, basename, join, relative, isAbsolute, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { redactConfigured } from './redact.js';
import { processAlive } from './process-alive.js';

/** No file Vigil writes holds a configured secret (a token echoed into a report, a stored error). */
const clean = (data: string | Uint8Array): string | Uint8Array => (typeof data === 'string' ? redactConfigured(data) : data);

// node:crypto and node:fs/promises are required when a file is written: `vigil review` loads this
// module for the store's path checks only, and loading them (fs/promises with readline and the
// watchers) was ~5 ms of its start (#15).
const requireBuiltin = createRequire(import.meta.url);
const randomHex = (bytes: number): string => (requireBuiltin('node:crypto') as typeof Crypto).randomBytes(bytes).toString('hex');
const fsPromises = (): typeof FsPromises => requireBuiltin('node:fs/promises') as typeof FsPromises;

/** `.name.<pid>-<hex>.tmp`: the writer's pid lets a later run tell a crashed writer's leftover from a live one. */
function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomHex(6)}.tmp`);
}

/** Is `entry` (a name in a directory) a temporary of a writer that is gone? */
function staleTemporary(entry: string, file: string, target?: string): boolean {
  const match = /^\.(.+)\.(?:(\d+)-([0-9a-f]{12})|([0-9a-f]{12}))\.tmp$/.exec(entry);
  if (!match || (target !== undefined && match[1] !== target)) return false;
  if (match[2] !== undefined) return Number(match[2]) !== process.pid && !processAlive(Number(match[2]));
  // Old-style names carry no pid: only once they are clearly abandoned.
  return Date.now() - statSync(file).mtimeMs > 60_000;
}

function removeStale(dir: string, target?: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of names) {
    const file = join(dir, entry);
    try {
      if (!staleTemporary(entry, file, target) || !lstatSync(file).isFile()) continue;
      rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // Another run removed it first.
    }
  }
  return removed;
}

/**
 * Remove temporary files a killed writer (kill -9, power loss) left beside `path` (issue #20):
 * those of a process that no longer runs, and old-style names (no pid) older than a minute.
 */
export function removeStaleTemporaries(path: string): void {
  removeStale(dirname(path), basename(path));
}

/**
 * The same for every `.<name>.<pid>-<hex>.tmp` in `dir`, whatever file it was for: a killed
 * `harden --apply` left `.github/workflows/.ci.yml.<pid>-<hex>.tmp`, and a re-run with nothing
 * left to change writes no file, so the per-file clean-up never saw it. Answers what was removed.
 */
export function removeStaleTemporariesIn(dir: string): string[] {
  return removeStale(dir);
}

/**
 * Where a path really leads: the real path of what exists, a dangling link followed to where it
 * points (writing through it would create the file there), then the rest of the path appended.
 */
function realTarget(path: string, hops = 0): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    // Not there (yet), or a link to nothing.
  }
  try {
    if (hops < 40 && lstatSync(absolute).isSymbolicLink()) return realTarget(resolve(dirname(absolute), readlinkSync(absolute)), hops + 1);
  } catch {
    // Not there at all: resolve the parent.
  }
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(realTarget(parent, hops), basename(absolute));
}

/**
 * Refuse (exit 2) a write whose real path leaves `root`: a `.github` that is a symlink out of the
 * repository must not let `harden --apply` write elsewhere (issue #20). Resolves every symlink in
 * the target's existing ancestors, and the target itself when it is a link.
 */
export function assertInside(root: string, target: string): void {
  const realRoot = realTarget(root);
  const real = realTarget(target);
  if (isLexicallyInside(realRoot, real)) return;
  throw new InputError(`${target}: refusing to write outside ${root} (the path resolves to ${real} through a symbolic link)`, {
    file: target,
    code: 'write-outside-root',
    hint: 'a symbolic link in the path leads out of the directory being written; write elsewhere (an absolute path outside it) or remove the link',
  });
}

/** Options for a write confined to a root directory. */
export interface AtomicWriteOptions {
  mode?: number;
  /**
   * The directory the write is meant for (the repository, the output directory): the target's
   * real path must stay inside it. Default: the working directory, for a path inside it (in CI the
   * working directory is the checkout, whose symlinks a pull request controls); `false`: none.
   */
  root?: string | false;
}

/** Is `path` lexically inside `root` (no symlink resolved)? */
export function isLexicallyInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The root a write is checked against: the one given, else the working directory when the path is inside it. */
export function writeRoot(path: string, root: string | false | undefined, cwd = workingDirectory()): string | undefined {
  if (root === false) return undefined;
  if (root !== undefined) return root;
  return cwd !== undefined && isLexicallyInside(cwd, path) ? cwd : undefined;
}

/** The working directory, or undefined when it was removed under us (then only absolute paths make sense). */
function workingDirectory(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}

/** Throws unless `target` stays inside `root` (or inside the working directory, when no root is given). */
export function checkWriteTarget(target: string, root?: string | false): void {
  const effective = writeRoot(target, root);
  if (effective !== undefined) assertInside(effective, target);
}

/**
 * Write a file so that readers see either the old or the new content, never half of it:
 * write a temporary file beside it, fsync, then rename over the target (DESIGN.md).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, modeOrOptions?: number | AtomicWriteOptions): Promise<void> {
  const options = typeof modeOrOptions === 'number' ? { mode: modeOrOptions } : (modeOrOptions ?? {});
  const mode = options.mode;
  checkWriteTarget(path, options.root);
  const { mkdir, open, rename, rm } = fsPromises();
  await mkdir(dirname(path), { recursive: true });
  removeStaleTemporaries(path);
  const temporary = temporaryPath(path);
  try {
    const handle = await open(temporary, 'w', mode);
    try {
      await handle.writeFile(clean(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Synchronous twin of writeFileAtomic, for code paths that are synchronous end to end. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, modeOrOptions?: number | AtomicWriteOptions): void {
  const options = typeof modeOrOptions === 'number' ? { mode: modeOrOptions } : (modeOrOptions ?? {});
  const mode = options.mode;
  checkWriteTarget(path, options.root);
  mkdirSync(dirname(path), { recursive: true });
  removeStaleTemporaries(path);
  const temporary = temporaryPath(path);
  try {
    writeFileSync(temporary, clean(data), mode === undefined ? undefined : { mode });
    const fd = openSync(temporary, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
