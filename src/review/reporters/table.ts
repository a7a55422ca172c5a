/** The readable report: per release line, findings grouped by dependency, then triage housekeeping. */
import { palette, renderTable, truncate } from '../../formats/table/render.js';
import { dependencyGroups, upgradeFixingAll } from '../summary.js';
import type { Finding } from '../types.js';
import type { Reporter } from './types.js';

function triageLabel(finding: Finding): string {
  if (!finding.triage) return '';
  return `${finding.triage.status}${finding.triage.justification ? ` (${finding.triage.justification})` : ''} by ${finding.triage.by}`;
}

export const tableReporter: Reporter = {
  id: 'table',
  description: 'a readable table per release line, grouped by dependency',
  render(report, options) {
    const colour = palette(options.color);
    // On a terminal every line fits its width (tables indented by two); piped, nothing is cut.
    const fit = (line: string): string => (options.width ? truncate(line, options.width) : line);
    const tableWidth = options.width ? { width: Math.max(20, options.width - 2) } : {};
    const out: string[] = [];
    for (const target of report.targets) {
      const active = target.findings.filter((finding) => finding.triage?.status !== 'not_affected').length;
      out.push(colour.bold(`${target.line ?? target.root}: ${target.packageCount} packages, ${active} findings${target.findings.length > active ? ` (${target.findings.length - active} triaged not affected)` : ''}`));
      for (const group of dependencyGroups(target.findings)) {
        const fix = upgradeFixingAll(group.findings);
        out.push('', fit(`${colour.bold(`${group.package} ${group.version}`)}  ${colour.dim(group.foundIn.join(', '))}${fix ? `  upgrade to ${fix}` : ''}`));
        out.push(
          renderTable(group.findings, [
            { header: 'id', value: (finding) => finding.id },
            { header: 'severity', value: (finding) => (finding.severity.level === 'critical' || finding.severity.level === 'high' ? colour.red(finding.severity.level) : finding.severity.level) },
            { header: 'fixed in', value: (finding) => finding.nearestFix ?? '-' },
            { header: 'triage', value: triageLabel },
            ...(group.findings.some((finding) => finding.reachability) ? [{ header: 'reachable', value: (finding: Finding) => finding.reachability?.status ?? '' }] : []),
            { header: 'summary', value: (finding) => [finding.summary, ...finding.notes].join('; ') },
          ], tableWidth).replace(/^/gm, '  '),
        );
      }
      for (const finding of target.findings.filter((entry) => entry.reachability)) out.push(fit(colour.dim(`  ${finding.id} ${finding.package}: ${finding.reachability?.status}: ${finding.reachability?.evidence}`)));
      if (target.skipped.length) out.push('', colour.dim(`${target.skipped.length} packages not matched (no version, or not registry packages): see --json`));
      for (const problem of target.problems) out.push(colour.yellow(`inventory problem: ${problem}`));
      out.push('');
    }
    for (const entry of report.triage.expired) out.push(colour.yellow(`${report.triage.file}:${entry.line}: triage entry ${entry.id} expired on ${entry.expires}; its findings are back`));
    for (const entry of report.triage.unused) out.push(colour.dim(`${report.triage.file}:${entry.line}: triage entry ${entry.id} matched no finding`));
    return out.join('\n').trimEnd();
  },
};
