import semver from 'semver';
import type { Release, ReleaseList } from '../types.js';

/** What the registry says about one package, as the npm datasource returns it. */
export type Published = Pick<ReleaseList, 'releases' | 'deprecated' | 'distTags'>;

const LOOSE = { loose: true } as const;

/** A spec that is not a semver range is a dist-tag (`latest`, `next`), as npm-package-arg reads it. */
export function isTagSpec(spec: string): boolean {
  const trimmed = spec.trim();
  return trimmed !== '' && semver.validRange(trimmed, LOOSE) === null;
}

const rangeOf = (spec: string): string => (spec.trim() === '' ? '*' : spec.trim());

/** npm-install-checks: a release fits a Node.js version when its `engines.node` allows it (prereleases included); no Node given, every release fits. */
export function engineOk(release: Pick<Release, 'nodeEngine'> | undefined, nodeVersion: string | undefined): boolean {
  if (nodeVersion === undefined || release?.nodeEngine === undefined) return true;
  try {
    return semver.satisfies(nodeVersion, release.nodeEngine, { includePrerelease: true });
  } catch {
    return false;
  }
}

/**
 * npm's `wanted` (npm-pick-manifest with the default tag): the `latest` tag when it satisfies
 * the range, is not deprecated and its engines allow `nodeVersion`; else the highest satisfying
 * version, preferring (not deprecated and engine ok), then engine ok, then not deprecated. A
 * dist-tag spec wants that tag's version. Without `nodeVersion`, engines are not considered.
 */
export function pickWanted(spec: string, published: Published, nodeVersion?: string): string | null {
  const tags = published.distTags ?? {};
  if (isTagSpec(spec)) return tags[spec.trim()] ?? null;
  const range = rangeOf(spec);
  const all = new Map([...published.releases, ...(published.deprecated ?? [])].map((release) => [release.version, release]));
  const deprecated = new Set((published.deprecated ?? []).map((release) => release.version));
  const fits = (version: string) => engineOk(all.get(version), nodeVersion);
  const latest = tags.latest;
  if (latest !== undefined && !deprecated.has(latest) && fits(latest) && (range === '*' || semver.satisfies(latest, range, LOOSE))) return latest;
  const satisfying = [...all.keys()].filter((version) => semver.valid(version, LOOSE) !== null && semver.satisfies(version, range, LOOSE));
  const rank = (version: string) => [Number(!deprecated.has(version) && fits(version)), Number(fits(version)), Number(!deprecated.has(version))];
  satisfying.sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return rb[0]! - ra[0]! || rb[1]! - ra[1]! || rb[2]! - ra[2]! || semver.rcompare(a, b, LOOSE);
  });
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
