import { quote } from '../../../errors.js';
import type { VersionOutcome } from '../types.js';
import { VERSION_LIKE } from './c-header.js';

/** Chromium's `README.chromium` fields (`Name:`, `Short Name:`, `Version:`, `CPEPrefix:`, `URL:`). */
export function readmeChromiumFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') break; // the header block ends at the first blank line; the rest is prose
    const match = /^(?<key>[A-Za-z][A-Za-z ]*?):\s*(?<value>.*?)\s*$/.exec(line);
    if (match?.groups) fields.set((match.groups.key ?? '').toLowerCase(), match.groups.value ?? '');
  }
  return fields;
}

const GIT_COMMIT = /^[0-9a-f]{7,40}$/;

/** `Version:` of a README.chromium: a release (`3.1.2`, `1.8.0.git-<sha>`) or a git commit. `N/A`, `0` or none is unknown. */
export function parseReadmeChromium(text: string): VersionOutcome {
  const fields = readmeChromiumFields(text);
  const version = fields.get('version');
  // Chromium writes `Version: 0` or `N/A` for dependencies pinned by commit, with the commit in `Revision:`.
  const revision = fields.get('revision');
  const unusable = version === undefined || /^(?:n\/?a|0|unknown|)$/i.test(version);
  if (unusable && revision !== undefined && GIT_COMMIT.test(revision)) return { kind: 'found', version: revision };
  if (version === undefined) return { kind: 'unexpected', reason: 'README.chromium has no Version: line' };
  if (unusable) return { kind: 'unexpected', reason: `README.chromium Version: says ${quote(version)}`, stated: true };
  if (!VERSION_LIKE.test(version) && !GIT_COMMIT.test(version)) return { kind: 'unexpected', reason: `README.chromium Version: is not a version or commit: ${quote(version)}` };
  return { kind: 'found', version };
}

/** Chromium's newer `METADATA` textproto: `third_party { version: "..." }`. */
export function parseChromiumMetadata(text: string): VersionOutcome {
  const version = /^\s*version:\s*"(?<version>[^"]*)"/m.exec(text)?.groups?.version;
  if (version === undefined) return { kind: 'unexpected', reason: 'METADATA has no version: field' };
  if (!VERSION_LIKE.test(version) && !GIT_COMMIT.test(version)) return { kind: 'unexpected', reason: `METADATA version is not a version or commit: ${quote(version)}` };
  return { kind: 'found', version };
}

/** The `name:` of a METADATA textproto, or null. */
export function chromiumMetadataName(text: string): string | null {
  return /^name:\s*"(?<name>[^"]*)"/m.exec(text)?.groups?.name ?? null;
}
