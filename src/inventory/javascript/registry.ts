import type { LockGraph } from './graph.js';
import type { LockfileInput } from './input.js';
import { parseBunLock } from './bun-lock.js';
import { parsePackageLock } from './package-lock.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { parseYarnLock } from './yarn-lock.js';

/** One lockfile format: the file name it is found under and its pure parser. */
export interface LockfileFormat {
  id: string;
  fileName: string;
  parse: (input: LockfileInput) => LockGraph;
}

/** Every lockfile Vigil reads (STYLE.md rule 2: a new format is one file and one line here). */
export const LOCKFILE_FORMATS: readonly LockfileFormat[] = [
  { id: 'npm-shrinkwrap', fileName: 'npm-shrinkwrap.json', parse: parsePackageLock },
  { id: 'package-lock', fileName: 'package-lock.json', parse: parsePackageLock },
  { id: 'yarn-lock', fileName: 'yarn.lock', parse: parseYarnLock },
  { id: 'pnpm-lock', fileName: 'pnpm-lock.yaml', parse: parsePnpmLock },
  { id: 'bun-lock', fileName: 'bun.lock', parse: parseBunLock },
];

/** The format a file name belongs to, or undefined. */
export function formatFor(fileName: string): LockfileFormat | undefined {
  return LOCKFILE_FORMATS.find((format) => format.fileName === fileName);
}
