import semver from 'semver';
import type { AffectedRange, RangeEvent } from '../../types.js';

/** One end of an interval of versions; absent means unbounded on that side. */
interface Bound {
  version: string;
  inclusive: boolean;
}

/** A contiguous set of versions. `hiIsPatch`: the upper end is where a patched range begins. */
interface Interval {
  lo?: Bound;
  hi?: Bound;
  hiIsPatch?: boolean;
}

/** The intervals a node-semver range covers, or null when it does not parse. */
export function rangeIntervals(range: string): Interval[] | null {
  let parsed: semver.Range;
  try {
    parsed = new semver.Range(range, { loose: true });
  } catch {
    return null;
  }
  return parsed.set.map((comparators) => {
    const interval: Interval = {};
    for (const comparator of comparators) {
      // `*` and `x` desugar to a comparator with an empty value: no bound.
      if (comparator.value === '') continue;
      const version = comparator.semver.version;
      const op = comparator.operator;
      if (op === '' || op === '=') {
        interval.lo = { version, inclusive: true };
        interval.hi = { version, inclusive: true };
      } else if (op === '>=' || op === '>') {
        const bound = { version, inclusive: op === '>=' };
        if (!interval.lo || compareLo(bound, interval.lo) > 0) interval.lo = bound;
      } else {
        const bound = { version, inclusive: op === '<=' };
        if (!interval.hi || compareHi(bound, interval.hi) < 0) interval.hi = bound;
      }
    }
    return interval;
  });
}

/** Order lower bounds: an exclusive bound starts after an inclusive one at the same version. */
function compareLo(a: Bound, b: Bound): number {
  return semver.compare(a.version, b.version) || (a.inclusive === b.inclusive ? 0 : a.inclusive ? -1 : 1);
}

/** Order upper bounds: an exclusive bound ends before an inclusive one at the same version. */
function compareHi(a: Bound, b: Bound): number {
  return semver.compare(a.version, b.version) || (a.inclusive === b.inclusive ? 0 : a.inclusive ? 1 : -1);
}

function isEmpty(interval: Interval): boolean {
  if (!interval.lo || !interval.hi) return false;
  const order = semver.compare(interval.lo.version, interval.hi.version);
  return order > 0 || (order === 0 && !(interval.lo.inclusive && interval.hi.inclusive));
}

/** `r` minus `cut`: zero, one or two intervals. */
function subtract(r: Interval, cut: Interval): Interval[] {
  const result: Interval[] = [];
  if (cut.lo && (!r.lo || compareLo(r.lo, cut.lo) < 0)) {
    const left: Interval = { ...r, hi: { version: cut.lo.version, inclusive: !cut.lo.inclusive }, hiIsPatch: cut.lo.inclusive };
    if (r.hi && compareHi(r.hi, left.hi as Bound) < 0) Object.assign(left, { hi: r.hi, hiIsPatch: r.hiIsPatch });
    if (!isEmpty(left)) result.push(left);
  }
  if (cut.hi && (!r.hi || compareHi(r.hi, cut.hi) > 0)) {
    const right: Interval = { ...r, lo: { version: cut.hi.version, inclusive: !cut.hi.inclusive } };
    if (r.lo && compareLo(r.lo, right.lo as Bound) > 0) right.lo = r.lo;
    if (!isEmpty(right)) result.push(right);
  }
  return result;
}

/** The smallest version above `version` in semver order: OSV has no exclusive `introduced`. */
function nextVersion(version: string): string {
  const parsed = semver.parse(version);
  if (!parsed) return version;
  return parsed.prerelease.length > 0 ? `${version}.0` : `${parsed.major}.${parsed.minor}.${parsed.patch + 1}-0`;
}

export interface ConvertedRanges {
  ranges: AffectedRange[];
  versions: string[];
}

/**
 * `vulnerable` minus `patched` (node-semver ranges, as vuln/npm and vuln/core write them) as OSV
 * SEMVER events. An upper end where a patched range begins is `fixed`; an inclusive end is
 * `last_affected`; an exclusive end that no patch explains (the `9.0.0-0` of `8.x`) is `limit`,
 * so a release line with no fix is not shown as fixed in the next major. Single versions become
 * the `versions` list. Null when either range does not parse.
 */
export function semverRangesToOsv(vulnerable: string, patched: string | null | undefined): ConvertedRanges | null {
  const affected = rangeIntervals(vulnerable);
  const fixes = patched && patched.trim() !== '' ? rangeIntervals(patched) : [];
  if (!affected || !fixes) return null;
  let remaining = affected.filter((interval) => !isEmpty(interval));
  for (const cut of fixes) remaining = remaining.flatMap((interval) => subtract(interval, cut));
  const versions: string[] = [];
  const events: RangeEvent[] = [];
  for (const interval of remaining) {
    if (interval.lo && interval.hi && interval.lo.inclusive && interval.hi.inclusive && interval.lo.version === interval.hi.version) {
      versions.push(interval.lo.version);
      continue;
    }
    events.push({ introduced: interval.lo ? (interval.lo.inclusive ? interval.lo.version : nextVersion(interval.lo.version)) : '0' });
    if (!interval.hi) continue;
    const patchedFrom = interval.hiIsPatch ? interval.hi.version : patchStartingAt(interval.hi, fixes);
    if (patchedFrom !== null) events.push({ fixed: patchedFrom });
    else if (interval.hi.inclusive) events.push({ last_affected: interval.hi.version });
    else events.push({ limit: interval.hi.version });
  }
  // One SEMVER range per interval keeps every introduced paired with its own end.
  const ranges: AffectedRange[] = [];
  for (let index = 0; index < events.length; ) {
    const next = events[index + 1];
    const pair = next && !('introduced' in next) ? [events[index] as RangeEvent, next] : [events[index] as RangeEvent];
    ranges.push({ type: 'SEMVER', events: pair });
    index += pair.length;
  }
  return { ranges, versions };
}

/**
 * `<3.11` is `<3.11.0-0` to node-semver, and `>=3.11` is `>=3.11.0`: nothing but prereleases of
 * 3.11.0 lies between them, so the patched range starts where the vulnerable one ends (express
 * CVE-2014-6393: vulnerable `<3.11 || >=4 <4.5`, patched `>=3.11 <4 || >=4.5` is fixed in 3.11.0
 * and 4.5.0, never "no fixed version").
 */
function patchStartingAt(hi: Bound, fixes: Interval[]): string | null {
  const parsed = semver.parse(hi.version);
  if (!parsed) return null;
  const release = `${parsed.major}.${parsed.minor}.${parsed.patch}`;
  // `<=4.16.0` then `>=4.16.1`: the next patch release is where the fix starts.
  const next = hi.inclusive && parsed.prerelease.length === 0 ? `${parsed.major}.${parsed.minor}.${parsed.patch + 1}` : null;
  const adjoining = !hi.inclusive && parsed.prerelease.length === 1 && parsed.prerelease[0] === 0;
  const fix = fixes.find((cut) => cut.lo?.inclusive && ((!hi.inclusive && cut.lo.version === hi.version) || (adjoining && cut.lo.version === release) || cut.lo.version === next));
  return fix?.lo?.version ?? null;
}
