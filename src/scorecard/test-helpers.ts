/**
 * RepoViews for tests: from an object of path → content, or from files on disk (a fixture
 * folder) under repository-relative paths. Reads are counted, to assert what a check reads.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { RepoFile, RepoView } from './types.js';

export interface MemoryRepoView extends RepoView {
  /** Paths read so far, in order (repeats included). */
  reads: string[];
}

/** A view of the given files; a string or Buffer value is a regular file (mode 100644). */
export function memoryRepoView(files: Record<string, string | Buffer | { content: string | Buffer; mode: string }>, name = 'memory'): MemoryRepoView {
  const entries = new Map<string, { content: Buffer; mode: string }>();
  for (const [path, value] of Object.entries(files)) {
    if (typeof value === 'string' || Buffer.isBuffer(value)) entries.set(path, { content: Buffer.from(value), mode: '100644' });
    else entries.set(path, { content: Buffer.from(value.content), mode: value.mode });
  }
  const reads: string[] = [];
  const read = (path: string): Promise<Buffer | null> => {
    const entry = entries.get(path);
    if (entry === undefined || entry.mode === '120000' || entry.mode === '160000') return Promise.resolve(null);
    reads.push(path);
    return Promise.resolve(entry.content);
  };
  const list: RepoFile[] = [...entries].map(([path, entry]) => ({ path, size: entry.content.length, mode: entry.mode }));
  return {
    name,
    commit: null,
    files: list.sort((a, b) => a.path.localeCompare(b.path)),
    reads,
    read,
    readText: async (path) => (await read(path))?.toString('utf8') ?? null,
  };
}

/**
 * A view of files on disk: `root` is the repository root, `paths` the repository-relative
 * files to include (default: every file under root).
 */
export function directoryRepoView(root: string, paths?: string[]): MemoryRepoView {
  const list = paths ?? walk(root).map((file) => relative(root, file).split(sep).join('/'));
  const files: Record<string, Buffer> = {};
  for (const path of list) files[path] = readFileSync(join(root, path));
  return memoryRepoView(files, root);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
