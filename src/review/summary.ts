/** Views over findings that several reporters share: grouping by dependency, an upgrade fixing all, counts. */
import * as semver from '../util/semver.js';
import { compareGeneric } from './match/versions.js';
import { severityRank } from './severity.js';
import type { Finding, SeverityLevel } from './types.js';

export interface DependencyGroup {
  package: string;
  version: string;
  foundIn: string[];
  findings: Finding[];
}

/** Findings of one package version together, most severe first. */
export function dependencyGroups(findings: Finding[]): DependencyGroup[] {
  const groups = new Map<string, DependencyGroup>();
  for (const finding of findings) {
    const key = `${finding.ecosystem}\u0000${finding.package}\u0000${finding.version}`;
    const group = groups.get(key) ?? { package: finding.package, version: finding.version, foundIn: [], findings: [] };
    group.findings.push(finding);
    for (const location of finding.locations) {
      // Findings in tooling (a Node core tree's tools/ lockfiles) are said to be so: they do not ship.
      const where = location.tooling ? `${location.foundIn} (tooling)` : location.foundIn;
      if (!group.foundIn.includes(where)) group.foundIn.push(where);
    }
    groups.set(key, group);
  }
  for (const group of groups.values()) group.findings.sort((a, b) => severityRank(b.severity.level) - severityRank(a.severity.level) || a.id.localeCompare(b.id));
  return [...groups.values()].sort((a, b) => a.package.localeCompare(b.package) || a.version.localeCompare(b.version));
}

/** The highest of the nearest fixes: the one upgrade that fixes every finding, or null when one has no fix. */
export function upgradeFixingAll(findings: Finding[]): string | null {
  const fixes = findings.filter((finding) => finding.triage?.status !== 'not_affected').map((finding) => finding.nearestFix);
  if (fixes.length === 0 || fixes.some((fix) => fix === null)) return null;
  const compare = (a: string, b: string): number => (semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : compareGeneric(a, b));
  return (fixes as string[]).sort(compare).at(-1) ?? null;
}

/**
 * Whether any finding not set aside by triage reaches the `--fail-on` level. A finding nobody has
 * scored yet (no vector, no label: a fresh NVD record) fails closed, at every level.
 */
export function exceedsThreshold(findings: Finding[], failOn: SeverityLevel | 'none', options: ThresholdOptions = {}): boolean {
  return aboveThreshold(findings, failOn, options) > 0;
}

export interface ThresholdOptions {
  /** --reachable-only: a finding the reachability graph shows cannot load does not fail the run. */
  reachableOnly?: boolean;
}

/** How many findings not triaged away reach `failOn` (an unknown severity counts: it may be critical). */
export function aboveThreshold(findings: Finding[], failOn: SeverityLevel | 'none', options: ThresholdOptions = {}): number {
  if (failOn === 'none') return 0;
  const threshold = severityRank(failOn);
  return findings.filter((finding) => finding.triage?.status !== 'not_affected' && !(options.reachableOnly && finding.reachability?.status === 'not-reachable') && (finding.severity.level === 'unknown' || severityRank(finding.severity.level) >= threshold)).length;
}
