import { join } from 'node:path';
import semver from 'semver';
import { renderCoreIndex, serialiseCoreEntry, type CoreDirectory, type CoreEntry } from '../formats/security-wg/core-entry.js';
import type { Report, VulnerabilitiesJson } from '../formats/vulnerabilities-json/schema.js';
import { announcementUrl } from './announcements.js';
import { majorOf } from './schedule.js';
import type { ValidationProblem } from './validate.js';

/** One `vuln/core/<n>.json` that finalize writes (or finds already written). */
export interface PlannedEntry {
  id: number;
  file: string;
  entry: CoreEntry;
  action: 'create' | 'update' | 'unchanged';
  reportId: string;
}

export interface FinalizePlan {
  entries: PlannedEntry[];
  /** The regenerated index.json text. */
  indexText: string;
  indexChanged: boolean;
  /** Refusals: nothing is written while there is one. */
  problems: ValidationProblem[];
}

/** Release lines in ascending order, as the WG writes `vulnerable` ranges ("18.x || 20.x || 21.x"). */
function sortedLines(lines: string[]): string[] {
  return [...new Set(lines)].sort((a, b) => majorOf(a) - majorOf(b));
}

/** The core entry a report becomes, field for field as the WG writes them by hand today. */
export function coreEntryFor(report: Report, data: VulnerabilitiesJson): { entry: CoreEntry | null; problems: string[] } {
  const problems: string[] = [];
  const lines = sortedLines(report.affectedVersions);
  const patched: string[] = [];
  for (const line of lines) {
    const version = data.releases?.[line];
    if (!version) problems.push(`releases.${line} is missing: say which version fixes the ${line} line (\`vigil release set-version ${line} <version>\`)`);
    else patched.push(`^${version}`);
  }
  if (!report.cveIds?.length) problems.push(`report ${report.id} (${report.title}) has no CVE`);
  if (typeof report.severity === 'string' || !report.severity.rating) problems.push(`report ${report.id} has no severity rating`);
  if (!report.summary?.trim()) problems.push(`report ${report.id} has no summary (it becomes the entry's overview)`);
  if (problems.length > 0 || typeof report.severity === 'string') return { entry: null, problems };
  const environments = (report as { affectedEnvironments?: unknown }).affectedEnvironments;
  const entry: CoreEntry = {
    cve: report.cveIds ?? [],
    vulnerable: lines.join(' || '),
    patched: patched.join(' || '),
    ref: report.announcement ?? announcementUrl(data.releaseDate ?? ''),
    description: report.title,
    overview: report.summary ?? '',
    affectedEnvironments: Array.isArray(environments) && environments.length > 0 ? (environments as string[]) : ['all'],
    severity: (report.severity.rating ?? '').toLowerCase(),
  };
  return { entry, problems };
}

const sameCves = (a: unknown, b: string[]): boolean => Array.isArray(a) && a.length === b.length && b.every((cve) => a.includes(cve));

/**
 * Plan the security-wg `vuln/core` entries of a release. Re-running after an interruption finds
 * the entries already written (by their CVEs) and neither duplicates nor renumbers them.
 */
export function planFinalize(data: VulnerabilitiesJson, core: CoreDirectory): FinalizePlan {
  const problems: ValidationProblem[] = [];
  const entries: PlannedEntry[] = [];
  let nextId = Math.max(0, ...core.entries.map((entry) => entry.id)) + 1;
  data.reports.forEach((report, index) => {
    const { entry, problems: reportProblems } = coreEntryFor(report, data);
    for (const message of reportProblems) problems.push({ file: 'vulnerabilities.json', path: `reports[${index}]`, message, severity: 'error' });
    if (!entry) return;
    const existing = core.entries.find((candidate) => sameCves((candidate.raw as { cve?: unknown }).cve, entry.cve));
    if (existing) {
      const action = JSON.stringify(existing.raw) === JSON.stringify(entry) ? 'unchanged' : 'update';
      entries.push({ id: existing.id, file: existing.file, entry, action, reportId: report.id });
    } else {
      const id = nextId++;
      entries.push({ id, file: join(core.dir, `${id}.json`), entry, action: 'create', reportId: report.id });
    }
  });
  const merged = new Map<number, unknown>(core.entries.map((entry) => [entry.id, entry.raw]));
  for (const planned of entries) merged.set(planned.id, planned.entry);
  const indexText = renderCoreIndex([...merged].map(([id, raw]) => ({ id, raw })));
  const indexChanged = core.index === null || JSON.stringify(JSON.parse(indexText)) !== JSON.stringify(core.index);
  return { entries, indexText, indexChanged, problems };
}

/** The fixed versions a `patched` range names: `^18.20.1 || >= 20.12.1` → 18.20.1, 20.12.1. */
export function fixedVersions(patched: string | undefined): { versions: string[]; unreadable: string[] } {
  const versions: string[] = [];
  const unreadable: string[] = [];
  for (const part of (patched ?? '').split('||').map((text) => text.trim()).filter(Boolean)) {
    const minimum = semver.validRange(part) === null ? null : semver.minVersion(part);
    if (minimum && minimum.version !== '0.0.0') versions.push(minimum.version);
    else unreadable.push(part);
  }
  return { versions, unreadable };
}

/** Text of an entry file as the plan will write it. */
export function entryText(planned: PlannedEntry): string {
  return serialiseCoreEntry(planned.entry);
}
