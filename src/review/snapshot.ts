import { PackageURL } from 'packageurl-js';
import type { ReviewSnapshot } from '../store/types.js';
import type { ReviewReport, ReviewTarget } from './types.js';

// What the dashboard shows of a review (`vigil review --record` → store → `vigil serve` /findings).

/** `pkg:generic/nodejs/node@v22.1.0` → `nodejs/node`: the project a review is about. */
export function projectName(target: ReviewTarget): string {
  try {
    const purl = PackageURL.fromString(target.product);
    return purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name;
  } catch {
    return target.product;
  }
}

/** What the dashboard keeps of a review: one snapshot per reviewed target (release line). */
export function snapshotsFromReport(report: ReviewReport): ReviewSnapshot[] {
  return report.targets.map((target) => ({
    project: projectName(target),
    line: target.line ?? 'work tree',
    recordedAt: report.generatedAt,
    findings: target.findings.map((finding) => ({
      id: finding.id,
      aliases: finding.aliases.filter((alias) => alias !== finding.id),
      package: finding.package,
      version: finding.version,
      severity: finding.severity.score === null ? finding.severity.level : `${finding.severity.level} ${finding.severity.score}`,
      summary: finding.summary,
      fixed: finding.nearestFix,
      ...(finding.triage ? { triage: finding.triage.status } : {}),
      ...(finding.reachability ? { reachability: finding.reachability.status, reachabilityEvidence: finding.reachability.evidence } : {}),
    })),
  }));
}
