/** A Markdown report for pull-request comments, wikis and the WG's meeting notes. */
import { dependencyGroups, upgradeFixingAll } from '../summary.js';
import type { Finding } from '../types.js';
import type { Reporter } from './types.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function findingRow(finding: Finding): string {
  const triage = finding.triage ? `${finding.triage.status}${finding.triage.justification ? ` (${finding.triage.justification})` : ''} — ${finding.triage.by}` : '';
  const notes = finding.notes.length ? ` _(${finding.notes.join('; ')})_` : '';
  const reach = finding.reachability ? `${finding.reachability.status}: ${finding.reachability.evidence}` : '';
  return `| ${[finding.id, finding.severity.level + (finding.severity.score !== null ? ` ${finding.severity.score}` : ''), finding.nearestFix ?? 'no fix', triage, reach, finding.summary + notes].map(cell).join(' | ')} |`;
}

export const markdownReporter: Reporter = {
  id: 'markdown',
  description: 'Markdown, grouped by dependency (pull requests, issues, meeting notes)',
  render(report) {
    const out: string[] = ['# Vulnerability Review', ''];
    for (const target of report.targets) {
      const active = target.findings.filter((finding) => finding.triage?.status !== 'not_affected');
      out.push(`## ${target.line ?? target.product}`, '', `${target.packageCount} packages, ${active.length} findings, ${target.findings.length - active.length} triaged not affected.`, '');
      for (const group of dependencyGroups(target.findings)) {
        const fix = upgradeFixingAll(group.findings);
        out.push(`### ${group.package} ${group.version}`, '', `Found in ${group.foundIn.map((path) => `\`${path}\``).join(', ')}.${fix ? ` Upgrading to **${fix}** fixes every finding.` : ''}`, '');
        out.push('| id | severity | fixed in | triage | reachable | summary |', '|---|---|---|---|---|---|', ...group.findings.map(findingRow), '');
      }
    }
    if (report.triage.expired.length || report.triage.unused.length) {
      out.push('## Triage file', '');
      for (const entry of report.triage.expired) out.push(`- \`${entry.id}\` (line ${entry.line}) expired on ${entry.expires}; its findings are back.`);
      for (const entry of report.triage.unused) out.push(`- \`${entry.id}\` (line ${entry.line}) matched no finding.`);
      out.push('');
    }
    return out.join('\n');
  },
};
