/**
 * OSV affected-range evaluation, as the OSV schema defines it
 * (https://ossf.github.io/osv-schema/#evaluation): events sorted by version, `introduced` opens,
 * `fixed` closes (exclusive), `last_affected` closes (inclusive), `limit` caps the range; an
 * explicit `versions` list matches exactly. GitHub's `last_known_affected_version_range` bounds a
 * range that has no fix yet. GIT ranges are decided when the commit is known.
 */
import type { AffectedPackage, AffectedRange, RangeEvent } from '../../advisories/types.js';
import type { MatchBasis } from '../types.js';
import { schemeFor, type VersionScheme } from './versions.js';

export interface RangeVerdict {
  /** affected: inside; fixed: was inside and is at or past a fix; unaffected: never inside. */
  status: 'affected' | 'fixed' | 'unaffected';
  /** The fix of the interval that holds (or held) the version. */
  fixedIn: string | null;
  notes: string[];
}

interface Event {
  kind: 'introduced' | 'fixed' | 'last_affected' | 'limit';
  version: string;
}

function eventOf(event: RangeEvent): Event | null {
  if (event.introduced !== undefined) return { kind: 'introduced', version: event.introduced };
  if (event.fixed !== undefined) return { kind: 'fixed', version: event.fixed };
  if (event.last_affected !== undefined) return { kind: 'last_affected', version: event.last_affected };
  if (event.limit !== undefined) return { kind: 'limit', version: event.limit };
  return null;
}

/** Sort events by version; `introduced: "0"` is below every version. Unreadable versions are dropped. */
function sortedEvents(events: RangeEvent[], scheme: VersionScheme): Event[] {
  const readable = events
    .map(eventOf)
    .filter((event): event is Event => event !== null && (event.version === '0' || event.version === '*' || scheme.parse(event.version) !== null));
  const rank = (event: Event): number => (event.version === '0' ? -1 : 0);
  return readable
    .filter((event) => event.version !== '*')
    .sort((a, b) => rank(a) - rank(b) || (rank(a) === -1 ? 0 : scheme.compare(a.version, b.version)));
}

/**
 * Evaluate one SEMVER or ECOSYSTEM range for a version already valid in `scheme`. A `limit` closes
 * the interval it follows (exclusive) without being a fix: the security-wg importer writes one
 * per release line that never got a patch, several in one range.
 */
export function evaluateOrderedRange(range: AffectedRange, version: string, scheme: VersionScheme): RangeVerdict {
  const events = sortedEvents(range.events, scheme);
  let affected = false;
  let cleared: Event | null = null;
  let index = 0;
  for (; index < events.length; index++) {
    const event = events[index] as Event;
    const order = event.version === '0' ? 1 : scheme.compare(version, event.version);
    const applies = event.kind === 'last_affected' ? order > 0 : order >= 0;
    if (!applies) break;
    if (event.kind === 'introduced') {
      affected = true;
      cleared = null;
    } else if (affected) {
      affected = false;
      cleared = event.kind === 'limit' ? null : event;
    }
  }
  if (affected) {
    // The interval's end, if any, is the next closing event after the version.
    const end = events.slice(index).find((event) => event.kind !== 'introduced');
    const notes = end?.kind === 'last_affected' ? [`no fixed version; last affected ${end.version}`] : end?.kind === 'fixed' ? [] : ['no fixed version known'];
    return { status: 'affected', fixedIn: end?.kind === 'fixed' ? end.version : null, notes };
  }
  if (cleared) return { status: 'fixed', fixedIn: cleared.kind === 'fixed' ? cleared.version : null, notes: [] };
  return { status: 'unaffected', fixedIn: null, notes: [] };
}

/** Ancestry of commits, for GIT ranges; null when it cannot be told. */
export type CommitOracle = (ancestor: string, descendant: string) => boolean | null;

/**
 * A GIT range for a known commit. Exact hits on events decide without history; anything else needs
 * the oracle (a clone's `git merge-base --is-ancestor`). Undecidable → null (the caller skips).
 */
export function evaluateGitRange(range: AffectedRange, commit: string, oracle?: CommitOracle): RangeVerdict | null {
  const events = range.events.map(eventOf).filter((event): event is Event => event !== null);
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  const exact = events.find((event) => same(event.version, commit));
  if (exact?.kind === 'fixed' || exact?.kind === 'limit') return { status: 'fixed', fixedIn: exact.kind === 'fixed' ? exact.version : null, notes: [] };
  if (exact) return { status: 'affected', fixedIn: null, notes: [] };
  if (!oracle) return null;
  const reaches = (ancestor: string): boolean | null => (ancestor === '0' ? true : same(ancestor, commit) || oracle(ancestor, commit));
  let undecided = false;
  for (const introduced of events.filter((event) => event.kind === 'introduced')) {
    const start = reaches(introduced.version);
    if (start === null) undecided = true;
    if (start !== true) continue;
    // Fixed within this introduction's history if a fix (or last_affected) lies between it and the commit.
    const closers = events.filter((event) => event.kind === 'fixed' || event.kind === 'last_affected');
    const closed = closers.find((closer) => {
      const after = introduced.version === '0' || oracle(introduced.version, closer.version) === true;
      const before = closer.kind === 'fixed' ? reaches(closer.version) === true : oracle(closer.version, commit) === true && !same(closer.version, commit);
      return after && before;
    });
    if (!closed) return { status: 'affected', fixedIn: null, notes: [] };
  }
  return undecided ? null : { status: 'unaffected', fixedIn: null, notes: [] };
}

/** `< 1.2.3` / `<= 1.2.3` as GitHub writes last_known_affected_version_range. */
function lastKnownBound(text: unknown): { inclusive: boolean; version: string } | null {
  if (typeof text !== 'string') return null;
  const match = /^\s*(<=?)\s*v?(\S+)\s*$/.exec(text);
  return match ? { inclusive: match[1] === '<=', version: match[2] as string } : null;
}

export interface AffectedVerdict {
  status: 'affected' | 'fixed' | 'unaffected' | 'undecidable';
  basis: MatchBasis;
  fixedIn: string[];
  notes: string[];
}

/**
 * One OSV `affected[]` entry against a package version. Affected when any range or the versions
 * list says so; fixed when a range held it once and nothing holds it now.
 */
export function evaluateAffected(entry: AffectedPackage, ecosystem: string, version: string, options: { commit?: string; oracle?: CommitOracle } = {}): AffectedVerdict {
  const fixedIn = new Set<string>();
  const notes: string[] = [];
  let wasFixed = false;
  let undecidable = false;
  const ordered = (entry.ranges ?? []).filter((range) => range.type !== 'GIT');
  for (const range of ordered) {
    const scheme = schemeFor(ecosystem, range.type);
    const parsed = scheme.parse(version);
    if (parsed === null) {
      undecidable = true;
      continue;
    }
    const verdict = evaluateOrderedRange(range, parsed, scheme);
    if (verdict.status === 'affected') {
      const bound = lastKnownBound(entry.database_specific?.last_known_affected_version_range);
      const parsedBound = bound ? scheme.parse(bound.version) : null;
      if (bound && parsedBound && verdict.fixedIn === null) {
        const order = scheme.compare(parsed, parsedBound);
        if (bound.inclusive ? order > 0 : order >= 0) continue; // above what GitHub knows to be affected
        notes.push(`no fixed version; last known affected ${bound.inclusive ? '<=' : '<'} ${bound.version}`);
        return { status: 'affected', basis: 'osv-range', fixedIn: [], notes };
      }
      if (verdict.fixedIn) fixedIn.add(verdict.fixedIn);
      return { status: 'affected', basis: 'osv-range', fixedIn: [...fixedIn], notes: [...notes, ...verdict.notes] };
    }
    if (verdict.status === 'fixed') {
      wasFixed = true;
      if (verdict.fixedIn) fixedIn.add(verdict.fixedIn);
    }
  }
  const scheme = schemeFor(ecosystem, 'ECOSYSTEM');
  const parsed = scheme.parse(version);
  if (entry.versions?.some((listed) => listed === version || (parsed !== null && scheme.parse(listed) !== null && scheme.compare(listed, parsed) === 0))) {
    return { status: 'affected', basis: 'osv-versions', fixedIn: [...fixedIn], notes };
  }
  const commit = options.commit;
  for (const range of (entry.ranges ?? []).filter((candidate) => candidate.type === 'GIT')) {
    if (!commit) continue;
    const verdict = evaluateGitRange(range, commit, options.oracle);
    if (verdict === null) undecidable = true;
    else if (verdict.status === 'affected') return { status: 'affected', basis: 'git-commit', fixedIn: [], notes: [`commit ${commit.slice(0, 12)} in ${range.repo ?? 'GIT range'}`] };
    else if (verdict.status === 'fixed') wasFixed = true;
  }
  if (wasFixed) return { status: 'fixed', basis: 'osv-range', fixedIn: [...fixedIn], notes };
  return { status: undecidable && ordered.length + (entry.versions?.length ?? 0) > 0 ? 'undecidable' : 'unaffected', basis: 'osv-range', fixedIn: [], notes };
}
