import { UsageError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import type { UpdatesReport } from '../../updates/index.js';
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
export async function recordUpdateChecks(context: CommandContext, checks: UpdateCheck[]): Promise<void> {
  const { openStore } = await import('../../store/index.js');
  const store = await openStore(context.config().db);
  try {
    for (const check of checks) await store.records.recordUpdateCheck(check);
    context.logger.info(`recorded ${checks.length} update check(s) for ${checks[0]?.project ?? 'the project'} in ${store.location}`);
  } finally {
    await store.close();
  }
}
