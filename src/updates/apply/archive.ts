import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import * as tar from 'tar';
import { InputError } from '../../errors.js';
import { readZip } from '../../formats/zip/read.js';
import { assertInside } from '../../util/atomic-write.js';

/**
 * Release archives (tar.gz, zip) read into memory and checked before anything is written: an
 * entry that would land outside the directory, a link that points outside it, or an archive cut
 * short is an InputError naming the archive — never a partly unpacked tree.
 */

/** One entry of an archive, its path relative to the (stripped) archive root. */
export type ArchiveEntry = { path: string; kind: 'file'; data: Buffer; executable: boolean } | { path: string; kind: 'symlink'; target: string };

/**
 * How far a tarball may expand (issue #20: a gzip bomb): in total, and as a multiple of its
 * compressed size once past `smallBytes` (source releases expand 4–10×; zeros expand 1000×).
 */
export interface TarLimits {
  totalBytes: number;
  ratio: number;
  smallBytes: number;
}

export const TAR_LIMITS: TarLimits = { totalBytes: 512 * 1024 * 1024, ratio: 200, smallBytes: 16 * 1024 * 1024 };

/** Why a tarball of `compressed` bytes that has declared `expanded` bytes so far is a bomb, or undefined. */
export function tarExpansionProblem(expanded: number, compressed: number, limits: TarLimits = TAR_LIMITS): string | undefined {
  const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
  if (expanded > limits.totalBytes) return `it expands past ${mb(limits.totalBytes)}: a compression bomb`;
  if (expanded > limits.smallBytes && expanded > compressed * limits.ratio) return `it expands more than ${limits.ratio} times its ${compressed} bytes: a compression bomb`;
  return undefined;
}

/**
 * Read every file and link of a gzipped tarball; a truncated or corrupt one throws, and so does
 * one whose entries declare more bytes than `limits` allow (checked from each header, before its
 * data is kept, so a bomb costs no memory).
 */
export async function readTarGz(data: Buffer, label: string, limits: TarLimits = TAR_LIMITS): Promise<ArchiveEntry[]> {
  let expanded = 0;
  let bomb: string | undefined;
  const records: ({ path: string; kind: 'file'; size: number; chunks: Buffer[]; executable: boolean } | { path: string; kind: 'symlink'; target: string })[] = [];
  let problem: string | undefined;
  await new Promise<void>((resolve) => {
    // strict: a bad header or a short entry is an error, not a warning tar would skip past.
    const parser = new tar.Parser({
      strict: true,
      onReadEntry: (entry) => {
        if (problem) return entry.resume();
        expanded += entry.size ?? 0;
        bomb = tarExpansionProblem(expanded, data.length, limits);
        if (bomb) {
          note(bomb);
          entry.resume();
          parser.abort(new Error(bomb));
          return;
        }
        if (entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile') {
          const record = { path: entry.path, kind: 'file' as const, size: entry.size ?? 0, chunks: [] as Buffer[], executable: ((entry.mode ?? 0o644) & 0o111) !== 0 };
          records.push(record);
          entry.on('data', (chunk: Buffer) => record.chunks.push(chunk));
          return;
        }
        if (entry.type === 'SymbolicLink') records.push({ path: entry.path, kind: 'symlink', target: entry.linkpath ?? '' });
        else if (entry.type === 'Link') records.push({ path: entry.path, kind: 'symlink', target: `\0hardlink:${entry.linkpath ?? ''}` });
        entry.resume();
      },
    });
    const note = (message: string) => {
      problem ??= message;
      resolve();
    };
    parser.on('error', (error: Error) => note(error.message));
    parser.on('warn', (code: string, message: string | Error) => note(`${code}: ${typeof message === 'string' ? message : message.message}`));
    parser.on('end', () => resolve());
    parser.on('close', () => resolve());
    parser.end(data);
  });
  if (bomb) throw new InputError(`${label}: refused, ${bomb}; nothing was written`, { file: label });
  if (!problem && records.length === 0) problem = 'it holds no entries';
  for (const record of records) {
    if (problem) break;
    if (record.kind === 'file') {
      const length = record.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
      if (length !== record.size) problem = `${record.path} is cut short: ${length} of ${record.size} bytes`;
    }
  }
  if (problem) throw new InputError(`${label}: not a complete tar.gz archive (${problem}); nothing was written`, { file: label });
  const entries = records.map((record): ArchiveEntry => (record.kind === 'file' ? { path: record.path, kind: 'file', data: Buffer.concat(record.chunks), executable: record.executable } : record));
  return resolveHardLinks(entries, label);
}

/** A hard link becomes a copy of the file it names (git has no hard links); one naming nothing earlier is refused. */
function resolveHardLinks(entries: ArchiveEntry[], label: string): ArchiveEntry[] {
  return entries.map((entry) => {
    if (entry.kind !== 'symlink' || !entry.target.startsWith('\0hardlink:')) return entry;
    const name = entry.target.slice('\0hardlink:'.length);
    const original = entries.find((candidate) => candidate.kind === 'file' && candidate.path === name);
    if (!original || original.kind !== 'file') throw new InputError(`${label}: ${entry.path} is a hard link to ${name}, which the archive does not hold before it; nothing was written`, { file: label });
    return { ...original, path: entry.path };
  });
}

/**
 * Read every file of a zip; a damaged entry or a missing central directory (a cut download) throws,
 * and so does a bomb: the zip reader bounds each entry (past 1 MB, `ratio` times its compressed
 * size), and the archive as a whole is held to the tarball's bounds (issue #20: thousands of 1 MB
 * entries of zeros each pass the per-entry bound, and together would fill memory).
 */
export async function readZipArchive(data: Buffer, label: string, limits: TarLimits = TAR_LIMITS): Promise<ArchiveEntry[]> {
  const work = await mkdtemp(join(tmpdir(), 'vigil-zip-'));
  try {
    const file = join(work, 'archive.zip');
    await writeFile(file, data);
    const problems: string[] = [];
    const entries: ArchiveEntry[] = [];
    let expanded = 0;
    let bomb: string | undefined;
    try {
      for await (const entry of readZip(file, (problem) => problems.push(problem.file.startsWith(`${file}:`) ? `entry ${problem.file.slice(file.length + 1)} ${problem.message}` : problem.message), { entryBytes: limits.totalBytes, totalBytes: limits.totalBytes + 1, ratio: limits.ratio })) {
        expanded += entry.data.length;
        bomb = tarExpansionProblem(expanded, data.length, limits);
        if (bomb) break;
        entries.push({ path: entry.name, kind: 'file', data: entry.data, executable: false });
      }
    } catch (error) {
      problems.push((error as Error).message);
    }
    if (bomb) throw new InputError(`${label}: refused, ${bomb}; nothing was written`, { file: label });
    const expansion = problems.find((problem) => /zip bomb/.test(problem));
    if (expansion) throw new InputError(`${label}: refused, ${expansion}; nothing was written`, { file: label });
    if (problems.length) throw new InputError(`${label}: not a complete zip archive (${problems[0]}); nothing was written`, { file: label });
    return entries;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Remove `strip` leading segments and check every path: relative, no `..`, no backslash or NUL,
 * and every link resolving inside the directory. Entries shorter than `strip` (the top directory
 * itself) are dropped; an entry outside the common top directory is refused.
 */
export function stripAndCheck(entries: ArchiveEntry[], strip: number, label: string): ArchiveEntry[] {
  const refuse = (path: string, why: string) => new InputError(`${label}: entry ${JSON.stringify(path)} ${why}; nothing was written`, { file: label });
  const out: ArchiveEntry[] = [];
  let top: string | undefined;
  for (const entry of entries) {
    if (entry.path.includes('\\') || entry.path.includes('\0')) throw refuse(entry.path, 'has a backslash or NUL in its name');
    if (entry.path.startsWith('/') || /^[a-zA-Z]:/.test(entry.path)) throw refuse(entry.path, 'is an absolute path');
    const segments = entry.path.split('/').filter((segment) => segment !== '' && segment !== '.');
    if (segments.includes('..')) throw refuse(entry.path, 'climbs out of the directory with ..');
    if (strip > 0) {
      const prefix = segments.slice(0, strip).join('/');
      top ??= prefix;
      if (prefix !== top) throw refuse(entry.path, `is outside the archive's top directory ${top}/`);
    }
    const rest = segments.slice(strip);
    if (rest.length === 0) continue;
    const path = rest.join('/');
    if (entry.kind === 'symlink') {
      if (entry.target.startsWith('/')) throw refuse(entry.path, `is a link to the absolute path ${entry.target}`);
      const resolved = posix.normalize(posix.join(posix.dirname(path), entry.target));
      if (resolved === '..' || resolved.startsWith('../')) throw refuse(entry.path, `is a link to ${entry.target}, outside the directory`);
    }
    out.push({ ...entry, path });
  }
  return out;
}

/**
 * Write checked entries under `dir` (which must be new and empty). The lexical checks of
 * stripAndCheck cannot see a chain of links (`a -> .`, then `a/a/b -> ../..`), so every target and
 * every link's destination is resolved on disk and must stay inside `dir`.
 */
export async function writeEntries(dir: string, entries: ArchiveEntry[]): Promise<void> {
  for (const entry of entries) {
    const target = join(dir, ...entry.path.split('/'));
    assertInside(dir, target);
    if (entry.kind !== 'file') assertInside(dir, resolve(dirname(target), entry.target));
    await mkdir(dirname(target), { recursive: true });
    if (entry.kind === 'file') await writeFile(target, entry.data, { mode: entry.executable ? 0o755 : 0o644 });
    else await symlink(entry.target, target);
  }
}
