/**
 * Issue sync: one issue per (vulnerability, dependency, release line), found again through the
 * forge's hidden marker, so a re-run updates instead of duplicating and a finding that disappears
 * (fixed, or triaged not_affected) gets its issue closed with a comment. Only issues of the
 * release lines reviewed in this run are candidates for closing.
 */
import { applyIssueSync, listMarkedIssues, planIssueSync, type ExistingIssue, type GitHubClient, type IssueAction, type IssueDraft } from '../forge/index.js';
import type { Finding, ReviewReport } from './types.js';

const PREFIX = 'review:';
const WORKTREE = 'worktree';

/** The marker key: stable across versions of the dependency, so an upgrade that is still vulnerable updates the issue. */
export function findingKey(finding: Finding): string {
  return `${PREFIX}${finding.id}:${finding.ecosystem}/${finding.package}:${finding.line ?? WORKTREE}`;
}

function lineOfKey(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}

function body(finding: Finding): string {
  const rows = [
    `**${finding.package}@${finding.version}** is affected by **${finding.id}** (${finding.aliases.filter((alias) => alias !== finding.id).join(', ') || 'no aliases'}).`,
    '',
    finding.summary,
    '',
    `- Severity: ${finding.severity.level}${finding.severity.score !== null ? ` (CVSS ${finding.severity.score}, ${finding.severity.vector})` : ''}`,
    `- Release line: ${finding.line ?? 'working tree'}`,
    `- Fixed in: ${finding.fixedIn.join(', ') || 'no fixed version known'}${finding.nearestFix ? ` — upgrade to ${finding.nearestFix}` : ''}`,
    ...finding.notes.map((note) => `- Note: ${note}`),
    ...(finding.triage ? [`- Triage: ${finding.triage.status} — ${finding.triage.reason} (${finding.triage.by})`] : []),
    '',
    'Found in:',
    ...finding.locations.map((location) => `- \`${location.foundIn}\`${location.paths[0] ? ` via ${location.paths[0].join(' › ')}` : ''}`),
    '',
    ...finding.references.slice(0, 5).map((url) => `- ${url}`),
    '',
    'To set this aside, add an entry to the triage file (`.vigil/triage.yaml`) with a reason; this issue then closes on the next review.',
  ];
  return rows.join('\n');
}

/** Drafts for every finding a triage decision has not set aside. */
export function issueDrafts(report: ReviewReport): IssueDraft[] {
  return report.targets
    .flatMap((target) => target.findings)
    .filter((finding) => finding.triage?.status !== 'not_affected')
    .map((finding) => ({
      key: findingKey(finding),
      title: `${finding.id}: ${finding.package}@${finding.version}${finding.line ? ` (${finding.line})` : ''} — ${finding.severity.level}`,
      body: body(finding),
      labels: ['security', 'vigil-review'],
    }));
}

/** Plan the sync against what the repository already holds: existing issues of other lines are left alone. */
export function planReviewIssues(report: ReviewReport, existing: ExistingIssue[]): { drafts: IssueDraft[]; actions: IssueAction[] } {
  const lines = new Set(report.targets.map((target) => target.line ?? WORKTREE));
  const candidates = existing.filter((issue) => issue.key?.startsWith(PREFIX) && lines.has(lineOfKey(issue.key)));
  const drafts = issueDrafts(report);
  return { drafts, actions: planIssueSync(drafts, candidates, { closeMissing: true, keyPrefix: PREFIX }) };
}

/** List, plan and (unless dryRun) apply. Returns the actions, with numbers and URLs once applied. */
export async function syncReviewIssues(client: GitHubClient, owner: string, repo: string, report: ReviewReport, options: { dryRun: boolean }): Promise<IssueAction[]> {
  const existing = await listMarkedIssues(client, owner, repo);
  const { drafts, actions } = planReviewIssues(report, existing);
  if (options.dryRun) return actions;
  return applyIssueSync(client, owner, repo, drafts, actions, 'Vigil no longer finds this vulnerability on this release line (fixed, or triaged as not affected). Closing.');
}
