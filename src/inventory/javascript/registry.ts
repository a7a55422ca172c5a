import type { LockGraph } from './graph.js';
import type { LockfileInput } from './input.js';
import { parseBunLock } from './bun-lock.js';
import { parsePackageLock } from './package-lock.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { looksLikeSbom, parseSbom } from './sbom.js';
import { parseYarnLock } from './yarn-lock.js';

/** One lockfile format: the file names it is found under and its pure parser. */
export interface LockfileFormat {
  id: string;
  /** Does a file of this name hold this format? */
  matches: (fileName: string) => boolean;
  /** A cheap look at the text, for names that other files share (`bom.json`). */
  sniff?: (text: string) => boolean;
  origin: 'lockfile' | 'sbom';
  parse: (input: LockfileInput) => LockGraph;
}

const named =
  (fileName: string) =>
  (name: string): boolean =>
    name === fileName;

/** CycloneDX and SPDX JSON, by the names their specifications and tools use. */
const SBOM_NAME = /^(bom|sbom|.+\.(cdx|bom|sbom|spdx))\.json$/i;

/** Every lockfile Vigil reads (STYLE.md rule 2: a new format is one file and one line here). */
export const LOCKFILE_FORMATS: readonly LockfileFormat[] = [
  { id: 'npm-shrinkwrap', matches: named('npm-shrinkwrap.json'), origin: 'lockfile', parse: parsePackageLock },
  { id: 'package-lock', matches: named('package-lock.json'), origin: 'lockfile', parse: parsePackageLock },
  { id: 'yarn-lock', matches: named('yarn.lock'), origin: 'lockfile', parse: parseYarnLock },
  { id: 'pnpm-lock', matches: named('pnpm-lock.yaml'), origin: 'lockfile', parse: parsePnpmLock },
  { id: 'bun-lock', matches: named('bun.lock'), origin: 'lockfile', parse: parseBunLock },
  { id: 'sbom', matches: (name) => SBOM_NAME.test(name), sniff: looksLikeSbom, origin: 'sbom', parse: parseSbom },
];

/** The format a file name belongs to, or undefined. */
export function formatFor(fileName: string): LockfileFormat | undefined {
  return LOCKFILE_FORMATS.find((format) => format.matches(fileName));
}
