import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { git } from '../../forge/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { processAlive } from '../../util/process-alive.js';

/**
 * What a killed `updates apply` (kill -9, power loss) leaves besides a half-swapped directory
 * (issue #20): the clone checked out on the update branch with the new files uncommitted, or
 * committed but not switched back; and its unpacked archives in the temporary directory. The run
 * records what it is doing in `<git dir>/vigil-apply.json` before it switches branch, and names
 * its temporary directories after its pid, so the next run can undo the first and remove the
 * second.
 */
interface InFlight {
  pid: number;
  /** The branch (or, detached, the commit) to return to. */
  base: string;
  baseCommit: string;
  branch: string;
  /** Repository-relative paths the update writes (the dependency directory, its version header). */
  paths: string[];
}

async function markerFile(root: string): Promise<string> {
  return join((await git(root, ['rev-parse', '--absolute-git-dir'])).trim(), 'vigil-apply.json');
}

/** Before switching to the update branch: what to undo if this process dies. */
export async function recordInFlight(root: string, state: Omit<InFlight, 'pid'>): Promise<void> {
  await writeFileAtomic(await markerFile(root), `${JSON.stringify({ pid: process.pid, ...state }, null, 2)}\n`, { root: false });
}

/** After switching back: nothing left to undo. */
export async function clearInFlight(root: string): Promise<void> {
  await rm(await markerFile(root), { force: true });
}

/** What recovery found (and, unless a dry run, undid) of a killed run's branch switch. */
export interface InterruptedBranch {
  pid: number;
  base: string;
  branch: string;
  /** What the clone had checked out when the run died: the update branch, or already the base again. */
  leftOn: string;
  /** Where the update branch points now: its commit, and whether the killed run had committed. */
  branchCommit: string | undefined;
  committed: boolean;
}

/**
 * Undo a killed run's branch switch: check out the branch it started from again (its edits on the
 * update branch are dropped: the tree was clean when it began, so they were all its own) and
 * remove the untracked files it had written under the paths it was updating. The update branch
 * itself is left where it is; the next apply makes it again from the base (`checkout -B`), so the
 * name is reused, never suffixed. A run that is still alive is not touched: that is exit 2.
 */
export async function recoverInterruptedBranch(root: string, options: { dryRun?: boolean } = {}): Promise<InterruptedBranch | undefined> {
  const file = await markerFile(root).catch(() => undefined);
  if (!file) return undefined;
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let state: InFlight;
  try {
    state = JSON.parse(text) as InFlight;
    if (typeof state.pid !== 'number' || typeof state.base !== 'string' || typeof state.baseCommit !== 'string' || typeof state.branch !== 'string' || !Array.isArray(state.paths)) throw new Error('wrong shape');
  } catch {
    // Not ours to trust (hand-edited, or cut by a crash of the atomic write's rename): drop it.
    if (!options.dryRun) await rm(file, { force: true });
    return undefined;
  }
  if (state.pid !== process.pid && processAlive(state.pid)) {
    throw new UsageError(`another \`vigil updates apply\` (pid ${state.pid}) is working in ${root}; wait for it to finish (or, if that process is not Vigil, remove ${file})`, { file });
  }
  const branchCommit = (await git(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${state.branch}`]).catch(() => '')).trim() || undefined;
  const leftOn = (await git(root, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
  const found: InterruptedBranch = { pid: state.pid, base: state.base, branch: state.branch, leftOn, branchCommit, committed: branchCommit !== undefined && branchCommit !== state.baseCommit };
  if (options.dryRun) return found;
  await git(root, ['checkout', '-q', '-f', state.base]);
  const paths = state.paths.filter((path) => path !== '' && !path.startsWith('/') && !path.split('/').includes('..'));
  if (paths.length) await git(root, ['clean', '-q', '-f', '-d', '--', ...paths]);
  await rm(file, { force: true });
  return found;
}

const PREFIX = 'vigil-apply-';

/** A temporary directory for one apply's download or staging, named after this process. */
export function applyTemporaryDirectory(purpose: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-${purpose}-`));
}

/** Remove the temporary directories of `updates apply` runs that are gone (killed); answers how many. */
export async function removeStaleApplyTemporaries(): Promise<number> {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const pid = Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1] ?? Number.NaN);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    // Another user's directory, or removed by a concurrent run: not ours to worry about.
    await rm(join(tmpdir(), name), { recursive: true, force: true }).then(() => removed++, () => undefined);
  }
  return removed;
}
