import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git, proposeChange, type GitHubClient, type ProposalResult } from '../../forge/index.js';
import { InputError, UsageError } from '../../errors.js';
import { assertInside, writeFileAtomic } from '../../util/atomic-write.js';
import type { ApplyPlan } from './plan.js';
import { bumpVersionHeader, interruptedReplaces, recoverInterruptedReplace, replaceDirectory } from './replace.js';
import { relative } from 'node:path';
import { downloadTarball, unpackNpmTarball } from './tarball.js';

/** What one applied update left in the clone. */
export interface ApplyResult {
  id: string;
  branch: string;
  commit: string;
  /** Files the commit touches, with git's status letter (A, M, D). */
  files: { status: string; path: string }[];
  /** How the download was checked (archives: the sha256 and what it was compared with), for the PR body. */
  verification?: string;
}

/**
 * Before anything else: put back what a killed earlier run left half swapped (the old directory
 * moved aside), so the work tree is whole again and the update can run (issue #20).
 */
export async function recoverDirectory(root: string, plan: ApplyPlan): Promise<void> {
  const target = join(root, plan.directory);
  assertInside(root, target);
  const outcome = await recoverInterruptedReplace(target);
  if (outcome === 'restored') process.stderr.write(`note: ${plan.directory}: an interrupted earlier run had moved it to ${plan.directory}.vigil-old; it was put back\n`);
}

/**
 * Recover every directory of `root` a killed `updates apply` left half swapped, before the
 * checkout is inventoried (a missing dependency directory would be planned wrong). Answers the
 * repository-relative directories that were found; with `dryRun`, nothing is changed.
 */
export async function recoverInterruptedApply(root: string, options: { dryRun?: boolean } = {}): Promise<string[]> {
  const targets = await interruptedReplaces(root);
  for (const target of targets) {
    assertInside(root, target);
    if (!options.dryRun) await recoverInterruptedReplace(target);
  }
  return targets.map((target) => relative(root, target));
}

/** Refuse to touch a work tree with uncommitted changes: an update must be its own commit. */
export async function assertClean(root: string): Promise<void> {
  const status = (await git(root, ['status', '--porcelain', '--untracked-files=normal'])).trim();
  if (status !== '') throw new UsageError(`${root} has uncommitted changes; commit or stash them before applying updates:\n${status.split('\n').slice(0, 10).join('\n')}`);
}

/**
 * Apply one planned npm update in a local clone: download and verify the tarball first (nothing
 * is touched when the hash does not match), then on branch `actions/tools-update-<dep>` (made
 * from the current HEAD) replace the package directory, point `src/<dep>_version.h` at the new
 * version, and commit `deps: update <dep> to <version>`. The original branch is checked out again.
 */
export async function applyNpmUpdate(root: string, plan: ApplyPlan, options: { timeoutMs: number }): Promise<ApplyResult> {
  if (plan.skipReason || !plan.tarball || !plan.to || !plan.from) throw new InputError(`${plan.id}: ${plan.skipReason ?? 'nothing to apply'}`);
  await recoverDirectory(root, plan);
  await assertClean(root);
  const data = await downloadTarball(plan.tarball, options);
  const unpacked = await unpackNpmTarball(data);
  try {
    const text = await readFile(join(unpacked.dir, 'package.json'), 'utf8').catch(() => undefined);
    let manifest: { version?: unknown } | undefined;
    try {
      manifest = text === undefined ? undefined : (JSON.parse(text) as { version?: unknown });
    } catch {
      manifest = undefined;
    }
    if (!manifest || manifest.version !== plan.to) throw new InputError(`${plan.tarball.url}: ${manifest ? `its package.json says version ${String(manifest.version)}` : 'it has no readable package.json'}, expected ${plan.to}; nothing was written`);
    return await commitUpdate(root, plan, unpacked.dir);
  } finally {
    await unpacked.dispose();
  }
}

/**
 * On branch `actions/tools-update-<dep>` (made from the current HEAD): replace the directory with
 * `staged`, point Node's `src/<dep>_version.h` at the new version, and commit
 * `deps: update <dep> to <version>`. The original branch is checked out again, whatever happens.
 */
export async function commitUpdate(root: string, plan: ApplyPlan, staged: string): Promise<ApplyResult> {
  if (!plan.to || !plan.from) throw new InputError(`${plan.id}: nothing to apply`);
  // The dependency's directory and version header may not lead out of the checkout through a symlink.
  assertInside(root, join(root, plan.directory));
  if (plan.header) assertInside(root, join(root, plan.header));
  const base = (await git(root, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
  const baseCommit = (await git(root, ['rev-parse', 'HEAD'])).trim();
  await git(root, ['checkout', '-q', '-B', plan.branch, baseCommit]);
  try {
    await replaceDirectory(join(root, plan.directory), staged);
    const paths = [plan.directory];
    if (plan.header) {
      const headerPath = join(root, plan.header);
      const bumped = bumpVersionHeader(await readFile(headerPath, 'utf8'), plan.from, plan.to);
      if (bumped.changed) {
        await writeFileAtomic(headerPath, bumped.text, { root });
        paths.push(plan.header);
      }
    }
    await git(root, ['add', '-A', '--', ...paths]);
    await git(root, ['-c', 'user.name=vigil', '-c', 'user.email=vigil@localhost', 'commit', '-q', '-m', plan.title]);
    const commit = (await git(root, ['rev-parse', 'HEAD'])).trim();
    const files = (await git(root, ['diff', '--name-status', '--no-renames', baseCommit, commit]))
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [status, path] = line.split('\t');
        return { status: status ?? '', path: path ?? '' };
      });
    return { id: plan.id, branch: plan.branch, commit, files };
  } finally {
    await git(root, ['checkout', '-q', '-f', base === 'HEAD' ? baseCommit : base]);
  }
}

/**
 * Open (or update in place) the pull request for an applied update: the commit's files on the
 * same branch name in the GitHub repository, title `deps: update <dep> to <version>`.
 */
export async function proposeUpdate(client: GitHubClient, root: string, applied: ApplyResult, plan: ApplyPlan, target: { owner: string; repo: string; base?: string }, body: string): Promise<ProposalResult> {
  const files = await Promise.all(
    applied.files.map(async (file) => ({ path: file.path, content: file.status === 'D' ? null : await git(root, ['cat-file', 'blob', `${applied.commit}:${file.path}`]) })),
  );
  return proposeChange(client, { owner: target.owner, repo: target.repo, ...(target.base ? { base: target.base } : {}), branch: plan.branch, title: plan.title, body, commitMessage: plan.title, files });
}
