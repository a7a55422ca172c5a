import { UsageError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import type { UpdatesReport } from '../../updates/index.js';
import type { ProjectUpdateRow, ProjectUpdatesReport } from '../../updates/projects/index.js';
import type { UpdateCheck } from '../../store/index.js';

/** A project as reviews, triage and workers name it: owner/name. */
export function recordProject(text: string | undefined, isNodeCheckout: boolean): string {
  if (text === undefined) {
    if (isNodeCheckout) return 'nodejs/node';
    throw new UsageError('--record needs --project <owner/name>: which project these update checks are about');
  }
  const trimmed = text.trim();
  if (!/^[\w.@-]+\/[\w.-]+$/.test(trimmed)) throw new UsageError(`--project ${JSON.stringify(text)}: expected owner/name, e.g. nodejs/node`);
  return trimmed;
}

/**
 * One update check per row, all stamped with the same time. An upstream that could not be asked is
 * recorded with its reason as the error, never as "up to date" (STYLE rule 4).
 */
export function checksFromReport(project: string, report: UpdatesReport, checkedAt: string, ref: string | undefined): UpdateCheck[] {
  return report.rows.map((row) => ({
    project,
    dependency: row.id,
    checkedAt,
    current: row.current,
    latest: row.newest,
    error: row.status === 'unknown' ? (row.unknownReason ?? 'upstream could not be checked') : null,
    detail: {
      status: row.status,
      allowed: row.allowed,
      behindBy: row.behindBy,
      ageDays: row.ageDays,
      fixes: row.securityChecked ? row.fixes.map((fix) => fix.id) : null,
      ...(row.securityChecked ? {} : { securityUncheckedReason: row.securityUncheckedReason ?? null }),
      ...(row.hold ? { hold: { version: row.hold.version, expires: row.hold.expires, reason: row.hold.reason } } : {}),
      ref: ref ?? null,
    },
  }));
}

/** Keep this run's checks in the store (`--db`), where workers' check-upstream jobs keep theirs. */
export async function recordUpdateChecks(context: CommandContext, project: string, checkedAt: string, checks: UpdateCheck[]): Promise<void> {
  const { openStore } = await import('../../store/index.js');
  const store = await openStore(context.config().db);
  try {
    // One snapshot of the tree read: a dependency removed from deps/ stops being current (#19).
    await store.records.recordVendoredChecks(project, checks, checkedAt);
    context.logger.info(`recorded ${checks.length} update check(s) for ${project} in ${store.location}`);
  } finally {
    await store.close();
  }
}

/**
 * Where a lockfile row sits in the project, the store's `location` (part of its key): the lockfile,
 * then the package.json declaring it (`as <alias>` for an npm: alias) or `transitive <version>`.
 */
function locationOf(row: ProjectUpdateRow): string {
  const where = row.type === 'transitive' ? `transitive ${row.current ?? '?'}` : (row.declaredIn ?? 'not in package.json');
  return `${row.lockfile}: ${where}${row.alias ? ` as ${row.alias}` : ''}`;
}

/**
 * One check per lockfile row, all stamped with the same time: the project's snapshot. A row that
 * could not be decided (the registry failed, or it is not a registry package) keeps its reason as
 * the error, never "up to date"; advisories are listed only when they were checked.
 */
export function lockfileChecks(project: string, report: ProjectUpdatesReport, checkedAt: string, ref: string | undefined): UpdateCheck[] {
  const seen = new Set<string>();
  return report.rows.map((row) => {
    let location = locationOf(row);
    // Two rows the report keeps apart but this text would not (undeclared in two workspaces' manifests).
    for (let copy = 2; seen.has(`${row.name}\u0000${location}`); copy += 1) location = `${locationOf(row)} (${copy})`;
    seen.add(`${row.name}\u0000${location}`);
    const decided = row.status === 'behind' || row.status === 'up-to-date';
    return {
      project,
      dependency: row.name,
      location,
      checkedAt,
      current: row.current,
      latest: row.latest,
      error: decided ? null : (row.reason ?? (row.status === 'skipped' ? 'not a registry package' : 'the registry could not be asked')),
      detail: {
        status: row.status,
        type: row.type,
        range: row.range,
        wanted: row.wanted,
        latestOutsideRange: row.latestOutsideRange,
        latestNodeEngine: row.latestNodeEngine,
        ageDays: row.ageDays,
        fixes: row.securityChecked ? { wanted: row.wantedFixes.map((fix) => fix.id), latest: row.latestFixes.map((fix) => fix.id) } : null,
        ...(row.securityChecked ? {} : { securityUncheckedReason: row.securityUncheckedReason ?? null }),
        ref: ref ?? null,
      },
    };
  });
}

/** Keep a lockfile project's checks in the store as one snapshot (one transaction): what left the lockfiles stops being current. */
export async function recordLockfileUpdateChecks(context: CommandContext, project: string, checks: UpdateCheck[]): Promise<void> {
  const { openStore } = await import('../../store/index.js');
  const store = await openStore(context.config().db);
  try {
    await store.records.recordLockfileChecks(project, checks);
    context.logger.info(`recorded ${checks.length} update check(s) for ${project} in ${store.location}`);
  } finally {
    await store.close();
  }
}
