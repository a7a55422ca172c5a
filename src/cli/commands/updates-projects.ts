import { join } from 'node:path';
import { cacheDir } from '../../config/defaults.js';
import type { AdvisoryStore } from '../../advisories/index.js';
import type { Inventory } from '../../inventory/index.js';
import type { ProjectUpdateRow, ProjectUpdatesReport } from '../../updates/projects/index.js';
import type { CommandContext } from '../context.js';
import { renderTable, toJson } from '../../formats/table/render.js';
import { reportHostFailures } from '../host-failures.js';

/** The options of `vigil updates` the lockfile report reads. */
export interface ProjectReportOptions {
  ref?: string;
  cache?: boolean;
  today?: string;
  all?: boolean;
  registry?: string;
  concurrency?: string;
  /** `engines.node` is checked against this version (default: the running Node.js); `none` ignores engines. */
  node?: string;
  /** Exit 1 when a dependency is behind (`outdated`) or an update fixes an advisory (`security`). */
  failOn?: string;
}

/**
 * The exit code for `--fail-on` (issue #17): 1 when a row counts, 2 when `security` was asked but
 * could not be decided for some rows (no advisories: inconclusive is not clean), else 0.
 */
export function updatesExitCode(context: CommandContext, failOn: string | undefined, rows: { behind: boolean; fixes: number; securityChecked: boolean }[]): number {
  if (failOn === undefined || failOn === 'none') return 0;
  const counted = rows.filter((row) => (failOn === 'outdated' ? row.behind : row.fixes > 0)).length;
  const unchecked = failOn === 'security' ? rows.filter((row) => !row.securityChecked).length : 0;
  if (counted > 0) context.logger.warn(`${counted} dependenc${counted === 1 ? 'y' : 'ies'} ${failOn === 'outdated' ? 'behind' : 'with a security update'} (exit 1; --fail-on none to report only)`);
  if (counted === 0 && unchecked > 0) {
    context.logger.warn(`--fail-on security: ${unchecked} dependencies could not be checked for advisories (exit 2)`);
    return 2;
  }
  return counted > 0 ? 1 : 0;
}

/** One line per reason some rows could not be checked for advisories, naming them: "no fixes" there is not "secure". */
export function uncheckedLines<T extends { securityChecked: boolean; securityUncheckedReason?: string }>(rows: T[], label: (row: T) => string): string[] {
  const reasons = new Map<string, string[]>();
  for (const row of rows) {
    if (row.securityChecked) continue;
    const reason = row.securityUncheckedReason ?? 'not checked';
    reasons.set(reason, [...new Set([...(reasons.get(reason) ?? []), label(row)])]);
  }
  return [...reasons].map(([reason, names]) => `not checked for advisories (${names.length}: ${names.length > 6 ? `${names.slice(0, 6).join(', ')} …` : names.join(', ')}): ${reason}`);
}

const fixLabel = (fix: ProjectUpdateRow['wantedFixes'][number]): string => fix.aliases.find((alias) => alias.startsWith('CVE-')) ?? fix.id;

function fixesText(row: ProjectUpdateRow): string {
  if (row.status === 'skipped' || row.status === 'unknown') return '';
  if (!row.securityChecked) return 'not checked';
  const inRange = row.wantedFixes.map(fixLabel);
  const onlyLatest = row.latestFixes.map(fixLabel).filter((label) => !inRange.includes(label));
  return [...inRange, ...(onlyLatest.length ? [`latest: ${onlyLatest.join(' ')}`] : [])].join(' ');
}

function latestText(row: ProjectUpdateRow): string {
  const notes = [...(row.latestOutsideRange ? ['outside range'] : []), ...(row.latestNodeEngine ? [`needs node ${row.latestNodeEngine}`] : [])];
  return `${row.latest ?? '?'}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

const TYPE: Record<ProjectUpdateRow['type'], string> = { dependencies: 'prod', optionalDependencies: 'optional', devDependencies: 'dev', peerDependencies: 'peer', transitive: 'transitive' };

/** The table `vigil updates` prints for lockfile projects, `npm outdated`'s columns plus range, age and fixes. */
export function renderProjectReport(report: ProjectUpdatesReport): string {
  const table = renderTable(report.rows, [
    { header: 'package', value: (row) => (row.alias ? `${row.alias} (npm:${row.name})` : row.name) },
    { header: 'current', value: (row) => row.current ?? 'MISSING' },
    { header: 'range', value: (row) => row.range ?? '' },
    { header: 'wanted', value: (row) => row.wanted ?? (row.range === null ? '' : '?') },
    { header: 'latest', value: (row) => (row.status === 'skipped' ? '' : latestText(row)) },
    { header: 'age', value: (row) => (row.ageDays === null ? '' : `${row.ageDays} d`), align: 'right' },
    { header: 'type', value: (row) => TYPE[row.type] },
    { header: 'fixes', value: fixesText },
    { header: 'where', value: (row) => row.declaredIn ?? row.lockfile },
    { header: 'status', value: (row) => (row.reason ? `${row.status}: ${row.reason}` : row.status) },
  ]);
  const count = (test: (row: ProjectUpdateRow) => boolean) => report.rows.filter(test).length;
  const summary =
    `${report.rows.length} dependencies in ${report.lockfiles.length} lockfile(s): ${count((row) => row.status === 'behind')} behind ` +
    `(${count((row) => row.wantedFixes.length > 0)} with security fixes within the range, ${count((row) => row.latestOutsideRange === true)} with latest outside the range), ` +
    `${count((row) => row.status === 'unknown')} unknown, ${count((row) => row.status === 'skipped')} not on the registry; ` +
    `${report.packages} packages, ${report.requests} registry requests, ${report.notModified} answered 304 Not Modified`;
  const engines = report.node === null ? 'engines not checked' : `engines checked against Node.js ${report.node}`;
  const checkable = report.rows.filter((row) => row.status !== 'skipped');
  return [table, '', `${summary}; ${engines}`, ...uncheckedLines(checkable, (row) => row.name), ...report.problems.map((problem) => `problem: ${problem}`)].join('\n');
}

/** `vigil updates` on a lockfile project: read its package.json files, ask the registry, print. */
export async function projectUpdates(
  context: CommandContext,
  root: string,
  inventory: Inventory,
  options: ProjectReportOptions,
  lookup: AdvisoryStore | undefined,
  record?: (report: ProjectUpdatesReport) => Promise<void>,
): Promise<number> {
  const updates = await import('../../updates/index.js');
  const { checkProjectUpdates } = await import('../../updates/projects/index.js');
  const { GitRefSource, WorkTreeSource } = await import('../../inventory/index.js');
  const { parseManifest } = await import('../../inventory/javascript/manifest.js');
  const config = context.config();
  const cache = options.cache === false ? updates.memoryEtagCache() : updates.fileEtagCache(join(cacheDir(context.env), 'updates-etags.json'));
  const npm = updates
    .createDatasources({
      npm: { registry: options.registry ?? config.npm.registry, timeoutMs: config.npm.timeoutMs },
      github: { baseUrl: config.github.baseUrl, token: undefined, timeoutMs: config.github.timeoutMs },
      timeoutMs: config.npm.timeoutMs,
      cache,
      onRetry: (message) => context.logger.warn(message),
    })
    .get('npm')!;
  const source = options.ref ? await GitRefSource.open(root, options.ref) : new WorkTreeSource(root);
  let report: ProjectUpdatesReport;
  try {
    report = await checkProjectUpdates({
      inventory,
      readManifest: async (path) => {
        const text = await source.read(path);
        return text === null ? null : parseManifest(text, path, path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');
      },
      npm,
      lookup,
      today: options.today ?? new Date().toISOString().slice(0, 10),
      transitive: options.all ?? false,
      ...(options.node === 'none' ? {} : { nodeVersion: options.node ?? process.versions.node }),
      ...(options.concurrency ? { concurrency: Number(options.concurrency) } : {}),
    });
  } finally {
    source.close();
  }
  await cache.save();
  if (record) await record(report);
  context.print(context.json ? toJson(report) : renderProjectReport(report));
  const incomplete = reportHostFailures(context, 'the update report');
  return Math.max(incomplete, updatesExitCode(context, options.failOn, report.rows.map((row) => ({ behind: row.status === 'behind', fixes: row.wantedFixes.length + row.latestFixes.length, securityChecked: row.securityChecked || row.status === 'skipped' }))));
}
