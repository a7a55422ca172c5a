/**
 * node-semver's answer for the commonest question of the installed tree's by-name fallback (a peer
 * dependency installed elsewhere in the tree), without node-semver: a caret range on a plain
 * release (`^4.0.0`) against plain release versions (`4.17.21`). The first Range node-semver
 * parses in a process costs ~5–10 ms (its regular expressions compiled, its code cold), for the
 * three or so such lookups of a 2,000-package tree (#15). Anything else — other operators,
 * prereleases, build metadata, `v` prefixes, spaces, numbers of more than 15 digits — returns
 * null and is asked of node-semver.
 *
 * For plain versions, `satisfies(v, '^M.m.p', { includePrerelease: true })` is node-semver's
 * replaceCaret: `>=M.m.p <(M+1).0.0-0` (M > 0), `>=0.m.p <0.(m+1).0-0` (m > 0), else
 * `>=0.0.p <0.0.(p+1)-0`; a plain version is below `N.0.0-0` exactly when below `N.0.0`.
 */

type Triple = readonly [number, number, number];

const PLAIN = /^(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})$/;

/** `M.m.p` with each part a number node-semver accepts (no leading zero, at most 15 digits), or null. */
export function plainVersion(version: string): Triple | null {
  const match = PLAIN.exec(version);
  return match === null ? null : [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** node-semver's `satisfies(version, '^' + base, { includePrerelease: true })` for plain versions. */
export function caretAllows(base: Triple, version: Triple): boolean {
  if (compareTriples(version, base) < 0) return false;
  if (base[0] > 0) return version[0] === base[0];
  if (base[1] > 0) return version[0] === 0 && version[1] === base[1];
  return version[0] === 0 && version[1] === 0 && version[2] === base[2];
}

/** node-semver's `compare` for plain versions. */
export function compareTriples(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Among candidates, the first with the highest version that satisfies a `^M.m.p` range (as
 * bestByName does with node-semver: null versions skipped); undefined when none does; null when
 * the range or a candidate's version is not plain.
 */
export function bestPlainCaret<T extends { version: string | null }>(candidates: readonly T[], range: string): T | undefined | null {
  if (range.charCodeAt(0) !== CARET) return null;
  const base = plainVersion(range.slice(1));
  if (base === null) return null;
  let best: T | undefined;
  let bestVersion: Triple | null = null;
  for (const candidate of candidates) {
    if (candidate.version === null) continue;
    const version = plainVersion(candidate.version);
    if (version === null) return null;
    if (!caretAllows(base, version)) continue;
    if (bestVersion === null || compareTriples(version, bestVersion) > 0) {
      best = candidate;
      bestVersion = version;
    }
  }
  return best;
}

const CARET = 0x5e;
