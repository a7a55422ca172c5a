import type { RepoFile, RepoView } from './types.js';

/**
 * An in-memory RepoView (STYLE.md rule 10's fake): tests and callers that already hold file
 * contents build one from a map of path → text or bytes. Files are listed in byte order, as git does.
 */
export function memoryView(files: Record<string, string | Buffer>, options: { name?: string; commit?: string | null; symlinks?: string[] } = {}): RepoView {
  const symlinks = new Set(options.symlinks ?? []);
  const entries: RepoFile[] = Object.keys(files)
    .sort()
    .map((path) => {
      const content = files[path] ?? '';
      return { path, size: Buffer.byteLength(content), mode: symlinks.has(path) ? '120000' : '100644' };
    });
  const read = (path: string): Promise<Buffer | null> => {
    const content = files[path];
    if (content === undefined || symlinks.has(path)) return Promise.resolve(null);
    return Promise.resolve(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
  };
  return {
    name: options.name ?? 'memory',
    commit: options.commit ?? null,
    files: entries,
    read,
    readText: async (path) => (await read(path))?.toString('utf8') ?? null,
  };
}
