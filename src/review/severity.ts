/**
 * A finding's severity: computed from the CVSS vector with a CVSS library (v4 preferred, then
 * v3), because feeds disagree on labels and some carry only the vector. Without a usable vector,
 * the feed's own label (GitHub's `database_specific.severity`, security-wg's `severity`).
 */
import type { Advisory } from '../advisories/types.js';
import { cvssBaseScore, cvssRating } from '../formats/cvss/score.js';
import { SEVERITY_ORDER, type FindingSeverity, type SeverityLevel } from './types.js';

const LABELS: Record<string, SeverityLevel> = { low: 'low', moderate: 'moderate', medium: 'moderate', high: 'high', critical: 'critical' };

/** `medium` (CVSS) and `moderate` (GitHub, npm) are the same level. */
export function levelFromLabel(label: unknown): SeverityLevel | null {
  return typeof label === 'string' ? (LABELS[label.toLowerCase()] ?? null) : null;
}

function levelFromScore(score: number): SeverityLevel | null {
  const rating = cvssRating(score);
  return rating === 'none' ? null : (levelFromLabel(rating) as SeverityLevel);
}

/** The severity one advisory states. */
export function advisorySeverity(advisory: Advisory): FindingSeverity {
  for (const type of ['CVSS_V4', 'CVSS_V3']) {
    for (const entry of advisory.severity.filter((candidate) => candidate.type === type)) {
      const computed = cvssBaseScore(entry.score);
      const level = computed ? levelFromScore(computed.score) : null;
      if (computed && level) return { level, score: computed.score, vector: entry.score, basis: type === 'CVSS_V4' ? 'cvss-v4' : 'cvss-v3' };
    }
  }
  const label = levelFromLabel(advisory.database_specific?.severity);
  if (label) return { level: label, score: null, vector: null, basis: advisory.source === 'security-wg' ? 'security-wg' : 'github' };
  return { level: 'unknown', score: null, vector: null, basis: 'none' };
}

/** Rank for comparisons; unknown ranks below low so that `--fail-on low` does not fire on it. */
export function severityRank(level: SeverityLevel | 'unknown'): number {
  return level === 'unknown' ? -1 : SEVERITY_ORDER.indexOf(level);
}

/** The highest of several advisories' severities (merged aliases may disagree). */
export function highestSeverity(severities: FindingSeverity[]): FindingSeverity {
  let best: FindingSeverity = { level: 'unknown', score: null, vector: null, basis: 'none' };
  for (const severity of severities) {
    const order = severityRank(severity.level) - severityRank(best.level);
    if (order > 0 || (order === 0 && (severity.score ?? -1) > (best.score ?? -1))) best = severity;
  }
  return best;
}
