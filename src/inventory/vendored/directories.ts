import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { WorkTreeSource, type FileSource } from '../file-source.js';

/**
 * The names of the directories directly under `directory`. On a work tree this is one readdir
 * (listing deps/ of a real checkout recursively would walk ~40,000 files); on a git ref the tree
 * listing is already in memory. Results are cached per scan.
 */
export function directoryLister(source: FileSource): (directory: string) => Promise<string[]> {
  const cache = new Map<string, Promise<string[]>>();
  const list = async (directory: string): Promise<string[]> => {
    if (source instanceof WorkTreeSource) {
      // Synchronous like the rest of a work tree's reads: no thread pool for one listing (#15).
      let entries: Dirent[] = [];
      try {
        entries = readdirSync(join(source.root, directory), { withFileTypes: true });
      } catch {
        // absent or unreadable: no directories
      }
      return entries.filter((entry) => entry.isDirectory() && entry.name !== '.git').map((entry) => entry.name).sort();
    }
    const prefix = `${directory}/`;
    const names = new Set<string>();
    for (const path of await source.list(directory)) {
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash > 0) names.add(rest.slice(0, slash));
    }
    return [...names].sort();
  };
  return (directory) => {
    let listed = cache.get(directory);
    if (!listed) {
      listed = list(directory);
      cache.set(directory, listed);
    }
    return listed;
  };
}

/** Expand one `*` segment of a path against the directories that exist. */
export async function expandPattern(path: string, listDirectories: (directory: string) => Promise<string[]>): Promise<string[]> {
  const segments = path.split('/');
  const star = segments.indexOf('*');
  if (star < 0) return [path];
  const parent = segments.slice(0, star).join('/');
  const names = await listDirectories(parent);
  return names.map((name) => [...segments.slice(0, star), name, ...segments.slice(star + 1)].join('/'));
}
