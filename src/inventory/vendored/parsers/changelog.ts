import type { VersionOutcome } from '../types.js';
import { VERSION_LIKE } from './c-header.js';

/**
 * The newest release a CHANGELOG.md names: its first `## [x.y.z](…)` or `## x.y.z` heading, as
 * release-please (nbytes, ncrypto) and keep-a-changelog write them. `## [Unreleased]` is skipped.
 */
export function parseChangelogVersion(text: string): VersionOutcome {
  for (const match of text.matchAll(/^##?\s+\[?v?(?<version>[^\]\s()]+)\]?/gm)) {
    const version = match.groups?.version ?? '';
    if (/^unreleased$/i.test(version) || version.toLowerCase() === 'changelog') continue;
    if (VERSION_LIKE.test(version)) return { kind: 'found', version: version.replace(/^v/, '') };
  }
  return { kind: 'absent', reason: 'CHANGELOG.md names no release' };
}
