import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { cacheDir } from '../../config/defaults.js';
import { UsageError } from '../../errors.js';
import { action, type CommandContext } from '../context.js';
import { renderTable, toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';
// Types only: the area itself is loaded inside the action, so `vigil --version` stays fast.
import type * as ReleaseModule from '../../release/index.js';
import type { ProposalTarget, ReleaseContext, StepPlan } from '../../release/index.js';
import { confirm } from '../confirm.js';
import { requireExistingPath } from '../input-paths.js';

interface ReleaseOptions {
  root?: string;
  yes?: boolean;
  dryRun?: boolean;
  output?: string;
  templates?: string;
  now?: string;
  record?: boolean;
}

async function releaseContext(context: CommandContext, options: ReleaseOptions) {
  const release = await import('../../release/index.js');
  const { readVulnerabilitiesJson } = await import('../../formats/vulnerabilities-json/read.js');
  // A file as --root said nothing and exited 0 (release status); it must be a folder (issue #17).
  const root = requireExistingPath(context.cwd, options.root ?? '.', '--root', 'directory');
  const folder = join(root, context.config().release.folder, 'next-security-release');
  const file = join(folder, 'vulnerabilities.json');
  const data = existsSync(file) ? await readVulnerabilitiesJson(file) : null;
  const identifier = context.env.VIGIL_H1_IDENTIFIER;
  const token = context.env.VIGIL_H1_TOKEN;
  const hackerone =
    identifier && token ? release.createHackerOne({ baseUrl: context.env.VIGIL_H1_API_URL || 'https://api.hackerone.com/v1', identifier, token }) : undefined;
  const now = options.now ? new Date(options.now) : new Date();
  const { schedule } = await release.loadSchedule(scheduleFile(context));
  return {
    release,
    releaseContext: {
      paths: { root, folder, file },
      data,
      now,
      outputDir: resolve(context.cwd, options.output ?? folder),
      ...(hackerone ? { hackerone } : {}),
      ...(options.templates ? { templatesDir: resolve(context.cwd, options.templates) } : {}),
      schedule,
    },
  };
}

/** The synced copy of the Node.js release schedule (`vigil release schedule sync`). */
function scheduleFile(context: CommandContext): string {
  return join(cacheDir(context.env), 'release-schedule.json');
}

type ReleaseArea = typeof ReleaseModule;
type Planner = (release: ReleaseArea, context: ReleaseContext) => Promise<StepPlan>;

/**
 * Plan a step, show it, ask, apply. The same shape for every step. With a `proposal`, the files
 * that land in the security-wg checkout go to a branch and pull request instead of the checkout.
 */
async function runStep(context: CommandContext, options: ReleaseOptions, planner: Planner, proposal?: ProposalTarget, directories: string[] = []): Promise<number> {
  const { release, releaseContext: stepContext } = await releaseContext(context, options);
  const planned = await planner(release, stepContext);
  if (!options.dryRun) {
    // A killed earlier run of a step left `.<name>.<pid>-<hex>.tmp` beside the files it was writing;
    // a re-run that has nothing left to write must remove them too (issue #20).
    const { removeStaleTemporariesIn } = await import('../../util/atomic-write.js');
    const places = new Set([stepContext.paths.folder, stepContext.outputDir, ...directories, ...planned.writes.map((write) => dirname(write.path))]);
    for (const dir of places) for (const file of removeStaleTemporariesIn(dir)) context.logger.info(`removed ${file}, left by an interrupted earlier run`);
  }
  const split = proposal && planned.refusals.length === 0 ? release.splitForProposal(planned, proposal) : undefined;
  const plan = split ? split.local : planned;
  if (context.json && (options.dryRun || plan.refusals.length > 0)) {
    context.print(toJson({ step: plan.step, actions: plan.actions, refusals: plan.refusals, issues: plan.issues, writes: plan.writes.map((write) => write.path) }));
    return plan.refusals.length > 0 ? 2 : 0;
  }
  if (split && proposal && !context.config().github.token && !options.dryRun) throw new UsageError('--pull-request needs a GitHub token: set GITHUB_TOKEN (it is never printed or stored)');
  for (const line of plan.actions) context.logger.info(`  ${line}`);
  for (const issue of plan.issues) context.logger.info(`  open issue in ${issue.owner}/${issue.repo}: ${issue.title}`);
  if (plan.refusals.length > 0) {
    const list = plan.refusals.map((line) => `  - ${line}`).join('\n');
    throw new UsageError(`release step ${plan.step} cannot run yet:\n${list}`);
  }
  const record = async (outcome: 'applied' | 'nothing-to-do', written: string[], issues: string[]) => {
    if (!options.record || options.dryRun) return;
    const { recordReleaseStep } = await import('./release-record.js');
    await recordReleaseStep(context, stepContext.paths.file, { step: plan.step, outcome, detail: { actions: plan.actions, written, issues } }, stepContext.data?.releaseDate, stepContext.now);
  };
  if (plan.writes.length === 0 && plan.issues.length === 0 && !('rename' in plan) && !split?.proposed.length) {
    context.logger.info(`${plan.step}: nothing to do`);
    await record('nothing-to-do', [], []);
    return 0;
  }
  if (options.dryRun) return 0;
  if (!(await confirm(`Carry out ${plan.step}?`, { yes: options.yes, alternative: '--dry-run' }))) {
    context.logger.info('nothing written');
    return 0;
  }
  const config = context.config();
  const github = plan.issues.length || split
    ? (await import('../../forge/github/client.js')).createGitHubClient({ baseUrl: config.github.baseUrl, token: config.github.token, onWait: (message) => context.logger.warn(message) })
    : undefined;
  const result = await release.applyPlan(plan, { vulnerabilitiesFile: stepContext.paths.file, roots: [stepContext.paths.root, stepContext.outputDir], ...(github ? { github } : {}) });
  await record('applied', result.written, result.issues.map((issue) => issue.url));
  if (context.json) context.print(toJson(result));
  else {
    for (const path of result.written) context.print(`wrote ${path}`);
    for (const issue of result.issues) context.print(`${issue.action === 'created' ? 'opened' : 'already open'}: ${issue.url}`);
  }
  if (split && proposal && github) {
    const pull = await release.proposeSecurityWgChanges(github, proposal, split, planned.actions);
    context.print(context.json ? toJson({ pullRequest: pull }) : `pull request ${pull.action}: ${pull.url} (${split.proposed.length} file(s) on ${split.branch})`);
  }
  return 0;
}

function stepOptions(command: Command): Command {
  return command
    .option('--root <dir>', 'the security-release repository checkout', '.')
    .option('-y, --yes', 'do not ask before writing (automation)')
    .option('--dry-run', 'show what the step would do, write nothing')
    .option('--output <dir>', 'where announcements and notification texts go (default: the release folder)')
    .option('--now <iso-date>', 'pretend today is this date (rehearsals and tests)')
    .option('--record', 'also keep the step and where the release stands in the store (--db): `vigil release history`');
}

export const releaseCommand: CommandDefinition = {
  name: 'release',
  summary: 'run a security release: vulnerabilities.json steps, announcements, CVEs, security-wg entries, OpenVEX',
  configure(command) {
    command.addHelpText(
      'after',
      `
The release lives in <root>/security-release/next-security-release/vulnerabilities.json, the file
node-core-utils (\`git node security\`) uses, so a team can switch tools mid-release. Every step
shows what it will do and asks first (--yes for automation); re-running a step never duplicates.

Examples:
  vigil release start --root ../security-release
  vigil release add-report 2236399 --lines 20.x,22.x
  vigil release remove-report 2236399
  vigil release sync
  vigil release set-date 2026-12-15
  vigil release set-version 22.x 22.12.1
  vigil release request-cves --dry-run
  vigil release pre-release --dry-run
  vigil release notify --dry-run
  vigil release status
  vigil release post-release --templates ./templates
  vigil release cleanup
  vigil release validate ../security-wg/vuln
  vigil release finalize --vuln-dir ../security-wg/vuln --openvex ../security-wg/node.openvex.json
  vigil release finalize --vuln-dir ../security-wg/vuln --pull-request nodejs/security-wg
  vigil release schedule sync
  vigil release set-date 2026-12-15 --yes --record    keep the step in the store (--db)
  vigil release history --json

HackerOne: VIGIL_H1_IDENTIFIER and VIGIL_H1_TOKEN (VIGIL_H1_API_URL to point elsewhere).`,
    );
    stepOptions(command.command('start').description('create vulnerabilities.json for the next security release'))
      .option('--date <YYYY-MM-DD>', 'the planned release date')
      .action(action(async (context, options: ReleaseOptions & { date?: string }) => runStep(context, options, (release, step) => release.planStart(step, options.date ? { releaseDate: options.date } : {}))));
    stepOptions(command.command('add-report <hackerone-id>').description('add (or refresh) a HackerOne report'))
      .option('--lines <lines>', 'affected release lines, e.g. 20.x,22.x (default: every supported line)')
      .option('--patch-authors <logins>', 'GitHub logins of the patch authors, comma-separated')
      .action(
        action(async (context, id: string, options: ReleaseOptions & { lines?: string; patchAuthors?: string }) =>
          runStep(context, options, async (release, step) =>
            release.planAddReport(step, { id, lines: release.parseLines(options.lines, step.now, step.schedule), ...(options.patchAuthors ? { patchAuthors: options.patchAuthors.split(',').map((login) => login.trim()) } : {}) }),
          ),
        ),
      );
    stepOptions(command.command('remove-report <hackerone-id>').description('remove a report from the release')).action(
      action(async (context, id: string, options: ReleaseOptions) => runStep(context, options, (release, step) => release.planRemoveReport(step, id))),
    );
    stepOptions(command.command('sync').description('refresh every report from HackerOne')).action(action(async (context, options: ReleaseOptions) => runStep(context, options, (release, step) => release.planSync(step))));
    stepOptions(command.command('set-date <date>').description('set the release date (YYYY-MM-DD; not in the past)')).action(
      action(async (context, date: string, options: ReleaseOptions) => runStep(context, options, (release, step) => release.planSetDate(step, date))),
    );
    stepOptions(command.command('set-version <line> <version>').description('record the version that fixes a line, e.g. 22.x 22.12.1')).action(
      action(async (context, line: string, version: string, options: ReleaseOptions) => runStep(context, options, (release, step) => release.planSetVersion(step, line, version))),
    );
    stepOptions(command.command('request-cves').description('request a CVE from HackerOne for every report without one')).action(
      action(async (context, options: ReleaseOptions) => runStep(context, options, (release, step) => release.planRequestCves(step))),
    );
    stepOptions(command.command('pre-release').description('write the pre-release announcement'))
      .option('--templates <dir>', 'a directory with pre-release.md / post-release.md overriding the defaults')
      .action(action(async (context, options: ReleaseOptions) => runStep(context, options, (release, step) => release.planPreRelease(step))));
    stepOptions(command.command('notify').description('open heads-up issues in nodejs/build and nodejs/docker-node; write the mailing-list text')).action(
      action(async (context, options: ReleaseOptions) => runStep(context, options, (release, step) => release.planNotify(step))),
    );
    stepOptions(command.command('post-release').description('write the post-release announcement (every report needs a CVE)'))
      .option('--templates <dir>', 'a directory with pre-release.md / post-release.md overriding the defaults')
      .action(action(async (context, options: ReleaseOptions) => runStep(context, options, (release, step) => release.planPostRelease(step))));
    stepOptions(command.command('finalize').description('write vuln/core entries, regenerate index.json, write OpenVEX statements'))
      .requiredOption('--vuln-dir <dir>', "the security-wg repository's vuln/ directory")
      .option('--openvex <file>', 'OpenVEX file to merge the statements into (default: release.openvex.json in --output)')
      .option('--pull-request <owner/repo>', 'propose the files that belong to the security-wg checkout (the parent of --vuln-dir) on a branch and pull request there, instead of writing them')
      .option('--base <branch>', "with --pull-request: the pull request's base (default: the repository's default branch)")
      .action(
        action(async (context, options: ReleaseOptions & { vulnDir: string; openvex?: string; pullRequest?: string; base?: string }) => {
          const vulnDir = resolve(context.cwd, options.vulnDir);
          let proposal: ProposalTarget | undefined;
          if (options.pullRequest) {
            const [owner, repo, extra] = options.pullRequest.split('/');
            if (!owner || !repo || extra !== undefined) throw new UsageError(`--pull-request expects owner/repo, got "${options.pullRequest}"`);
            proposal = { owner, repo, checkoutRoot: dirname(vulnDir), ...(options.base ? { base: options.base } : {}) };
          }
          const openvexFile = options.openvex ? resolve(context.cwd, options.openvex) : undefined;
          return runStep(context, options, (release, step) => release.planFinalizeStep(step, { vulnDir, ...(openvexFile ? { openvexFile } : {}) }), proposal, [join(vulnDir, 'core'), ...(openvexFile ? [dirname(openvexFile)] : [])]);
        }),
      );
    stepOptions(command.command('cleanup').description('rename the release folder to its date')).action(
      action(async (context, options: ReleaseOptions) => runStep(context, options, async (release, step) => release.planCleanup(step))),
    );
    const schedule = command.command('schedule').description('the Node.js release schedule the steps use (which lines are supported or end-of-life)');
    schedule
      .command('show', { isDefault: true })
      .description('every release line and where it stands today')
      .option('--now <iso-date>', 'pretend today is this date')
      .action(
        action(async (context, options: { now?: string }) => {
          const release = await import('../../release/index.js');
          const { schedule: lines, source } = await release.loadSchedule(scheduleFile(context));
          const day = (options.now ? new Date(options.now) : new Date()).toISOString().slice(0, 10);
          const rows = Object.entries(lines)
            .filter(([key]) => /^v\d+$/.test(key))
            .map(([key, entry]) => ({ line: `${key.slice(1)}.x`, status: release.lineStatus(Number(key.slice(1)), day, lines), end: entry.end, codename: entry.codename ?? '' }))
            .sort((a, b) => Number.parseInt(b.line, 10) - Number.parseInt(a.line, 10));
          if (context.json) context.print(toJson({ source, day, lines: rows }));
          else {
            context.print(renderTable(rows, [
              { header: 'line', value: (row) => row.line },
              { header: 'status', value: (row) => row.status },
              { header: 'end of life', value: (row) => row.end },
              { header: 'codename', value: (row) => row.codename },
            ]));
            context.print(`\nfrom: ${source}`);
          }
          return 0;
        }),
      );
    schedule
      .command('sync')
      .description('fetch nodejs/Release schedule.json into the local cache (the steps use it from then on)')
      .option('--url <url>', 'where to fetch it from', 'https://raw.githubusercontent.com/nodejs/Release/main/schedule.json')
      .action(
        action(async (context, options: { url: string }) => {
          const release = await import('../../release/index.js');
          const { HttpClient } = await import('../../util/http.js');
          const url = new URL(options.url);
          const http = new HttpClient({ baseUrl: url.origin, timeout: context.config().github.timeoutMs, onRetry: ({ waitMs }) => context.logger.warn(`${url.host}: busy, retrying in ${Math.round(waitMs / 1000)} s`) });
          const result = await release.syncSchedule(http, url.href, scheduleFile(context));
          context.print(context.json ? toJson(result) : `${result.changed ? 'wrote' : 'unchanged'}: ${result.file} (${result.lines} release lines)`);
          return 0;
        }),
      );
    command
      .command('status')
      .description('where the release stands, and the next step')
      .option('--root <dir>', 'the security-release repository checkout', '.')
      .action(
        action(async (context, options: ReleaseOptions) => {
          const { release, releaseContext: step } = await releaseContext(context, options);
          const cleanedUp = step.data === null && step.paths.folder !== '' && existsSync(join(step.paths.root, 'security-release')) && !existsSync(step.paths.folder);
          const status = release.releaseStatus(step.data, { cleanedUp });
          if (context.json) context.print(toJson(status));
          else {
            context.print(renderTable(status.milestones, [
              { header: 'step', value: (row) => row.milestone },
              { header: 'done', value: (row) => (row.done ? 'yes' : 'no') },
              { header: 'detail', value: (row) => row.detail },
            ]));
            context.print(status.next ? `\nnext: ${status.next}` : '\nthe release is complete');
          }
          return 0;
        }),
      );
    command
      .command('history')
      .description('the release steps kept in the store with --record, oldest first')
      .option('--release <name>', 'one release (its date, e.g. 2026-12-15, or next-security-release)')
      .action(
        action(async (context, options: { release?: string }) => (await import('./release-record.js')).printReleaseHistory(context, options.release)),
      );
    command
      .command('validate <file-or-vuln-dir>')
      .description('check a vulnerabilities.json or a security-wg vuln/ directory; every problem with its file and JSON path')
      .action(
        action(async (context, path: string) => {
          const { validatePath } = await import('../../release/index.js');
          const problems = await validatePath(resolve(context.cwd, path));
          if (context.json) context.print(toJson(problems));
          else if (problems.length === 0) context.print('no problems found');
          else context.print(problems.map((problem) => `${problem.severity}: ${problem.file} ${problem.path}: ${problem.message}`).join('\n'));
          return problems.some((problem) => problem.severity === 'error') ? 1 : 0;
        }),
      );
  },
};
