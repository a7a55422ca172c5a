/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) as GitHub code scanning reads it:
 * one run per release line (automationDetails tells them apart), one rule per vulnerability with
 * `security-severity`, one result per finding located at the file its version was read from.
 * Triaged `not_affected` findings stay in the log as suppressed results, so the decision is visible.
 */
import type { Finding, ReviewTarget } from '../types.js';
import type { Reporter, ReporterOptions } from './types.js';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', moderate: 'warning', low: 'note', unknown: 'warning' };

function rule(finding: Finding): Record<string, unknown> {
  return {
    id: finding.id,
    name: finding.id.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: finding.summary || finding.id },
    fullDescription: { text: `${finding.summary || finding.id} (${finding.aliases.join(', ')})` },
    helpUri: finding.references[0] ?? `https://osv.dev/vulnerability/${finding.id}`,
    help: { text: finding.nearestFix ? `Upgrade to ${finding.nearestFix} or later.` : 'No fixed version is known.' },
    properties: {
      tags: ['security', 'vulnerability', finding.ecosystem],
      ...(finding.severity.score !== null ? { 'security-severity': finding.severity.score.toFixed(1) } : {}),
    },
  };
}

function result(finding: Finding, ruleIndex: number): Record<string, unknown> {
  const location = finding.locations[0];
  const fix = finding.nearestFix ? `; fixed in ${finding.nearestFix}` : '; no fix known';
  return {
    ruleId: finding.id,
    ruleIndex,
    level: LEVEL[finding.severity.level] ?? 'warning',
    message: { text: `${finding.package}@${finding.version} is affected by ${finding.id} (${finding.severity.level})${fix}${finding.notes.length ? `. ${finding.notes.join('; ')}` : ''}` },
    locations: finding.locations.map((place) => ({ physicalLocation: { artifactLocation: { uri: place.foundIn }, region: { startLine: place.line ?? 1 } } })),
    partialFingerprints: { 'vigil/finding': `${finding.id}:${finding.ecosystem}/${finding.package}@${finding.version}:${location?.foundIn ?? ''}` },
    ...(finding.triage?.status === 'not_affected'
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${finding.triage.justification ?? ''}: ${finding.triage.reason} (${finding.triage.by})` }] }
      : {}),
    properties: { package: finding.package, version: finding.version, purl: finding.purl, aliases: finding.aliases, fixedIn: finding.fixedIn, ...(finding.reachability ? { reachability: finding.reachability.status, reachabilityEvidence: finding.reachability.evidence } : {}) },
  };
}

function run(target: ReviewTarget, options: ReporterOptions): Record<string, unknown> {
  const rules: Record<string, unknown>[] = [];
  const index = new Map<string, number>();
  const results = target.findings.map((finding) => {
    if (!index.has(finding.id)) {
      index.set(finding.id, rules.length);
      rules.push(rule(finding));
    }
    return result(finding, index.get(finding.id) as number);
  });
  return {
    tool: { driver: { name: 'vigil', informationUri: 'https://github.com/nodejs/security-wg', semanticVersion: options.toolVersion, rules } },
    automationDetails: { id: `vigil-review/${target.line ?? 'worktree'}/` },
    ...(target.commit ? { versionControlProvenance: [{ repositoryUri: `file://${target.root}`, revisionId: target.commit, ...(target.line ? { branch: target.line } : {}) }] } : {}),
    results,
  };
}

export const sarifReporter: Reporter = {
  id: 'sarif',
  description: 'SARIF 2.1.0 for GitHub code scanning and other SARIF viewers',
  render(report, options) {
    const log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: report.targets.map((target) => run(target, options)) };
    return `${JSON.stringify(log, null, 2)}\n`;
  },
};
