import { reportHostFailures } from '../host-failures.js';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { action, type CommandContext } from '../context.js';
import { colorDiff, renderTable, toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';
import type { ActionResolver, FixId, ImageResolver } from '../../harden/index.js';
import type * as HardenModule from '../../harden/index.js';
import { readInputTextSync } from '../../util/read-input.js';

interface HardenOptions {
  apply?: boolean;
  pr?: boolean;
  only?: string;
  lock?: string;
  resolver?: string;
  repo?: string;
  base?: string;
  branch?: string;
  yes?: boolean;
  writeLock?: string;
}

const FIXES: FixId[] = ['pin', 'docker', 'permissions', 'update-tool'];
const RESOLVERS = ['api', 'ls-remote', 'lock'];

function parseOnly(only: string | undefined): FixId[] {
  if (only === undefined) return FIXES;
  const ids = only.split(',').map((id) => id.trim());
  for (const id of ids) if (!FIXES.includes(id as FixId)) throw new UsageError(`--only takes ${FIXES.join(', ')}; ${JSON.stringify(id)} is not one`);
  return ids as FixId[];
}

/** The repository a pull request goes to: --repo, or the origin remote when it is on the configured GitHub. */
async function prTarget(harden: Pick<typeof HardenModule, 'originRemote' | 'parseGitHubRemote'>, root: string, options: HardenOptions, hasToken: boolean, baseUrl: string): Promise<{ owner: string; repo: string }> {
  if (!hasToken) throw new UsageError('--pr needs a GitHub token (GITHUB_TOKEN or the config file)');
  let [owner, repo] = (options.repo ?? '').split('/');
  if (!options.repo) {
    const url = await harden.originRemote(root);
    const host = new URL(baseUrl).host.replace(/^api\./, '');
    const found = url === null ? null : harden.parseGitHubRemote(url, host === '' ? 'github.com' : host);
    if (found === null) throw new UsageError(`--pr: ${url === null ? 'the checkout has no origin remote' : `origin (${url}) is not a repository on ${host}`}; give --repo owner/name`);
    [owner, repo] = [found.owner, found.repo];
  }
  if (!owner || !repo) throw new UsageError('--pr needs --repo owner/name');
  if (!options.yes) throw new UsageError(`--pr would push branch ${options.branch ?? 'vigil/harden'} to ${owner}/${repo} and open a pull request; add --yes to do it`);
  return { owner, repo };
}

async function run(context: CommandContext, target: string | undefined, options: HardenOptions): Promise<number> {
  const harden = await import('../../harden/index.js');
  const root = resolve(context.cwd, target ?? '.');
  const fixes = parseOnly(options.only);
  const config = context.config();
  const resolverKind = options.resolver ?? (options.lock ? 'lock' : config.github.token ? 'api' : 'ls-remote');
  if (!RESOLVERS.includes(resolverKind)) throw new UsageError(`--resolver must be one of ${RESOLVERS.join(', ')}`);
  if (resolverKind === 'lock' && !options.lock) throw new UsageError('--resolver lock needs --lock <file>');

  let actions: ActionResolver | null = null;
  let images: ImageResolver | null = null;
  if (options.lock) {
    const file = resolve(context.cwd, options.lock);
    const lock = harden.parsePinLock(readInputTextSync(file, { kind: 'config' }), file);
    actions = lock;
    images = lock;
  }
  const { createGitHubClient } = await import('../../forge/index.js');
  const client = config.github.token
    ? createGitHubClient({ baseUrl: config.github.baseUrl, token: config.github.token, timeoutMs: config.github.timeoutMs, onWait: (message) => context.logger.warn(message) })
    : null;
  if (resolverKind === 'api') {
    if (client === null) throw new UsageError('--resolver api needs a GitHub token (GITHUB_TOKEN or the config file)');
    actions = harden.githubActionResolver(client);
  } else if (resolverKind === 'ls-remote') actions = harden.lsRemoteActionResolver();
  if (resolverKind !== 'lock') images = harden.registryImageResolver({ timeout: config.github.timeoutMs });

  // Where --pr would go is settled before any work, so a missing token or a checkout that is
  // not on GitHub stops the run at once instead of after the whole diff.
  const pr = options.pr ? await prTarget(harden, root, options, client !== null, config.github.baseUrl) : null;
  const recorded = harden.recordingResolvers(actions, images);
  const plan = await harden.planHarden(await harden.directoryInput(root), { fixes, actions: recorded.actions, images: recorded.images, knowledge: harden.loadKnowledge() });
  if (options.writeLock) {
    const { writeFileAtomic } = await import('../../util/atomic-write.js');
    const file = resolve(context.cwd, options.writeLock);
    await writeFileAtomic(file, harden.formatPinLock(recorded.recording.actions, recorded.recording.images));
    context.logger.info(`pins written to ${file}`);
  }
  if (context.json) context.print(toJson({ root: plan.root, files: plan.files.map(({ path, changes }) => ({ path, changes })), skipped: plan.skipped }));
  else {
    const diff = harden.planDiff(plan);
    if (diff !== '') context.print(colorDiff(diff, context.color));
    if (plan.skipped.length > 0) {
      context.logger.info(
        renderTable(plan.skipped, [
          { header: 'LEFT AS IT WAS', value: (skip) => `${skip.path}${skip.line ? `:${skip.line}` : ''}` },
          { header: 'FIX', value: (skip) => skip.fix },
          { header: 'WHY', value: (skip) => skip.reason },
        ]),
      );
    }
    context.logger.info(`${plan.files.length} file(s) to change, ${plan.skipped.length} finding(s) left with a reason${options.apply || options.pr ? '' : ' (dry run: --apply writes, --pr proposes)'}`);
  }
  const incomplete = reportHostFailures(context, 'the hardening plan');
  if (options.apply) {
    const removed = harden.removeStaleWrites(plan);
    if (removed.length > 0) context.logger.info(`removed ${removed.length} temporary file(s) an interrupted earlier run left: ${removed.join(', ')}`);
  }
  if (plan.files.length === 0) return incomplete;
  if (options.apply) {
    const written = await harden.writePlan(plan);
    context.logger.info(`wrote ${written.join(', ')}`);
  }
  if (pr && client !== null) {
    const { owner, repo } = pr;
    const result = await harden.proposePlan(client, plan, { owner, repo, ...(options.branch ? { branch: options.branch } : {}), ...(options.base ? { base: options.base } : {}) });
    context.logger.info(`pull request ${result.action}: ${result.url}`);
  }
  return incomplete;
}

export const hardenCommand: CommandDefinition = {
  name: 'harden',
  summary: 'fix what Scorecard finds: pin actions and images, least-privilege tokens, Dependabot',
  configure(command: Command) {
    command
      .argument('[path]', 'the checkout to harden', '.')
      .option('--apply', 'write the changes (default: print a unified diff)')
      .option('--pr', 'commit the changes on a branch and open or update a pull request')
      .option('--only <fixes>', `comma-separated: ${FIXES.join(',')}`)
      .option('--lock <file>', 'offline pin file: `action owner/repo@ref <sha> [version]`, `image <ref> <digest>` lines')
      .option('--resolver <kind>', 'how action refs become SHAs: api (token), ls-remote, lock')
      .option('--repo <owner/name>', 'the GitHub repository for --pr (default: from the origin remote)')
      .option('--write-lock <file>', 'record every resolved ref in a pin file, for later offline runs')
      .option('--base <branch>', 'the pull request base (default: the repository default branch)')
      .option('--branch <name>', 'the branch Vigil owns for the change', 'vigil/harden')
      .option('-y, --yes', 'do not ask before pushing (automation)')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  vigil harden                                  dry run: the diff of every fix',
          '  vigil harden --only pin,permissions --apply   write only those fixes',
          '  vigil harden --lock pins.lock --apply         air-gapped: SHAs from a pin file',
          '  vigil harden --pr --repo nodejs/node --yes    propose it as a pull request',
        ].join('\n'),
      )
      .action(action(async (context, target: string | undefined, options: HardenOptions) => run(context, target, options)));
  },
};
