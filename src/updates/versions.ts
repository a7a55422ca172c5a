import type { VersionTransform } from './types.js';

/** The numeric parts of a version (`11.3.244.8` → [11, 3, 244, 8]); prerelease and build suffixes dropped. */
export function numericParts(version: string): number[] {
  const core = /^v?(\d+(?:\.\d+)*)/.exec(version.trim())?.[1];
  return core ? core.split('.').map(Number) : [];
}

const PRERELEASE = /-(?:alpha|beta|rc|pre|dev|next|canary|nightly)|[-.](?:rc|beta|alpha)\d*$/i;

/** Whether a version is a prerelease (`1.0.0-alpha.6`, `9.0.0-rc.1`); build suffixes like `+quic` or `-motley` are not. */
export function isPrerelease(version: string): boolean {
  return PRERELEASE.test(version);
}

/**
 * Compare versions of any length part by part (V8's four parts, zlib's `1.2.13.1`). A
 * prerelease sorts before its release. Returns <0, 0, >0.
 */
export function compareVersions(a: string, b: string): number {
  const left = numericParts(a);
  const right = numericParts(b);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  const preA = isPrerelease(a);
  const preB = isPrerelease(b);
  if (preA !== preB) return preA ? -1 : 1;
  return preA ? a.localeCompare(b) : 0;
}

/**
 * Read a version out of an upstream name with the entry's pattern (named group `version`) and
 * transform. `undefined` when the name is not a release (another branch's tag, a nightly).
 */
export function versionFromName(name: string, pattern: string, transform?: VersionTransform): string | undefined {
  const raw = new RegExp(pattern).exec(name)?.groups?.version;
  if (raw === undefined) return undefined;
  let version = raw;
  if (transform === 'underscore-to-dot') version = raw.replace(/_/g, '.');
  else if (transform === 'dash-to-dot') version = raw.replace(/-/g, '.');
  else if (transform === 'sqlite-number') {
    // SQLite names downloads by a number: 3460100 is 3.46.1 (X YY ZZ 00).
    const match = /^(\d)(\d\d)(\d\d)(\d\d)$/.exec(raw);
    if (!match) return undefined;
    version = [match[1], match[2], match[3]].map(Number).join('.');
  }
  return numericParts(version).length > 0 ? version : undefined;
}
