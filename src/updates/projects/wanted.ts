import semver from 'semver';
import type { ReleaseList } from '../types.js';

/** What the registry says about one package, as the npm datasource returns it. */
export type Published = Pick<ReleaseList, 'releases' | 'deprecated' | 'distTags'>;

const LOOSE = { loose: true } as const;

/** A spec that is not a semver range is a dist-tag (`latest`, `next`), as npm-package-arg reads it. */
export function isTagSpec(spec: string): boolean {
  const trimmed = spec.trim();
  return trimmed !== '' && semver.validRange(trimmed, LOOSE) === null;
}

const rangeOf = (spec: string): string => (spec.trim() === '' ? '*' : spec.trim());

/**
 * npm's `wanted` (npm-pick-manifest with the default tag): the `latest` tag when it satisfies
 * the range and is not deprecated, else the highest satisfying version, non-deprecated ones
 * first. A dist-tag spec wants that tag's version. Engines are not considered (see README).
 */
export function pickWanted(spec: string, published: Published): string | null {
  const tags = published.distTags ?? {};
  if (isTagSpec(spec)) return tags[spec.trim()] ?? null;
  const range = rangeOf(spec);
  const deprecated = new Set((published.deprecated ?? []).map((release) => release.version));
  const latest = tags.latest;
  if (latest !== undefined && !deprecated.has(latest) && (range === '*' || semver.satisfies(latest, range, LOOSE))) return latest;
  const satisfying = [...published.releases, ...(published.deprecated ?? [])]
    .map((release) => release.version)
    .filter((version) => semver.valid(version, LOOSE) !== null && semver.satisfies(version, range, LOOSE));
  satisfying.sort((a, b) => Number(deprecated.has(a)) - Number(deprecated.has(b)) || semver.rcompare(a, b, LOOSE));
  return satisfying[0] ?? null;
}

/** Whether moving to `latest` leaves the declared range (a package.json edit, possibly breaking). */
export function outsideRange(spec: string, latest: string, published: Published): boolean {
  if (isTagSpec(spec)) return published.distTags?.[spec.trim()] !== latest;
  const range = rangeOf(spec);
  return range !== '*' && !semver.satisfies(latest, range, LOOSE);
}

/** `a` is a newer version than `b`; false when either does not parse (never guessed). */
export function newer(a: string, b: string): boolean {
  return semver.valid(a, LOOSE) !== null && semver.valid(b, LOOSE) !== null && semver.gt(a, b, LOOSE);
}
