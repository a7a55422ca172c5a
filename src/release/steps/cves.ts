import type { Report } from '../../formats/vulnerabilities-json/schema.js';
import { endOfLifeMajors, majorOf, type ReleaseSchedule } from '../schedule.js';
import type { StepPlan } from '../types.js';
import { emptyPlan, planData, requireData, requireHackerOne, type ReleaseContext } from './context.js';

/** One `versions` item of a HackerOne CVE request (the CVE JSON 5 `affected.versions` shape). */
export interface CveVersion {
  vendor: 'nodejs';
  product: 'node';
  func: '<=' | '<' | '=';
  version: string;
  versionType: 'semver';
  affected: boolean;
}

/**
 * The versions a CVE names: every affected supported line up to its last vulnerable release, and
 * every end-of-life line below the newest affected one, which is affected by policy (the WG
 * marks EOL lines affected rather than leaving them out of CVE data).
 */
export function cveVersions(report: Report, releases: Record<string, string>, day: string, schedule?: ReleaseSchedule): CveVersion[] {
  const versions: CveVersion[] = [];
  for (const line of report.affectedVersions) {
    const fixed = releases[line];
    versions.push({ vendor: 'nodejs', product: 'node', func: fixed ? '<' : '<=', version: fixed ?? `${majorOf(line)}.999.999`, versionType: 'semver', affected: true });
  }
  const newest = Math.max(...report.affectedVersions.map(majorOf));
  for (const major of endOfLifeMajors(day, schedule)) {
    if (major < newest && !report.affectedVersions.includes(`${major}.x`)) {
      versions.push({ vendor: 'nodejs', product: 'node', func: '<=', version: `${major}.999.999`, versionType: 'semver', affected: true });
    }
  }
  return versions;
}

/** `request-cves`: ask HackerOne for a CVE for every report that has none (reports with one are skipped). */
export async function planRequestCves(context: ReleaseContext): Promise<StepPlan> {
  const plan = emptyPlan('request-cves');
  const data = requireData(plan, context);
  if (!data) return plan;
  const hackerone = requireHackerOne(plan, context);
  if (!hackerone) return plan;
  const pending = data.reports.filter((report) => !report.cveIds?.length);
  if (pending.length === 0) {
    plan.actions.push('every report already has a CVE');
    return plan;
  }
  for (const report of pending) {
    if (typeof report.severity === 'string' || !report.severity.cvss_vector_string || !report.severity.weakness_id) {
      plan.refusals.push(`report ${report.id} (${report.title}) has no CVSS vector or CWE yet: assess it on HackerOne, then \`vigil release sync\``);
    }
  }
  if (plan.refusals.length > 0) return plan;
  const programId = await hackerone.programId('nodejs');
  const day = context.now.toISOString().slice(0, 10);
  const reports = [...data.reports];
  for (const report of pending) {
    if (typeof report.severity === 'string') continue;
    const cve = await hackerone.requestCve(programId, {
      data: {
        type: 'cve-request',
        attributes: {
          team_handle: 'nodejs-team',
          versions: cveVersions(report, data.releases ?? {}, day, context.schedule),
          metrics: [{ vectorString: report.severity.cvss_vector_string }],
          weakness_id: Number(report.severity.weakness_id),
          description: report.summary ?? '',
          references: ['https://nodejs.org/en/blog/vulnerability'],
          report_id: Number(report.id),
          auto_submit_on_publicly_disclosing_report: true,
          vulnerability_discovered_at: context.now.toISOString(),
        },
      },
    });
    if (!cve) {
      plan.actions.push(`report ${report.id}: CVE requested, not assigned yet (re-run later)`);
      continue;
    }
    // Written after each answer, so an interrupted run keeps the CVEs it already got.
    plan.actions.push(`report ${report.id}: ${cve}`);
    reports[reports.indexOf(report)] = { ...report, cveIds: [cve] };
  }
  await planData(plan, context, { ...data, reports });
  return plan;
}
