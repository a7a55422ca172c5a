import type { LockGraph } from './graph.js';
import type { LockfileInput } from './input.js';

/** One lockfile format: the file names it is found under and its pure parser. */
export interface LockfileFormat {
  id: string;
  /** Does a file of this name hold this format? */
  matches: (fileName: string) => boolean;
  /** A cheap look at the text, for names that other files share (`bom.json`). */
  sniff?: (text: string) => boolean;
  origin: 'lockfile' | 'sbom';
  /**
   * The pure parser, loaded when a file of this format is found: an npm project does not pay
   * for YAML, Yarn's syml or JSONC (their libraries were ~40% of `vigil inventory`'s start-up).
   */
  load: () => Promise<(input: LockfileInput) => LockGraph>;
}

const named =
  (fileName: string) =>
  (name: string): boolean =>
    name === fileName;

/** CycloneDX and SPDX JSON, by the names their specifications and tools use. */
const SBOM_NAME = /^(bom|sbom|.+\.(cdx|bom|sbom|spdx))\.json$/i;

/** Does this JSON text look like a CycloneDX or SPDX document? (Both name themselves near the start.) */
export function looksLikeSbom(textContent: string): boolean {
  const head = textContent.slice(0, 4096);
  return /"bomFormat"\s*:\s*"CycloneDX"/.test(head) || /"spdxVersion"\s*:\s*"SPDX-/.test(head);
}

/** Every lockfile Vigil reads (STYLE.md rule 2: a new format is one file and one line here). */
export const LOCKFILE_FORMATS: readonly LockfileFormat[] = [
  { id: 'npm-shrinkwrap', matches: named('npm-shrinkwrap.json'), origin: 'lockfile', load: async () => (await import('./package-lock.js')).parsePackageLock },
  { id: 'package-lock', matches: named('package-lock.json'), origin: 'lockfile', load: async () => (await import('./package-lock.js')).parsePackageLock },
  { id: 'yarn-lock', matches: named('yarn.lock'), origin: 'lockfile', load: async () => (await import('./yarn-lock.js')).parseYarnLock },
  { id: 'pnpm-lock', matches: named('pnpm-lock.yaml'), origin: 'lockfile', load: async () => (await import('./pnpm-lock.js')).parsePnpmLock },
  { id: 'bun-lock', matches: named('bun.lock'), origin: 'lockfile', load: async () => (await import('./bun-lock.js')).parseBunLock },
  { id: 'sbom', matches: (name) => SBOM_NAME.test(name), sniff: looksLikeSbom, origin: 'sbom', load: async () => (await import('./sbom.js')).parseSbom },
];

/** The format a file name belongs to, or undefined. */
export function formatFor(fileName: string): LockfileFormat | undefined {
  return LOCKFILE_FORMATS.find((format) => format.matches(fileName));
}
