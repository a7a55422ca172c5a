import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option } from 'commander';
import { EXIT, InputError, UsageError } from '../../errors.js';
import { action, type CommandContext } from '../context.js';
import type { CommandDefinition } from './registry.js';
import type { ReviewReport, TriageEntry } from '../../review/index.js';
import { confirm } from '../confirm.js';
import { readInputTextSync } from '../../util/read-input.js';

interface ReviewOptions {
  ref?: string[];
  format: string;
  output?: string;
  triage?: string;
  failOn?: string;
  openIssues?: string;
  dryRun?: boolean;
  yes?: boolean;
  installed: boolean;
  wgTriage?: boolean;
  now?: string;
  record?: boolean;
  reachability?: boolean;
  entry?: string[];
  trace?: string;
  verdict?: string;
  reachableOnly?: boolean;
}

const FORMATS = ['table', 'json', 'sarif', 'markdown', 'openvex'];
const LEVELS = ['low', 'moderate', 'high', 'critical', 'none'];

function toolVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/**
 * The product purl of a plain project: its package.json name@version, when it has one. With
 * --ref, the package.json of that ref: each release line is its own product version, and an
 * OpenVEX statement about v1.x must not name the work tree's version.
 */
async function projectProduct(root: string, ref?: string): Promise<string | undefined> {
  let text: string | null;
  if (ref) {
    const { GitRefSource } = await import('../../inventory/index.js');
    const source = await GitRefSource.open(root, ref);
    try {
      text = await source.read('package.json');
    } finally {
      source.close();
    }
  } else {
    const file = join(root, 'package.json');
    text = existsSync(file) ? readInputTextSync(file, { kind: 'manifest' }) : null;
  }
  if (text === null) return undefined;
  try {
    const manifest = JSON.parse(text) as { name?: unknown; version?: unknown };
    if (typeof manifest.name !== 'string') return undefined;
    const { npmPurl } = await import('../../inventory/purl.js');
    return npmPurl(manifest.name, typeof manifest.version === 'string' ? manifest.version : null);
  } catch {
    return undefined;
  }
}

/** The triage file: --triage must exist; the configured default is optional. */
async function readTriage(context: CommandContext, root: string, options: ReviewOptions): Promise<{ file: string | null; entries: TriageEntry[] }> {
  const file = options.triage ? resolve(context.cwd, options.triage) : resolve(root, context.config().review.triageFile);
  if (!existsSync(file)) {
    if (options.triage) throw new InputError(`${file}: no such triage file`, { file });
    return { file: null, entries: [] };
  }
  const { parseTriageFile } = await import('../../review/triage/file.js');
  return { file, entries: parseTriageFile(readInputTextSync(file, { kind: 'triage' }), file) };
}

/** Keep the review's findings per release line in the store, where `vigil serve` shows them. */
async function recordForDashboard(context: CommandContext, report: ReviewReport): Promise<void> {
  const { openStore } = await import('../../store/index.js');
  const { snapshotsFromReport } = await import('../../review/index.js');
  const store = await openStore(context.config().db);
  try {
    for (const snapshot of snapshotsFromReport(report)) await store.records.recordReview(snapshot);
    context.logger.info(`recorded ${report.targets.length} review(s) for the dashboard`);
  } finally {
    await store.close();
  }
}

async function openIssues(context: CommandContext, report: ReviewReport, options: ReviewOptions): Promise<void> {
  const [owner, repo, extra] = (options.openIssues as string).split('/');
  if (!owner || !repo || extra !== undefined) throw new UsageError(`--open-issues expects owner/repo, found ${JSON.stringify(options.openIssues)}`);
  const config = context.config();
  if (!config.github.token) throw new UsageError('--open-issues needs a GitHub token in GITHUB_TOKEN (or VIGIL_GITHUB_TOKEN)');
  const { createGitHubClient } = await import('../../forge/index.js');
  const { syncReviewIssues } = await import('../../review/index.js');
  const client = createGitHubClient({ baseUrl: config.github.baseUrl, token: config.github.token, onWait: (message) => context.logger.warn(message) });
  const plan = await syncReviewIssues(client, owner, repo, report, { dryRun: true });
  const changes = plan.filter((step) => step.action !== 'unchanged');
  for (const step of plan) context.logger.info(`  ${step.action.padEnd(9)} ${step.number ? `#${step.number} ` : ''}${step.title}`);
  if (options.dryRun || changes.length === 0) {
    context.logger.info(options.dryRun ? `dry run: ${changes.length} issue changes in ${owner}/${repo}, nothing written` : `${owner}/${repo}: issues already up to date`);
    return;
  }
  if (!(await confirm(`Apply ${changes.length} issue changes in ${owner}/${repo}?`, { yes: options.yes, alternative: '--dry-run' }))) return;
  const done = await syncReviewIssues(client, owner, repo, report, { dryRun: false });
  for (const step of done.filter((entry) => entry.action !== 'unchanged')) context.logger.info(`${step.action}d: ${step.url ?? step.title}`);
}

/** Verdicts per finding from the project's module graph (and a trace), then the --verdict filter. */
async function addReachability(context: CommandContext, root: string, report: ReviewReport, options: ReviewOptions): Promise<void> {
  const reachability = await import('../../reachability/index.js');
  const wanted = options.verdict ? options.verdict.split(',').map((entry) => entry.trim()) : null;
  const bad = wanted?.find((entry) => !(reachability.REACHABILITY_STATUSES as readonly string[]).includes(entry));
  if (bad !== undefined) throw new UsageError(`--verdict: unknown verdict ${JSON.stringify(bad)}; expected ${reachability.REACHABILITY_STATUSES.join(', ')}`);
  if (options.ref) context.logger.warn('--reachability: the graph is of the work tree; findings of --ref release lines get no verdict');
  const trace = options.trace ? await reachability.readTrace(resolve(context.cwd, options.trace)) : null;
  const { graph, problems } = await reachability.assessReachability(report, { root, ...(options.entry ? { entries: options.entry } : {}), trace });
  for (const problem of problems) context.logger.warn(`reachability: ${problem}`);
  context.logger.info(`reachability: ${graph.stats.files} modules in ${graph.packages.size} packages from ${graph.entries.length} entry point(s), ${graph.unknown.length} load(s) not followable, in ${graph.stats.ms} ms${graph.stats.workers > 0 ? ` (parsed on ${graph.stats.workers} worker threads)` : ''}`);
  if (wanted) for (const target of report.targets) target.findings = reachability.filterByReachability(target.findings, wanted as Parameters<typeof reachability.filterByReachability>[1]);
}

export const reviewCommand: CommandDefinition = {
  name: 'review',
  summary: 'Vulnerability Review: every dependency against the advisory store, triaged, as a table, JSON, SARIF, Markdown or OpenVEX',
  configure(command) {
    command
      .argument('[path]', 'the checkout to review', '.')
      .option('--ref <git-ref...>', 'review these git refs (release lines) instead of the work tree; repeat for several')
      .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
      .option('-o, --output <file>', 'write the report to this file (atomically) instead of stdout')
      .option('--triage <file>', 'the triage file (default: <path>/.vigil/triage.yaml, config review.triageFile)')
      .addOption(new Option('--fail-on <level>', 'exit 1 when a finding not triaged away reaches this severity; none: never (default: config review.failOn, else low)').choices(LEVELS))
      .option('--wg-triage', "also apply the security-wg vuln/deps decisions held in the advisory store")
      .option('--open-issues <owner/repo>', 'keep one GitHub issue per (vulnerability, dependency, release line)')
      .option('--dry-run', 'with --open-issues: print what would change, write nothing')
      .option('-y, --yes', 'with --open-issues: do not ask before writing (automation)')
      .option('--no-installed', 'read lockfiles only, not installed node_modules trees')
      .option('--now <iso-date>', 'pretend today is this date (triage expiry; rehearsals and tests)')
      .option('--record', 'keep this review in the store for the dashboard (`vigil serve`, page /findings)')
      .option('--reachability', 'give each finding a verdict: reachable (import chain), not reachable, or unknown (src/reachability)')
      .option('--entry <file...>', 'with --reachability: entry files (default: package.json main, exports, bin, workspaces)')
      .option('--trace <file>', 'with --reachability: a `vigil permissions infer --report` file or trace directory; modules that run loaded are reachable')
      .option('--verdict <list>', 'keep only findings with these verdicts: reachable,unknown,not-reachable (implies --reachability)')
      .option('--reachable-only', '--fail-on ignores findings the graph shows are not reachable (implies --reachability)')
      .addHelpText(
        'after',
        `
Advisories come from the local store (--db, VIGIL_DB; fill it with \`vigil db import\` or
\`vigil db sync\`); an empty store is an error, never "no vulnerabilities". Matching follows the
OSV schema's range semantics and NVD configurations exactly (see src/review/README.md).

Examples:
  vigil review ../node --ref main --ref v22.x --ref v20.x
  vigil review . --format sarif --output review.sarif --fail-on high
  vigil review ../node --format openvex --output node.openvex.json
  vigil review ../node --ref v22.x --open-issues nodejs/node --dry-run

Exit codes: 0 clean, 1 a finding at or above --fail-on, 2 bad input (path, ref, triage file, empty store).`,
      )
      .action(
        action(async (context, path: string, options: ReviewOptions) => {
          const format = context.json ? 'json' : options.format;
          // The review's own modules, not the area's index: that one also loads issue sync
          // (Octokit) and the security-wg triage reader (zod), which a plain review does not use.
          const { reporterFor } = await import('../../review/reporters/registry.js');
          const reporter = reporterFor(format);
          if (!reporter) throw new UsageError(`unknown --format ${JSON.stringify(format)}; expected one of ${FORMATS.join(', ')}`);
          const root = resolve(context.cwd, path);
          if (!existsSync(root)) throw new InputError(`${root}: no such file or directory`, { file: root });
          const now = options.now ? new Date(options.now) : new Date();
          if (Number.isNaN(now.getTime())) throw new UsageError(`--now: not a date: ${JSON.stringify(options.now)}`);
          // Usage mistakes are said before the store is read: a mistyped --verdict was hidden behind "the store holds no advisories" (issue #17).
          if (options.verdict) {
            const { REACHABILITY_STATUSES } = await import('../../reachability/index.js');
            const bad = options.verdict.split(',').map((entry) => entry.trim()).find((entry) => !(REACHABILITY_STATUSES as readonly string[]).includes(entry));
            if (bad !== undefined) throw new UsageError(`--verdict: unknown verdict ${JSON.stringify(bad)}; expected ${REACHABILITY_STATUSES.join(', ')}`);
          }
          // Checked before the store: `--ref` on a folder that is not a clone says so, whatever the store holds (issue #17).
          if (options.ref?.length) await (await import('../../forge/git/cli.js')).requireRepository(root);
          const triage = await readTriage(context, root, options);
          const { inventoryPath } = await import('../../inventory/build.js');
          const { openAdvisoryStore, isPostgresUrl } = await import('../../store/open.js');
          const config = context.config();
          const emptyHint = 'run `vigil db import` or `vigil db sync` first';
          if (!isPostgresUrl(config.db) && !existsSync(config.db)) throw new InputError(`the advisory store ${config.db} holds no advisories (no such file): ${emptyHint}`, { file: config.db });
          const store = await openAdvisoryStore(config.db, { readonly: true });
          let report: ReviewReport;
          try {
            if (await store.isEmpty()) {
              const { location } = await store.status();
              throw new InputError(`the advisory store ${location} holds no advisories: ${emptyHint}`, { file: location });
            }
            if (options.wgTriage) triage.entries.push(...(await import('../../review/triage/security-wg.js')).triageFromAssessments(await store.assessments()));
            const inventories = [];
            const steps = (options.ref?.length ?? 1) + 1;
            const progress = context.logger.progress('review', steps);
            for (const ref of options.ref ?? [undefined]) {
              progress.update(inventories.length + 1, `reading the dependencies of ${root}${ref ? ` at ${ref}` : ''}`);
              context.logger.debug(`reading lockfiles, package.json and vendored dependencies under ${root}${ref ? ` at git ref ${ref}` : ''}`);
              const inventory = await inventoryPath(root, { installed: options.installed, ...(ref ? { ref } : {}), note: (message) => context.logger.debug(message) });
              // Nothing readable where inputs were found (a truncated lockfile, a package.json with no
              // lockfile): "0 findings" would read like a clean bill of health, so it is bad input.
              if (inventory.partial && inventory.packages.length === 0) {
                const errors = inventory.problems.filter((problem) => problem.severity === 'error');
                const first = errors[0];
                const { located } = await import('../../inventory/writers/table.js');
                throw new InputError(`${root}${ref ? ` at ${ref}` : ''}: nothing could be reviewed: ${errors.length} input(s) found, none could be read; first: ${first ? located(first) : ''}`, { file: first?.path ?? root });
              }
              // "0 findings" about a directory with nothing in it reads like a clean bill of health.
              if (inventory.packages.length === 0) context.logger.warn(`${root}${ref ? ` at ${ref}` : ''}: no dependencies found (no lockfile, package.json or vendored dependency): nothing was reviewed`);
              const product = inventory.node ? undefined : await projectProduct(root, ref);
              inventories.push({ inventory, ...(product ? { product } : {}) });
            }
            const packages = inventories.reduce((sum, entry) => sum + entry.inventory.packages.length, 0);
            // (The store's size is not counted here: counting every row cost more than the review of a small project.)
            progress.update(steps, `matching ${packages} packages against the advisory store`);
            context.logger.debug(`asking the advisory store about ${packages} packages`);
            const { runReview } = await import('../../review/run.js');
            report = await runReview({ inventories, lookup: store, triage, now });
            if (options.reachability || options.entry || options.trace || options.verdict || options.reachableOnly) await addReachability(context, root, report, options);
            progress.done(`${report.targets.reduce((sum, target) => sum + target.findings.length, 0)} findings in ${packages} packages`);
          } finally {
            await store.close();
          }
          const { terminalWidth } = await import('../../formats/table/render.js');
          const width = options.output ? undefined : terminalWidth();
          const text = reporter.render(report, { now, color: context.color && !options.output, toolVersion: toolVersion(), ...(width ? { width } : {}) });
          // OpenVEX requires at least one statement: with nothing found and nothing fixed, an empty
          // document would be invalid, so none is written (and an older --output file is left alone).
          const nothingToState = format === 'openvex' && report.targets.every((target) => target.findings.length === 0 && target.fixed.length === 0);
          if (nothingToState) context.logger.warn('no findings and no fixed verdicts: OpenVEX needs at least one statement, so no document was written');
          else if (options.output) {
            const { writeFileAtomic } = await import('../../util/atomic-write.js');
            const file = resolve(context.cwd, options.output);
            await writeFileAtomic(file, text);
            context.logger.info(`wrote ${file} (${reporter.description})`);
          } else context.print(text);
          if (format !== 'table' || options.output) {
            for (const entry of report.triage.expired) context.logger.warn(`${report.triage.file}:${entry.line}: triage entry ${entry.id} expired on ${entry.expires}; its findings are back`);
            for (const entry of report.triage.unused) context.logger.info(`${report.triage.file}:${entry.line}: triage entry ${entry.id} matched no finding`);
          }
          if (options.openIssues) await openIssues(context, report, options);
          if (options.record) await recordForDashboard(context, report);
          // As npm audit and osv-scanner: any finding fails CI unless --fail-on none (issue #17).
          const { aboveThreshold } = await import('../../review/summary.js');
          const failOn = (options.failOn ?? config.review.failOn) as Parameters<typeof aboveThreshold>[1];
          const above = aboveThreshold(report.targets.flatMap((target) => target.findings), failOn, { reachableOnly: options.reachableOnly === true });
          const verdict = failOn === 'none' ? 'not failing on findings (--fail-on none)' : `${above} finding${above === 1 ? '' : 's'} at or above ${failOn}${above > 0 ? ' (exit 1; --fail-on none to report only)' : ''}`;
          if (format === 'table' && !options.output) context.print(verdict);
          else if (above > 0) context.logger.warn(verdict);
          else context.logger.info(verdict);
          return above > 0 ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
