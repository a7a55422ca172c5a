import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { CheckResult, ScorecardResult } from '../../scorecard/types.js';

/** Scorecard's rule ids: the check name without dashes, plus `ID` (`BinaryArtifactsID`). */
export const ruleId = (check: string): string => `${check.replace(/-/g, '')}ID`;

function rule(check: CheckResult, risk: string | undefined): ReportingDescriptor {
  return {
    id: ruleId(check.name),
    name: check.name,
    shortDescription: { text: `${check.name} check` },
    fullDescription: { text: check.documentation.short },
    helpUri: check.documentation.url,
    help: { text: check.documentation.short, markdown: `**${check.name}**: ${check.documentation.short}\n\n[Documentation](${check.documentation.url})` },
    defaultConfiguration: { level: 'error' },
    properties: { precision: 'high', problem: { severity: 'error' }, tags: ['supply-chain', 'security'], ...(risk ? { risk } : {}) },
  };
}

function results(check: CheckResult, index: number): Result[] {
  // Like Scorecard: a check at full score or inconclusive raises no alert; each warning is one result.
  if (check.score === 10 || check.score < 0) return [];
  const warnings = check.details.filter((detail) => detail.type === 'Warn');
  const findings = warnings.length > 0 ? warnings : [{ type: 'Warn' as const, message: check.reason }];
  return findings.map((detail) => ({
    ruleId: ruleId(check.name),
    ruleIndex: index,
    level: 'error',
    message: { text: `score is ${check.score}: ${check.reason}\n${detail.message}${detail.remediation ? `\nRemediation: ${detail.remediation}` : ''}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: detail.path ?? 'no file associated with this alert', uriBaseId: '%SRCROOT%' },
          region: { startLine: detail.line ?? 1, ...(detail.endLine && detail.line && detail.endLine > detail.line ? { endLine: detail.endLine } : {}), ...(detail.snippet ? { snippet: { text: detail.snippet } } : {}) },
        },
      },
    ],
  }));
}

/** SARIF 2.1.0: one rule per check, one result per warning with its location (for GitHub code scanning). */
export function writeScorecardSarif(result: ScorecardResult, risks: Record<string, string | undefined> = {}): Log {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Vigil Scorecard', informationUri: 'https://github.com/ossf/scorecard', semanticVersion: '0.1.0', rules: result.checks.map((check) => rule(check, risks[check.name])) } },
        automationDetails: { id: `supply-chain/vigil-scorecard/${result.repo.commit || 'unknown'}` },
        // Only a forge name (`github.com/owner/repo`) makes a repository URI; a local folder's name does not.
        ...(result.repo.commit && /^[\w.-]+\.[a-z]+\/[^/]+\/[^/]+$/i.test(result.repo.name) ? { versionControlProvenance: [{ repositoryUri: `https://${result.repo.name}`, revisionId: result.repo.commit }] } : {}),
        results: result.checks.flatMap((check, index) => results(check, index)),
      },
    ],
  };
}
