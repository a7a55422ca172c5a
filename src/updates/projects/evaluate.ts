import type { Advisory } from '../../advisories/index.js';
import { fixedBy } from '../security.js';
import type { ReleaseList } from '../types.js';
import type { Candidate, Fix, ProjectUpdateRow } from './types.js';
import { engineOk, newer, outsideRange, pickWanted } from './wanted.js';

const asFix = (advisory: Advisory): Fix => ({ id: advisory.id, aliases: advisory.aliases, summary: advisory.summary });

/**
 * Pure: one row from what the registry answered (a release list, or the error that made the
 * package unknown) and the advisories naming the package (undefined: no advisory store).
 */
export function evaluateCandidate(candidate: Candidate, answer: ReleaseList | Error | undefined, today: string, advisories: Advisory[] | undefined, nodeVersion?: string): ProjectUpdateRow {
  const { skipReason, ...rest } = candidate;
  const row: ProjectUpdateRow = { ...rest, wanted: null, latest: null, latestNodeEngine: null, latestOutsideRange: null, status: 'unknown', ageDays: null, wantedFixes: [], latestFixes: [], securityChecked: advisories !== undefined };
  if (skipReason !== undefined) return { ...row, status: 'skipped', reason: skipReason };
  if (answer === undefined) return { ...row, reason: 'not looked up' };
  if (answer instanceof Error) return { ...row, reason: `npm registry: ${answer.message}` };
  const latest = answer.distTags?.latest ?? null;
  const wanted = candidate.range === null ? null : pickWanted(candidate.range, answer, nodeVersion);
  const all = [...answer.releases, ...(answer.deprecated ?? [])];
  const latestRelease = all.find((release) => release.version === latest);
  const latestNodeEngine = latestRelease && !engineOk(latestRelease, nodeVersion) ? (latestRelease.nodeEngine ?? null) : null;
  const withVersions = { ...row, wanted, latest, latestNodeEngine, latestOutsideRange: candidate.range !== null && latest !== null ? outsideRange(candidate.range, latest, answer) : null };
  if (latest === null) return { ...withVersions, reason: 'the registry gives no latest dist-tag' };
  if (candidate.current === null) return { ...withVersions, reason: `not in ${candidate.lockfile} (declared in ${candidate.declaredIn ?? 'package.json'}; the lockfile is out of date)` };
  const current = candidate.current;
  const published = all.find((release) => release.version === current)?.publishedAt;
  const ageDays = published ? Math.max(0, Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(published)) / 86_400_000)) : null;
  const pkg = { ecosystem: 'npm' as const, name: candidate.name, cpe: null };
  const fixesBy = (target: string | null): Fix[] => (advisories && target !== null && newer(target, current) ? fixedBy(advisories, pkg, current, target).map(asFix) : []);
  const behind = (wanted !== null && newer(wanted, current)) || newer(latest, current);
  return { ...withVersions, status: behind ? 'behind' : 'up-to-date', ageDays, wantedFixes: fixesBy(wanted), latestFixes: fixesBy(latest) };
}

const ORDER: Record<ProjectUpdateRow['status'], number> = { behind: 1, unknown: 2, skipped: 3, 'up-to-date': 4 };

/** Security first (fixable within the range before fixable only by leaving it), then behind, unknown, skipped, up to date. */
export function compareRows(a: ProjectUpdateRow, b: ProjectUpdateRow): number {
  return (
    Number(b.wantedFixes.length > 0) - Number(a.wantedFixes.length > 0) ||
    Number(b.latestFixes.length > 0) - Number(a.latestFixes.length > 0) ||
    ORDER[a.status] - ORDER[b.status] ||
    Number(a.type === 'transitive') - Number(b.type === 'transitive') ||
    a.lockfile.localeCompare(b.lockfile) ||
    (a.alias ?? a.name).localeCompare(b.alias ?? b.name) ||
    (a.declaredIn ?? '').localeCompare(b.declaredIn ?? '')
  );
}
