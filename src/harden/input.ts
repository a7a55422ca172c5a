/**
 * The files harden works on: the working tree of a checkout (tracked and untracked-but-not-
 * ignored files, `git ls-files`), or every file of a plain folder. node_modules and .git are
 * never listed; symlinks are never followed.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { lstat,  } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { InputError } from '../errors.js';
import { git, repositoryRoot } from '../forge/index.js';
import type { HardenInput } from './types.js';
import { readInputText } from '../util/read-input.js';

const SKIP_DIRS = new Set(['.git', 'node_modules']);

export async function directoryInput(root: string): Promise<HardenInput> {
  const stat = await lstat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new InputError(`${root}: ${stat ? 'not a directory' : 'no such directory'}`, { file: root });
  const top = await repositoryRoot(root);
  let paths: string[];
  if (top !== null) {
    const listed = await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
    const prefix = relative(top, root).split(sep).join('/');
    paths = listed
      .split('\0')
      .filter((path) => path !== '')
      .filter((path) => !path.split('/').includes('node_modules'))
      .map((path) => (prefix === '' ? path : path));
  } else paths = walk(root, root);
  return {
    root,
    paths: [...new Set(paths)].sort(),
    async read(path) {
      try {
        const full = join(root, path);
        if (lstatSync(full).isSymbolicLink()) return null;
        return await readInputText(full, { kind: /Dockerfile|\.dockerfile$/i.test(path) ? 'dockerfile' : 'workflow' });
      } catch {
        return null;
      }
    },
  };
}

function walk(root: string, dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP_DIRS.has(entry.name)) return [];
    const full = join(dir, entry.name);
    if (entry.isSymbolicLink()) return [];
    if (entry.isDirectory()) return walk(root, full);
    return [relative(root, full).split(sep).join('/')];
  });
}

/** An input over files held in memory (tests, benches, the before/after proof). */
export function memoryInput(files: Record<string, string>, root = 'memory'): HardenInput {
  return { root, paths: Object.keys(files).sort(), read: (path) => Promise.resolve(files[path] ?? null) };
}
