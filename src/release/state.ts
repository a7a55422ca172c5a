import type { VulnerabilitiesJson } from '../formats/vulnerabilities-json/schema.js';
import { MILESTONES, type Milestone } from './types.js';

export interface MilestoneStatus {
  milestone: Milestone;
  done: boolean;
  detail: string;
}

const NEXT_COMMAND: Record<Milestone, string> = {
  start: 'vigil release start',
  reports: 'vigil release add-report <hackerone-id> --lines 22.x,24.x',
  'set-date': 'vigil release set-date YYYY-MM-DD',
  'request-cves': 'vigil release request-cves',
  'pre-release': 'vigil release pre-release',
  notify: 'vigil release notify',
  'post-release': 'vigil release post-release',
  finalize: 'vigil release finalize --vuln-dir <security-wg>/vuln',
  cleanup: 'vigil release cleanup',
};

/**
 * Where a release stands. What the file itself shows (reports, date, CVEs) is derived from it;
 * steps whose output lives elsewhere (announcements, notifications) are recorded in `vigilSteps`.
 */
export function releaseStatus(data: VulnerabilitiesJson | null, options: { cleanedUp: boolean }): { milestones: MilestoneStatus[]; next: string | null } {
  const recorded = data?.vigilSteps ?? {};
  const withoutCve = data?.reports.filter((report) => !report.cveIds?.length) ?? [];
  const derived: Record<Milestone, { done: boolean; detail: string }> = {
    start: { done: data !== null, detail: data ? 'vulnerabilities.json exists' : 'no vulnerabilities.json yet' },
    reports: { done: (data?.reports.length ?? 0) > 0, detail: `${data?.reports.length ?? 0} report(s)` },
    'set-date': { done: Boolean(data?.releaseDate), detail: data?.releaseDate ? `release date ${data.releaseDate}` : 'no release date' },
    'request-cves': {
      done: (data?.reports.length ?? 0) > 0 && withoutCve.length === 0,
      detail: !data?.reports.length ? 'no reports yet' : withoutCve.length ? `without CVE: ${withoutCve.map((report) => report.id).join(', ')}` : 'every report has a CVE',
    },
    'pre-release': { done: 'pre-release' in recorded, detail: recorded['pre-release']?.note ?? '' },
    notify: { done: 'notify' in recorded, detail: recorded.notify?.note ?? '' },
    'post-release': { done: 'post-release' in recorded, detail: recorded['post-release']?.note ?? '' },
    finalize: { done: 'finalize' in recorded, detail: recorded.finalize?.note ?? '' },
    cleanup: { done: options.cleanedUp, detail: options.cleanedUp ? 'folder renamed to the release date' : '' },
  };
  const milestones = MILESTONES.map((milestone) => ({ milestone, ...derived[milestone] }));
  const first = milestones.find((status) => !status.done);
  return { milestones, next: first ? NEXT_COMMAND[first.milestone] : null };
}

/** Record a step in the file: the one piece of state that is not derivable from the rest. */
export function recordStep(data: VulnerabilitiesJson, step: Milestone, note: string, now: Date): VulnerabilitiesJson {
  return { ...data, vigilSteps: { ...data.vigilSteps, [step]: { at: now.toISOString(), note } } };
}
