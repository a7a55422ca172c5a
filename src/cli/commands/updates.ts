import { existsSync } from 'node:fs';
import { Option } from 'commander';
import { join, resolve } from 'node:path';
import { valid as semverValid } from 'semver';
import { cacheDir } from '../../config/defaults.js';
import { EXIT, InputError, UsageError } from '../../errors.js';
import { action, type CommandContext } from '../context.js';
import { renderTable, toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';
import type { Inventory } from '../../inventory/index.js';
import type { UpdateRow } from '../../updates/index.js';
import type { ProjectUpdatesReport } from '../../updates/projects/index.js';
import { uncheckedLines, updatesExitCode, type ProjectReportOptions } from './updates-projects.js';
import { confirm } from '../confirm.js';
import { reportHostFailures } from '../host-failures.js';

interface UpdatesOptions extends ProjectReportOptions {
  ref?: string;
  lockfiles?: boolean;
  holds?: string;
  cache?: boolean;
  today?: string;
  record?: boolean;
  project?: string;
}

/** The advisory store, when there is one: security relevance is then known, else said to be unchecked. */
async function advisoryLookup(context: CommandContext) {
  const location = context.config().db;
  const { isPostgresUrl, openAdvisoryStore } = await import('../../advisories/index.js');
  if (!isPostgresUrl(location) && !existsSync(location)) {
    context.logger.warn(`no advisory store at ${location}: security fixes are not checked (run \`vigil db sync\` or \`vigil db import\` first)`);
    return undefined;
  }
  return openAdvisoryStore(location, { readonly: true });
}

function statusText(row: UpdateRow): string {
  if (row.status === 'unknown') return `unknown: ${row.unknownReason ?? ''}`;
  if (row.status === 'held') return `held until ${row.hold?.expires}: ${row.hold?.reason}`;
  const hold = row.hold ? (row.hold.expired ? ` (hold expired ${row.hold.expires})` : !row.hold.appliesTo ? ` (hold was for ${row.hold.version})` : '') : '';
  return `${row.status}${hold}`;
}

interface ApplyOptions extends UpdatesOptions {
  root?: string;
  pr?: boolean;
  repo?: string;
  base?: string;
  yes?: boolean;
  mirror?: string;
}

/** Check the requested dependencies against upstream (the same report `vigil updates` prints). */
/** The configured holds file may be absent (nothing held); one named with --holds must exist. */
function requireHolds(root: string, options: { holds?: string }): void {
  const file = options.holds ? resolve(root, options.holds) : undefined;
  if (file && !existsSync(file)) throw new InputError(`${file}: no such holds file`, { file });
}

async function checkFor(context: CommandContext, root: string, options: UpdatesOptions, only?: string[], scanned?: Inventory) {
  const updates = await import('../../updates/index.js');
  const { inventoryPath, vendoredDependencies } = await import('../../inventory/index.js');
  const config = context.config();
  const inventory = scanned ?? (await inventoryPath(root, options.ref ? { ref: options.ref } : {}));
  requireHolds(root, options);
  const holds = updates.readHolds(resolve(root, options.holds ?? config.updates.holdsFile));
  const cache = options.cache === false ? updates.memoryEtagCache() : updates.fileEtagCache(join(cacheDir(context.env), 'updates-etags.json'));
  const lookup = await advisoryLookup(context);
  try {
    const sources = only ? Object.fromEntries(Object.entries(updates.upstreamSources).filter(([id]) => only.includes(id))) : updates.upstreamSources;
    const progress = context.logger.progress('updates');
    progress.update(0, `asking upstream about ${Object.keys(sources).length} vendored dependencies of ${root}`);
    context.logger.debug(`asking ${options.registry ?? config.npm.registry} and ${config.github.baseUrl} for the newest releases of: ${Object.keys(sources).join(', ')}`);
    // The line's own changelog says which majors it took (undici 6.x only on v22): at a --ref, the ref's own.
    const nodeMajor = inventory.node ? Number(inventory.node.version.split('.')[0]) : undefined;
    const history = nodeMajor === undefined ? undefined : options.ref ? await updates.readLineHistoryAt(root, nodeMajor, options.ref) : updates.readLineHistory(root, nodeMajor);
    if (history) context.logger.debug(`read ${history.file}: updates of ${[...history.updates.keys()].join(', ')}`);
    else if (nodeMajor !== undefined && options.ref) {
      context.logger.warn(`${options.ref} has no ${updates.lineChangelog(nodeMajor)}: the line's own update history is not read, so an LTS line keeps the major each npm-published dependency ships`);
    }
    const report = await updates.checkUpdates({
      inventory,
      ...(history ? { history } : {}),
      registry: vendoredDependencies,
      sources,
      policies: updates.linePolicies,
      holds,
      datasources: updates.createDatasources({
        npm: { registry: options.registry ?? config.npm.registry, timeoutMs: config.npm.timeoutMs },
        github: { baseUrl: config.github.baseUrl, token: config.github.token, timeoutMs: config.github.timeoutMs },
        timeoutMs: config.github.timeoutMs,
        cache,
        onRetry: (message) => context.logger.warn(message),
      }),
      lookup,
      today: options.today ?? new Date().toISOString().slice(0, 10),
    });
    await cache.save();
    progress.done(`${report.rows.length} dependencies, ${report.requests} requests`);
    return { report, inventory, registry: vendoredDependencies };
  } finally {
    if (lookup) await lookup.close();
  }
}

export const updatesCommand: CommandDefinition = {
  name: 'updates',
  summary: 'which dependencies are behind upstream (vendored in a Node.js checkout, or a lockfile project), security updates first',
  configure(command) {
    command
      .argument('[path]', 'a Node.js checkout (vendored dependencies) or a project with a lockfile', '.')
      .option('--ref <git-ref>', 'read the tree at a git ref instead of the work tree')
      .option('--lockfiles', "report the lockfile projects' dependencies even in a Node.js checkout")
      .option('--all', 'lockfile projects: also the dependencies of dependencies (like npm outdated --all)')
      .option('--registry <url>', 'npm registry (default: npm.registry in the config, or VIGIL_NPM_REGISTRY)')
      .option('--concurrency <n>', 'lockfile projects: registry requests in flight at once', '8')
      .option('--node <version>', "lockfile projects: check packages' engines.node against this Node.js version, as npm does with the running one (`none`: ignore engines)")
      .option('--holds <file>', 'holds file (default: updates.holdsFile in the config, relative to the path)')
      .addOption(new Option('--fail-on <what>', 'for CI: exit 1 when a dependency is behind (outdated) or has a security update (security)').choices(['outdated', 'security', 'none']).default('none'))
      .option('--no-cache', 'do not use or keep ETags between runs')
      .option('--today <YYYY-MM-DD>', 'pretend today is this day (ages and hold expiry)')
      .option('--record', 'keep these checks in the store (--db), beside the workers\' check-upstream jobs; a lockfile project\'s checks are one snapshot')
      .option('--project <owner/name>', 'with --record: the project the checks are about (default for a Node.js checkout: nodejs/node; needed for a lockfile project)')
      .addHelpText(
        'after',
        `
In a Node.js checkout: every vendored dependency under deps/ against its upstream. Elsewhere (or
with --lockfiles): every direct dependency of every lockfile (package-lock, yarn, pnpm, bun) with
current, wanted (newest within the package.json range, as npm picks it), latest (the latest
dist-tag), whether latest leaves the range, age, and the advisories wanted and latest fix.

Upstreams: the npm registry (npm.registry), GitHub releases and tags (github.baseUrl, GITHUB_TOKEN),
git ls-remote, and a web page with a pattern (SQLite). ETags are kept in the cache directory, so a
run where nothing changed costs one 304 per dependency. An upstream that fails is reported as
unknown with the reason; the other dependencies go on.

Examples:
  vigil updates ../node
  vigil updates ../node --ref v20.x --json
  vigil updates ../node --holds .vigil/holds.yaml
  vigil updates ../node --record --db postgres://vigil@db/vigil
  vigil updates ../my-app --json
  vigil updates ../my-app --record --project acme/my-app
  vigil updates ../my-app --all --registry https://npm.example.org
  vigil updates apply acorn undici --root ../node             # the plan; add --yes to apply
  vigil updates apply acorn --root ../node --yes --pr --repo me/node`,
      )
      .action(
        action(async (context, path: string, options: UpdatesOptions) => {
          const root = resolve(context.cwd, path);
          requireHolds(root, options);
          // A holds file that is a folder, binary or bad YAML is exit 2 before any registry is asked (issue #17).
          if (options.holds) (await import('../../updates/index.js')).readHolds(resolve(root, options.holds));
          if (options.node !== undefined && options.node !== 'none' && semverValid(options.node) === null) throw new UsageError(`--node ${JSON.stringify(options.node)}: expected a Node.js version such as 20.11.1, or none`);
          if (options.concurrency !== undefined && !/^[1-9]\d{0,2}$/.test(options.concurrency)) throw new UsageError(`--concurrency ${JSON.stringify(options.concurrency)}: expected a whole number from 1 to 999`);
          const { inventoryPath } = await import('../../inventory/index.js');
          const inventory = await inventoryPath(root, options.ref ? { ref: options.ref } : {});
          if (options.project !== undefined && !options.record) throw new UsageError('--project names what --record records: add --record');
          const { recordProject, checksFromReport, recordUpdateChecks } = await import('./updates-record.js');
          if (inventory.node === null || options.lockfiles) {
            // Asked before the registry is: a missing --project is a usage error, not a wasted run.
            const project = options.record ? recordProject(options.project, false) : undefined;
            const lookup = await advisoryLookup(context);
            try {
              const { lockfileChecks, recordLockfileUpdateChecks } = await import('./updates-record.js');
              const record = project ? (report: ProjectUpdatesReport) => recordLockfileUpdateChecks(context, project, lockfileChecks(project, report, new Date().toISOString(), options.ref)) : undefined;
              return await (await import('./updates-projects.js')).projectUpdates(context, root, inventory, options, lookup, record);
            } finally {
              if (lookup) await lookup.close();
            }
          }
          const project = options.record ? recordProject(options.project, true) : undefined;
          const { report } = await checkFor(context, root, options, undefined, inventory);
          if (project) {
            const checkedAt = new Date().toISOString();
            await recordUpdateChecks(context, project, checkedAt, checksFromReport(project, report, checkedAt, options.ref));
          }
          {
            const exitRows = report.rows.map((row) => ({ behind: row.status === 'behind', fixes: row.fixes.length, securityChecked: row.securityChecked }));
            if (context.json) {
              context.print(toJson(report));
              return Math.max(updatesExitCode(context, options.failOn, exitRows), reportHostFailures(context, 'the update report'));
            }
            context.print(
              renderTable(report.rows, [
                { header: 'dependency', value: (row) => row.id },
                { header: 'current', value: (row) => row.current ?? '?' },
                { header: 'allowed', value: (row) => row.allowed ?? '?' },
                { header: 'newest', value: (row) => row.newest ?? '?' },
                { header: 'behind', value: (row) => String(row.behindBy), align: 'right' },
                { header: 'age', value: (row) => (row.ageDays === null ? '' : `${row.ageDays} d`), align: 'right' },
                { header: 'fixes', value: (row) => (row.securityChecked ? row.fixes.map((fix) => fix.aliases.find((alias) => alias.startsWith('CVE-')) ?? fix.id).join(' ') : 'not checked') },
                { header: 'status', value: statusText },
              ]),
            );
            const policies = report.rows.filter((row) => row.policy && row.newest !== row.allowed && row.status !== 'unknown');
            if (policies.length) context.print(['', 'release-line policies:', ...policies.map((row) => `  ${row.id}: ${row.policy!.reason}`)].join('\n'));
            // Say what could not be checked: "3 behind" over 30 rows reads as "27 fine" otherwise.
            const unknown = report.rows.filter((row) => row.status === 'unknown').length;
            const unsecured = report.rows.filter((row) => !row.securityChecked).length;
            context.print(`\n${report.rows.length} dependencies, Node ${report.node ?? '(not a Node.js checkout)'}: ${report.rows.filter((row) => row.status === 'behind').length} behind, ${unknown} could not be checked upstream, ${unsecured} not checked for advisories; ${report.requests} upstream requests, ${report.notModified} answered 304 Not Modified`);
            for (const line of uncheckedLines(report.rows, (row) => row.id)) context.print(line);
            return Math.max(updatesExitCode(context, options.failOn, exitRows), reportHostFailures(context, 'the update report'));
          }
        }),
      );
    command
      .command('apply <dep...>')
      .description('update vendored dependencies in a local clone from their npm tarball or release archive: verified download, safe unpack, version header, one commit and branch each (dry run unless --yes)')
      .option('--root <path>', 'the Node.js clone', '.')
      .option('--registry <url>', 'npm registry (default: npm.registry in the config, or VIGIL_NPM_REGISTRY)')
      .option('--pr', 'also open (or update) one pull request per dependency')
      .option('--repo <owner/name>', 'where the pull requests go', 'nodejs/node')
      .option('--base <branch>', "the pull requests' base branch (default: the repository's default branch)")
      .option('--holds <file>', 'holds file (default: updates.holdsFile in the config)')
      .option('--no-cache', 'do not use or keep ETags between runs')
      .option('--mirror <url>', 'download release archives from this host instead of https://github.com (raw files from <url>/raw)')
      .option('-y, --yes', 'apply without asking (automation); without it, show the plan only')
      .addHelpText(
        'after',
        `
npm packages come from the registry with their integrity hash checked. Release archives (c-ares,
nghttp2, llhttp, ada, simdutf, uvwasi, brotli) come from the URL in src/updates/knowledge/archives.ts,
checked against the checksum file upstream publishes next to them (nghttp2's checksums.txt);
where upstream publishes none, the sha256 is shown in the PR body. Node's own files in the
directory (gyp/GN files, config) are kept as its updater scripts keep them.

Examples:
  vigil updates apply c-ares nghttp2 --root ../node            # dry run: what would change
  vigil updates apply acorn llhttp --root ../node --yes --pr --repo nodejs/node`,
      )
      .action(
        action(async (context, ids: string[], own: ApplyOptions) => {
          // `updates apply undici --holds h.yaml`: commander gives an option both commands declare
          // to `updates`, so apply never saw --holds, --registry or --no-cache (issue #17).
          const parent = command.opts<UpdatesOptions>();
          const options: ApplyOptions = { ...own, holds: own.holds ?? parent.holds, registry: own.registry ?? parent.registry, cache: own.cache !== false && parent.cache !== false };
          const root = resolve(context.cwd, options.root ?? '.');
          // A killed earlier run may have left a dependency moved aside (deps/x.vigil-old): put it back first (#20).
          const { recoverInterruptedApply, recoverInterruptedBranch, removeStaleApplyTemporaries } = await import('../../updates/index.js');
          const interrupted = await recoverInterruptedApply(root, { dryRun: !options.yes });
          // …or the clone on the update branch, its edits uncommitted or committed: back to where it started (#20).
          const branch = await recoverInterruptedBranch(root, { dryRun: !options.yes });
          if (branch) {
            const commit = branch.committed ? `with its commit ${branch.branchCommit?.slice(0, 10) ?? ''}` : 'nothing committed on it';
            context.logger.warn(
              options.yes
                ? `an interrupted earlier \`updates apply\` (pid ${branch.pid}) had left ${root} on ${branch.leftOn} (${branch.branch}: ${commit}); ${branch.base} is checked out again, its unfinished edits dropped, and ${branch.branch} is made again from ${branch.base}`
                : `an interrupted earlier \`updates apply\` (pid ${branch.pid}) left ${root} on ${branch.leftOn} (${branch.branch}: ${commit}); --yes checks out ${branch.base} again first and makes ${branch.branch} again`,
            );
          }
          if (options.yes) await removeStaleApplyTemporaries();
          for (const dir of interrupted) context.logger.warn(options.yes ? `${dir}: an interrupted earlier \`updates apply\` left it half replaced; the old directory was put back` : `${dir}: an interrupted earlier \`updates apply\` left it half replaced (${dir}.vigil-old); --yes puts it back first`);
          const { report, inventory, registry } = await checkFor(context, root, options, ids);
          const { planApply, applyUpdate, assertClean, proposeUpdate, pullRequestBody, GITHUB_HOSTS } = await import('../../updates/index.js');
          const mirror = options.mirror?.replace(/\/+$/, '');
          const plans = planApply(report, inventory, registry, ids, mirror ? { hosts: { github: mirror, raw: `${mirror}/raw` } } : { hosts: GITHUB_HOSTS });
          const source = (plan: (typeof plans)[number]) =>
            plan.archive ? ` from ${plan.archive.url} (${plan.archive.checksumUrl ? `checked against ${plan.archive.checksumUrl}` : 'no published checksum'}${plan.archive.keep.length ? `; keeps ${plan.archive.keep.join(', ')}` : ''})` : '';
          const lines = plans.map((plan) => (plan.skipReason ? `${plan.id}: skipped — ${plan.skipReason}` : `${plan.id}: ${plan.from} → ${plan.to}, replace ${plan.directory}${source(plan)}${plan.header ? `, bump ${plan.header}` : ''}, commit "${plan.title}" on ${plan.branch}${options.pr ? `, PR in ${options.repo}` : ''}`));
          const runnable = plans.filter((plan) => !plan.skipReason);
          // Asking upstream failed for a requested dependency: say so on stderr and exit 2, never 0 (#20).
          const upstreamFailed = plans.filter((plan) => plan.upstreamFailed);
          if (!options.yes) {
            context.print(context.json ? toJson({ dryRun: true, plans }) : [...lines, '', runnable.length ? 'dry run: nothing written (apply with --yes)' : 'nothing to apply'].join('\n'));
            for (const plan of upstreamFailed) context.logger.warn(`${plan.id}: ${plan.skipReason ?? ''}`);
            return upstreamFailed.length ? EXIT.input : 0;
          }
          if (!(await confirm(`apply ${runnable.length} update(s) in ${root}?`, { yes: options.yes }))) return 0;
          const [owner, repo] = (options.repo ?? 'nodejs/node').split('/');
          if (!owner || !repo) throw new UsageError(`--repo ${JSON.stringify(options.repo)}: expected owner/name`);
          const client = options.pr
            ? (await import('../../forge/index.js')).createGitHubClient({ baseUrl: context.config().github.baseUrl, token: context.config().github.token, onWait: (message) => context.logger.warn(message) })
            : undefined;
          if (runnable.length) await assertClean(root);
          const results = [];
          const failed: { id: string; error: string }[] = [];
          for (const plan of runnable) {
            let applied;
            try {
              applied = await applyUpdate(root, plan, { timeoutMs: plan.kind === 'npm' ? context.config().npm.timeoutMs : context.config().github.timeoutMs });
            } catch (error) {
              // A bad download (hash mismatch, truncated or hostile archive) wrote nothing: the other dependencies go on.
              if (!(error instanceof InputError)) throw error;
              failed.push({ id: plan.id, error: error.message });
              context.logger.warn(`${plan.id}: ${error.message}`);
              continue;
            }
            const proposal = client ? await proposeUpdate(client, root, applied, plan, { owner, repo, ...(options.base ? { base: options.base } : {}) }, pullRequestBody(plan, applied.verification)) : undefined;
            results.push({ ...applied, ...(proposal ? { pullRequest: proposal } : {}) });
            if (!context.json) context.print(`${plan.id}: committed ${applied.commit.slice(0, 10)} on ${applied.branch} (${applied.files.length} files${applied.verification ? `; ${applied.verification}` : ''})${proposal ? `; PR ${proposal.action}: ${proposal.url}` : ''}`);
          }
          if (context.json) context.print(toJson({ dryRun: false, plans, results, failed }));
          for (const line of lines.filter((line) => line.includes('skipped'))) context.logger.warn(line);
          return failed.length || upstreamFailed.length ? EXIT.input : 0;
        }),
      );
  },
};
