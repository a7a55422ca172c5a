import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { InputError, UsageError } from '../../errors.js';
import { action, type CommandContext } from '../context.js';
import { renderTable, toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';
import type { FileChange, ScoreSource } from '../../monitor/index.js';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/types.js';
import { requireStoreFile } from '../store-file.js';
import { isPostgresUrl } from '../../store/location.js';

interface FileOptions {
  scope: string;
  database: string;
  report: string;
}

interface RunOptions extends FileOptions {
  queue?: boolean;
  queueSchema: string;
  discover?: string;
  includeArchived?: boolean;
  includeForks?: boolean;
  source: string;
  apiUrl: string;
  clones?: string;
  gitUrl: string;
  depth: string;
  results?: string;
  parallel?: string;
  issue?: string;
  pullRequest?: string;
  base?: string;
  dryRun?: boolean;
  now?: string;
}

const ownerRepo = (value: string, flag: string): { owner: string; repo: string } => {
  const [owner, repo, extra] = value.split('/');
  if (!owner || !repo || extra !== undefined) throw new UsageError(`${flag} expects owner/repo, got "${value}"`);
  return { owner, repo };
};

/**
 * A file's path in the pull request: its path from the current directory, which is the checkout
 * of the repository the pull request goes to. A file outside it cannot be proposed there.
 */
function inRepository(cwd: string, path: string, target = 'the repository'): string {
  const inside = relative(cwd, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) throw new UsageError(`--pull-request: ${path} is outside the current directory; run from the checkout of ${target}`);
  return inside.split(sep).join('/');
}

function fileOptions(command: Command): Command {
  return command
    .option('--scope <file>', 'scope file (scorecard-monitor format)', 'scope.json')
    .option('--database <file>', 'database file (scorecard-monitor format)', 'database.json')
    .option('--report <file>', 'Markdown report; only the text between the monitor markers is replaced', 'report.md');
}

async function githubClient(context: CommandContext) {
  const config = context.config();
  if (!config.github.token) throw new UsageError('this needs a GitHub token: set GITHUB_TOKEN (it is never printed or stored)');
  const { createGitHubClient } = await import('../../forge/index.js');
  return createGitHubClient({ baseUrl: config.github.baseUrl, token: config.github.token, timeoutMs: config.github.timeoutMs, onWait: (message) => context.logger.warn(message) });
}

async function scoreSource(context: CommandContext, options: RunOptions & { now?: string }, store?: Store): Promise<ScoreSource> {
  const monitor = await import('../../monitor/index.js');
  if (options.source === 'file' || options.results) {
    if (!options.results) throw new UsageError('--source file needs --results <file> (Scorecard JSON v2 results)');
    return monitor.resultsFileSource(resolve(context.cwd, options.results));
  }
  if (options.source === 'engine') {
    const { cacheDir } = await import('../../config/defaults.js');
    const depth = Number(options.depth);
    if (!Number.isInteger(depth) || depth < 1) throw new UsageError(`--depth expects a positive integer, got "${options.depth}"`);
    // Vulnerabilities as `vigil scorecard` computes them, from the same store; empty: inconclusive in both.
    const advisoryDb = store && !(await store.advisories.isEmpty()) ? store.advisories : undefined;
    return monitor.engineSource({ directory: options.clones ? resolve(context.cwd, options.clones) : join(cacheDir(context.env), 'clones'), gitBaseUrl: options.gitUrl, depth, now: options.now ? new Date(options.now) : new Date(), advisoryDb });
  }
  if (options.source === 'api') {
    return monitor.scorecardApiSource({ baseUrl: options.apiUrl, onRetry: ({ url, waitMs }) => context.logger.warn(`${url}: busy, retrying in ${Math.round(waitMs / 1000)} s`) });
  }
  throw new UsageError(`unknown --source "${options.source}": use engine, api or file`);
}

/** `monitor run --queue`: the scope's repositories become jobs for `vigil worker`; nothing is scored here. */
async function enqueueRun(context: CommandContext, options: RunOptions): Promise<number> {
  if (options.discover || options.issue || options.pullRequest) throw new UsageError('--queue enqueues the repositories of --scope and returns: run --discover, --issue and --pull-request without --queue (or `vigil monitor report` once the workers are done)');
  if (options.source !== 'engine' && options.source !== 'api') throw new UsageError(`--queue scores with --source engine or api, not ${JSON.stringify(options.source)}`);
  const depth = Number(options.depth);
  if (!Number.isInteger(depth) || depth < 1) throw new UsageError(`--depth expects a positive integer, got "${options.depth}"`);
  const now = options.now ? new Date(options.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now: not a date: ${JSON.stringify(options.now)}`);
  const monitor = await import('../../monitor/index.js');
  const { scope } = await monitor.readScope(resolve(context.cwd, options.scope));
  const refs = monitor.reposInScope(scope);
  const { openSharedStore } = await import('./worker.js');
  const store = await openSharedStore(context, 'monitor run --queue');
  try {
    const { enqueueMonitorRun, openQueue } = await import('../../workers/index.js');
    const utils = await openQueue(store.pool, options.queueSchema);
    await utils.release();
    const source = options.source === 'api' ? { kind: 'api' as const, baseUrl: options.apiUrl } : { kind: 'engine' as const, gitBaseUrl: options.gitUrl, depth };
    const result = await enqueueMonitorRun({ pool: store.pool, schema: options.queueSchema, monitor: store.monitor, refs, source, now });
    if (context.json) context.print(toJson(result));
    else context.print(`run ${result.runId}: ${result.enqueued} repositories queued; follow it with \`vigil monitor status --run ${result.runId}\``);
    return 0;
  } finally {
    await store.close();
  }
}

function showChanges(context: CommandContext, changes: FileChange[], diffOf: (change: FileChange) => string, dryRun: boolean): void {
  for (const change of changes) {
    if (change.before === change.after) continue;
    if (dryRun) context.print(diffOf(change));
    else context.logger.info(`wrote ${change.path}`);
  }
}

export const monitorCommand: CommandDefinition = {
  name: 'monitor',
  summary: 'follow OpenSSF Scorecard across an organisation: score, record every run, render the report',
  configure(command) {
    command.addHelpText(
      'after',
      `
Reads and writes ossf/scorecard-monitor's scope, database and report files unchanged, so a
workflow switches in one line. Every run is also recorded in Vigil's store with per-check scores
(see \`vigil serve\`), so a delta says which checks moved.

Examples:
  vigil monitor run --scope tools/ossf_scorecard/scope.json --database tools/ossf_scorecard/database.json \\
    --report tools/ossf_scorecard/report.md --discover nodejs --pull-request nodejs/security-wg
  vigil monitor run --source api --dry-run
  vigil monitor run --queue --scope scope.json --db postgres://vigil@db.internal/vigil   # workers score it
  vigil monitor run --source file --results results.json --dry-run
  vigil monitor report --database tools/ossf_scorecard/database.json --report tools/ossf_scorecard/report.md
  vigil monitor import --database tools/ossf_scorecard/database.json
  vigil monitor history`,
    );
    fileOptions(command.command('run').description('score every repository in scope, record the run, update database and report'))
      .option('--discover <org>', 'add the organisation\'s repositories to the scope (archived and forks left out)')
      .option('--include-archived', 'with --discover: keep archived repositories')
      .option('--include-forks', 'with --discover: keep forks')
      .option('--source <source>', 'where scores come from: engine (Vigil\'s checks on clones it keeps up to date), api (the public Scorecard API) or file', 'engine')
      .option('--clones <dir>', 'with --source engine: where the clones are kept (default: ~/.cache/vigil/clones)')
      .option('--git-url <url>', 'with --source engine: where repositories are cloned from', 'https://github.com')
      .option('--depth <n>', 'with --source engine: commits of history kept in each clone', '100')
      .option('--api-url <url>', 'Scorecard API base URL', 'https://api.securityscorecards.dev')
      .option('--results <file>', 'Scorecard JSON v2 results (one, an array, or one per line)')
      .option('--parallel <n>', 'repositories scored at once (default: config monitor.parallelism)')
      .option('--issue <owner/repo>', 'open or update an issue listing the repositories that changed')
      .option('--pull-request <owner/repo>', 'commit report and database on a branch and open or update a pull request')
      .option('--base <branch>', 'the pull request\'s base branch (default: the repository\'s default branch)')
      .option('--dry-run', 'show the changes as diffs; write, open and push nothing')
      .option('--now <iso-date>', 'record the run at this time (tests, backfills)')
      .option('--queue', 'enqueue one job per repository in the shared PostgreSQL store and return; `vigil worker` processes score them')
      .option('--queue-schema <name>', 'with --queue: PostgreSQL schema of the job queue', 'vigil_queue')
      .action(
        action(async (context, options: RunOptions) => {
          if (options.queue) return enqueueRun(context, options);
          const monitor = await import('../../monitor/index.js');
          const config = context.config();
          const files = { scope: resolve(context.cwd, options.scope), database: resolve(context.cwd, options.database), report: resolve(context.cwd, options.report) };
          if (options.pullRequest) for (const path of Object.values(files)) inRepository(context.cwd, path, options.pullRequest);
          const parallelism = options.parallel ? Number(options.parallel) : config.monitor.parallelism;
          if (!Number.isInteger(parallelism) || parallelism < 1) throw new UsageError(`--parallel expects a positive integer, got "${options.parallel}"`);
          const needsGitHub = Boolean(options.discover || (!options.dryRun && (options.issue || options.pullRequest)));
          const client = needsGitHub ? await githubClient(context) : undefined;
          // A results file is read and checked before the store is opened: an empty or garbled one creates nothing (issue #17).
          const fromFile = options.source === 'file' || options.results ? await scoreSource(context, options) : undefined;
          // The scope, database and report are read and checked before the store is opened: a
          // mistyped --scope creates no store (issue #17).
          const inputs = await monitor.readRunInputs(files, Boolean(options.discover));
          // …and so is whether the results hold any repository of the scope (a discovered scope is checked in runJob).
          if (fromFile && !options.discover) await fromFile.prepare?.(monitor.reposInScope(inputs.scope));
          const store = await openStore(config.db);
          try {
            const source = fromFile ?? (await scoreSource(context, options, store));
            const progress = context.logger.progress('scoring');
            const result = await monitor.runJob({
              files,
              inputs,
              store: store.monitor,
              source,
              parallelism,
              now: options.now ? new Date(options.now) : new Date(),
              ...(options.discover && client ? { discover: { client, org: options.discover, includeArchived: Boolean(options.includeArchived), includeForks: Boolean(options.includeForks) } } : {}),
              onProgress: (done, total, outcome) => {
                progress.update(done, `${outcome.ref.org}/${outcome.ref.repo} (${done}/${total})`);
                if (!outcome.ok) context.logger.warn(`${outcome.ref.org}/${outcome.ref.repo}: ${outcome.error}`);
              },
            });
            progress.done(`${result.outcomes.length} repositories`);
            if (!options.dryRun) await monitor.writeChanges(result.changes);
            const failed = result.outcomes.filter((outcome) => !outcome.ok);
            const published: Record<string, unknown> = {};
            const day = (options.now ?? new Date().toISOString()).slice(0, 10);
            if (options.issue) {
              const draft = monitor.changesIssueDraft(result.rows, result.outcomes, day);
              if (draft && client) published.issue = await monitor.publishIssue(client, ownerRepo(options.issue, '--issue'), draft, false);
              else if (draft) published.issue = { action: 'would open or update', title: draft.title };
            }
            if (options.pullRequest) {
              const target = ownerRepo(options.pullRequest, '--pull-request');
              const pullFiles = result.changes.map((change) => ({ path: inRepository(context.cwd, change.path), content: change.after }));
              if (client) published.pullRequest = await monitor.publishPullRequest(client, { ...target, ...(options.base ? { base: options.base } : {}) }, pullFiles, `${result.outcomes.length - failed.length} repositories scored, ${failed.length} failed.`);
              else published.pullRequest = { action: 'would open or update', branch: monitor.REPORT_BRANCH, files: pullFiles.map((file) => file.path) };
            }
            if (context.json) {
              context.print(toJson({ runId: result.runId, addedToScope: result.addedToScope, outcomes: result.outcomes, rows: result.rows, ...published, written: options.dryRun ? [] : result.changes.map((change) => change.path) }));
            } else {
              showChanges(context, result.changes, monitor.diffOf, Boolean(options.dryRun));
              context.print(
                renderTable(result.rows, [
                  { header: 'repository', value: (row) => `${row.ref.org}/${row.ref.repo}` },
                  { header: 'score', value: (row) => String(row.score), align: 'right' },
                  { header: 'delta', value: (row) => (row.delta > 0 ? `+${row.delta}` : String(row.delta)), align: 'right' },
                  { header: 'checks that moved', value: (row) => row.moved.map((check) => `${check.name} ${check.from}→${check.to}`).join(', ') },
                ]),
              );
              for (const outcome of failed) if (!outcome.ok) context.print(`failed: ${outcome.ref.org}/${outcome.ref.repo}: ${outcome.error}`);
              for (const [what, value] of Object.entries(published)) context.print(`${what}: ${JSON.stringify(value)}`);
            }
            return failed.length > 0 ? 1 : 0;
          } finally {
            await store.close();
          }
        }),
      );
    command
      .command('report')
      .description('render the report from the database (nothing scored)')
      .option('--scope <file>', 'scope file: limits and orders the repositories (default: scope.json beside the database when there is one, else every repository in the database)')
      .option('--database <file>', 'database file (scorecard-monitor format)', 'database.json')
      .option('--report <file>', 'Markdown report to update between the monitor markers', 'report.md')
      .option('--dry-run', 'show the change as a diff, write nothing')
      .action(
        action(async (context, options: FileOptions & { dryRun?: boolean }) => {
          const monitor = await import('../../monitor/index.js');
          const database = resolve(context.cwd, options.database);
          // The monitor keeps its three files together; its report lists the scope, not every repository the database ever held.
          const besideDatabase = join(dirname(database), 'scope.json');
          const scope = options.scope ? resolve(context.cwd, options.scope) : existsSync(besideDatabase) ? besideDatabase : undefined;
          if (scope && !options.scope) context.logger.info(`scope: ${scope}`);
          const files = { database, report: resolve(context.cwd, options.report), ...(scope ? { scope } : {}) };
          // The scope found beside the database is an input too: `--report scope.json` would overwrite it (issue #17).
          if (scope === files.report) throw new InputError(`--report ${options.report}: is also the scope file this report is made from; refusing to overwrite it`, { code: 'file', file: scope, hint: 'pass the Markdown report, e.g. --report report.md' });
          // The database, scope and report are read before the store: a mistyped --database creates nothing (issue #17).
          const inputs = await monitor.readRenderInputs(files);
          // The report only reads the store (the checks that moved, the last run's failures): a
          // store that does not exist yet is not created, the report comes from the database alone.
          const db = context.config().db;
          const store = isPostgresUrl(db) || existsSync(db) ? await openStore(db) : undefined;
          if (!store) context.logger.info(`no store at ${db}: the report is rendered from the database alone`);
          try {
            const result = await monitor.renderJob(files, store?.monitor ?? null, inputs);
            if (!options.dryRun) await monitor.writeChanges(result.changes);
            if (context.json) context.print(toJson({ rows: result.rows, written: options.dryRun ? [] : [files.report] }));
            else showChanges(context, result.changes, monitor.diffOf, Boolean(options.dryRun));
            return 0;
          } finally {
            await store?.close();
          }
        }),
      );
    command
      .command('import')
      .description('import a scorecard-monitor database file into Vigil\'s store (its history for the dashboard)')
      .requiredOption('--database <file>', 'database file (scorecard-monitor format)')
      .action(
        action(async (context, options: { database: string }) => {
          const monitor = await import('../../monitor/index.js');
          const database = await monitor.readRequiredDatabase(resolve(context.cwd, options.database));
          const store = await openStore(context.config().db);
          try {
            // A long history is one transaction: progress as `monitor run` shows it (nothing when piped or --quiet).
            const progress = context.logger.progress('importing');
            const result = await monitor.importDatabase(store.monitor, database, new Date(), (done, total) => progress.update(done, `${done}/${total} points`));
            progress.done(`${result.imported} points`);
            if (context.json) context.print(toJson(result));
            else context.print(`imported ${result.imported} points (${result.skipped} already in the store)`);
            return 0;
          } finally {
            await store.close();
          }
        }),
      );
    command
      .command('status')
      .description('queued runs: how many repositories are recorded, waiting, running, retrying or dead (with the error)')
      .option('--run <id>', 'one run (default: the five newest queued runs)')
      .option('--queue-schema <name>', 'PostgreSQL schema of the job queue', 'vigil_queue')
      .addHelpText(
        'after',
        `
Examples:
  vigil monitor status --db postgres://vigil@db.internal/vigil
  vigil monitor status --run 42 --json`,
      )
      .action(
        action(async (context, options: { run?: string; queueSchema: string }) => {
          const runId = options.run === undefined ? undefined : Number(options.run);
          if (runId !== undefined && !Number.isInteger(runId)) throw new UsageError(`--run expects a run id, got "${options.run}"`);
          const { openSharedStore } = await import('./worker.js');
          const store = await openSharedStore(context, 'monitor status');
          try {
            const { monitorStatus, openQueue } = await import('../../workers/index.js');
            await (await openQueue(store.pool, options.queueSchema)).release();
            const runs = await monitorStatus(store.pool, options.queueSchema, store.queue, runId);
            const workers = await store.queue.workers();
            if (context.json) {
              context.print(toJson({ runs, workers }));
              return 0;
            }
            if (runs.length === 0) context.print(runId === undefined ? 'no queued runs yet: `vigil monitor run --queue`' : `run ${runId} was not queued`);
            else
              context.print(
                renderTable(runs, [
                  { header: 'run', value: (run) => String(run.runId), align: 'right' },
                  { header: 'recorded', value: (run) => `${run.recorded}/${run.total}`, align: 'right' },
                  { header: 'failed', value: (run) => String(run.failed), align: 'right' },
                  { header: 'waiting', value: (run) => String(run.waiting), align: 'right' },
                  { header: 'running', value: (run) => String(run.running), align: 'right' },
                  { header: 'retrying', value: (run) => String(run.retrying), align: 'right' },
                  { header: 'dead', value: (run) => String(run.dead.length), align: 'right' },
                  { header: 'finished', value: (run) => run.finishedAt ?? '—' },
                ]),
              );
            for (const run of runs) for (const job of run.dead) context.print(`dead: run ${run.runId} ${job.repository} after ${job.attempts} attempts: ${job.error}`);
            context.print(`${workers.length} worker process(es) alive${workers.length ? `: ${workers.map((worker) => worker.id).join(', ')}` : ''}`);
            return 0;
          } finally {
            await store.close();
          }
        }),
      );
    command
      .command('history')
      .description('the recorded runs: when, from which source, what failed')
      .option('--limit <n>', 'how many runs', '20')
      .action(
        action(async (context, options: { limit: string }) => {
          const limit = Number(options.limit);
          if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit expects a positive integer, got "${options.limit}"`);
          // History reads the store: a mistyped --db is named, not created empty (issue #17).
          requireStoreFile(context.config().db);
          const store = await openStore(context.config().db);
          try {
            const runs = await store.monitor.runs(limit);
            if (context.json) context.print(toJson(runs));
            else
              context.print(
                renderTable(runs, [
                  { header: 'run', value: (run) => String(run.id), align: 'right' },
                  { header: 'started', value: (run) => run.startedAt },
                  { header: 'source', value: (run) => run.source },
                  { header: 'scored', value: (run) => String(run.scored), align: 'right' },
                  { header: 'failed', value: (run) => run.failed.map((failure) => failure.ref.repo).join(', ') || '—' },
                ]),
              );
            return 0;
          } finally {
            await store.close();
          }
        }),
      );
  },
};
