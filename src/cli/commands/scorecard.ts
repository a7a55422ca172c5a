import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { action, type CommandContext } from '../context.js';
import { palette, renderTable } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';
import type { CheckResult, ScorecardResult } from '../../scorecard/index.js';

interface ScorecardOptions {
  checks?: string;
  format?: string;
  showDetails?: boolean;
  ref?: string;
  now?: string;
  repo?: string;
}

const FORMATS = ['table', 'json', 'sarif'];

function scoreText(score: number): string {
  return score < 0 ? '?' : String(score);
}

/** The readable form: aggregate, one row per check, then details when asked. */
function renderResult(result: ScorecardResult, risks: Map<string, string>, showDetails: boolean, color: boolean): string {
  const paint = palette(color);
  const colour = (check: CheckResult): string => {
    const text = scoreText(check.score);
    if (check.score < 0) return paint.dim(text);
    return check.score >= 8 ? paint.green(text) : check.score >= 5 ? paint.yellow(text) : paint.red(text);
  };
  const lines = [
    `${paint.bold('Aggregate score:')} ${result.score < 0 ? '? (every check inconclusive)' : `${result.score.toFixed(1)} / 10`}  ${paint.dim(`${result.repo.name}${result.repo.commit ? ` @ ${result.repo.commit.slice(0, 12)}` : ''}`)}`,
    '',
    renderTable(result.checks, [
      { header: 'SCORE', value: colour, align: 'right' },
      { header: 'CHECK', value: (check) => check.name },
      { header: 'RISK', value: (check) => risks.get(check.name) ?? '' },
      { header: 'FROM', value: (check) => check.measured },
      { header: 'REASON', value: (check) => check.reason },
    ]),
  ];
  if (showDetails) {
    // Debug details stay out, as Scorecard's default log level leaves them out; unparsed
    // workflows among them are listed below as problems.
    const shown = (check: CheckResult) => check.details.filter((detail) => detail.type !== 'Debug');
    for (const check of result.checks.filter((candidate) => shown(candidate).length > 0)) {
      lines.push('', paint.bold(`${check.name} (${scoreText(check.score)})`));
      for (const detail of shown(check)) {
        const where = detail.path ? `: ${detail.path}${detail.line ? `:${detail.line}` : ''}` : '';
        lines.push(`  ${detail.type}: ${detail.message}${where}`);
        if (detail.remediation && detail.type === 'Warn') lines.push(paint.dim(`    fix: ${detail.remediation}`));
      }
    }
  }
  for (const problem of result.problems) lines.push(paint.yellow(`problem: ${problem.path}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`));
  lines.push('', paint.dim(`forge API calls: ${result.apiCalls}. "files" = the commit's tracked files, "history" = git log, "forge" = GitHub API (needs a token).`));
  return lines.join('\n');
}

/** The forge when a token is configured and the repository is on GitHub; never prints the token. */
async function makeForge(context: CommandContext, repo: string | null | undefined) {
  const config = context.config();
  if (!config.github.token || !repo) return undefined;
  const { createGitHubClient } = await import('../../forge/github/client.js');
  const scorecard = await import('../../scorecard/index.js');
  // Retries are detail (--verbose); a failure that remains is said once per host after the run.
  const api = createGitHubClient({ baseUrl: config.github.baseUrl, token: config.github.token, timeoutMs: config.github.timeoutMs, onWait: (message) => context.logger.warn(message), onRetry: (message) => context.logger.debug(message) });
  const bestPractices = scorecard.createBestPracticesLookup({ baseUrl: context.env.VIGIL_BESTPRACTICES_URL || 'https://www.bestpractices.dev', onRetry: (message) => context.logger.debug(message) });
  return scorecard.createGitHubForge({ api, repo, bestPractices });
}

/**
 * Vulnerabilities need the advisory store (`vigil db sync` or `db import`). A missing or empty
 * store leaves the check inconclusive; it is opened read-only and never created here.
 */
async function openVulnerabilities(context: CommandContext) {
  const location = context.config().db;
  const advisories = await import('../../advisories/index.js');
  if (!advisories.isPostgresUrl(location) && !existsSync(location)) return undefined;
  const store = await advisories.openAdvisoryStore(location, { readonly: true });
  if ((await store.status()).advisories === 0) {
    await store.close();
    return undefined;
  }
  const { reviewVulnerabilities } = await import('../../scorecard/vulnerability-source.js');
  return { source: reviewVulnerabilities(store), close: () => store.close() };
}

async function run(context: CommandContext, target: string | undefined, options: ScorecardOptions): Promise<number> {
  const format = options.format ?? 'table';
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
  if (options.now !== undefined && Number.isNaN(new Date(options.now).getTime())) throw new UsageError(`--now must be an ISO date such as 2026-11-23, not ${JSON.stringify(options.now)}`);
  const scorecard = await import('../../scorecard/index.js');
  const path = resolve(context.cwd, target ?? '.');
  const remote = target !== undefined && /^[\w.-]+\/[\w.-]+$/.test(target) && !existsSync(path);
  const common = {
    ...(options.checks ? { checks: options.checks.split(',') } : {}),
    ...(options.now ? { now: new Date(options.now) } : {}),
  };
  const repo = options.repo ?? (remote ? target : await scorecard.githubRepoOf(path));
  const forge = await makeForge(context, repo);
  if (remote && !forge) throw new UsageError(`${target}: no such directory; to score it on GitHub without a clone, give a token (GITHUB_TOKEN)`);
  const wantsVulnerabilities = !remote && (!options.checks || /(^|,)\s*vulnerabilities\s*(,|$)/i.test(options.checks));
  const vulnerabilities = wantsVulnerabilities ? await openVulnerabilities(context) : undefined;
  let result;
  const progress = context.logger.progress('scorecard');
  progress.update(0, `scoring ${remote ? target : path}${forge && repo ? ` (and asking GitHub about ${repo})` : ''}`);
  context.logger.debug(`reading ${remote ? `${target} through the GitHub API` : `the committed files of ${path}${options.ref ? ` at ${options.ref}` : ''}`}${vulnerabilities ? '; the advisory store for Vulnerabilities' : ''}`);
  try {
    result = remote && forge
      ? await scorecard.scoreRemote(target, forge, common)
      : await scorecard.scoreRepository(path, { ...common, ...(options.ref ? { ref: options.ref } : {}), ...(forge ? { forge } : {}), ...(vulnerabilities ? { vulnerabilities: vulnerabilities.source } : {}) });
  } finally {
    await vulnerabilities?.close();
  }
  progress.done(`${result.checks.length} checks, score ${result.score}`);
  const risks = new Map(scorecard.checks.map((check) => [check.name, check.risk]));
  // A failing forge is said once per host, and the run fails: inconclusive checks are not a result.
  for (const failure of result.hostErrors ?? []) {
    context.logger.warn(`${failure.host} failed, so ${failure.checks.join(', ')} ${failure.checks.length === 1 ? 'is' : 'are'} inconclusive (left out of the aggregate): ${failure.message}`);
  }
  if (format === 'json') {
    const { writeScorecardJson } = await import('../../formats/scorecard-json/write.js');
    context.print(writeScorecardJson(result, { showDetails: options.showDetails === true }));
  } else if (format === 'sarif') {
    const { writeScorecardSarif } = await import('../../formats/scorecard-sarif/write.js');
    context.print(`${JSON.stringify(writeScorecardSarif(result, Object.fromEntries(risks)), null, 2)}\n`);
  } else {
    context.print(renderResult(result, risks, options.showDetails === true, context.color));
  }
  return (result.hostErrors?.length ?? 0) > 0 ? 2 : 0;
}

export const scorecardCommand: CommandDefinition = {
  name: 'scorecard',
  summary: 'OpenSSF Scorecard checks computed from a local clone (forge API only where a clone cannot know)',
  configure(command) {
    command
      .argument('[path]', 'a clone (its committed files are scored), any directory, or owner/repo (forge checks only, needs a token)')
      .option('--checks <names>', 'comma-separated Scorecard check names (default: all)')
      .option('--format <format>', 'table, json (Scorecard JSON v2) or sarif (SARIF 2.1.0)', 'table')
      .option('--show-details', 'print each check\'s details with file:line and a fix')
      .option('--ref <ref>', 'score this commit, branch or tag instead of HEAD')
      .option('--now <iso-date>', 'pretend today is this date (Maintained counts the last 90 days)')
      .option('--repo <owner/repo>', 'the GitHub repository of the clone, for forge checks (default: from the origin remote)')
      .addHelpText(
        'after',
        `
Checks read the files of the commit (git objects, never untracked files), the git history for
Maintained's commit term and Code-Review's review trailers (Reviewed-By, PR-URL), and GitHub only
for what a clone cannot know. Inconclusive checks (?) are left out of the aggregate, as Scorecard does.

Examples:
  vigil scorecard ../node
  vigil scorecard . --checks License,Security-Policy --show-details
  vigil scorecard ../undici --format sarif > scorecard.sarif
  vigil scorecard . --format json | jq .score
  GITHUB_TOKEN=... vigil scorecard ../node --repo nodejs/node   # adds Branch-Protection, CI-Tests, ...
  GITHUB_TOKEN=... vigil scorecard nodejs/undici                # forge checks only, no clone`,
      )
      .action(action(async (context, target: string | undefined, options: ScorecardOptions & { json?: boolean }) => run(context, target, { ...options, ...(context.json ? { format: 'json' } : {}) })));
  },
};
