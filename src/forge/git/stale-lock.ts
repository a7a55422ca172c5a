import { readdirSync, readFileSync, readlinkSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

/**
 * A git process killed mid-operation (`kill -9` of Vigil during `updates apply`, `harden --pr`, a
 * release step) leaves its lock file (`.git/index.lock`, `HEAD.lock`, `refs/heads/<b>.lock`…)
 * and every later git command in that repository fails with "Unable to create '…lock': File
 * exists". Git itself never removes such a file: a lock holds no pid, so git cannot tell a dead
 * holder from a live one and asks the user to "make sure all processes are terminated" first.
 * Vigil makes that check itself, as `fuser`/`lsof` would, and removes the lock only when it is sure:
 *
 * - the lock is older than this Vigil process (a lock made after we started belongs to someone
 *   running now);
 * - no process on this machine has the lock file open (/proc/<pid>/fd), which is how a live git
 *   holds it while it writes;
 * - no git process runs in this repository (/proc/<pid>/comm and cwd): `git commit -a` closes the
 *   lock while its editor or hooks run, so an open file alone would miss it;
 * - every git process's working directory could be read (another user's is not: then nothing
 *   is known, and nothing is removed).
 *
 * Removing the lock of a dead holder loses only that holder's unfinished write: git writes the new
 * index or ref into the lock and renames it over the old one, so the old file is whole. Without
 * /proc (macOS, Windows) nothing can be known: Vigil refuses (exit 2) and names the file.
 */

/** The lock a failed git command names in its message (LC_ALL=C, safety.ts). */
export function lockInMessage(stderr: string): string | null {
  return /Unable to create '([^']+\.lock)': File exists/.exec(stderr)?.[1] ?? null;
}

export type LockVerdict = { stale: true } | { stale: false; reason: string };

/** When this process started, in ms since the epoch. */
const startedAt = (): number => Date.now() - process.uptime() * 1000;

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Every process of this machine, with what /proc lets us read of it. */
function processes(): { pid: number; ppid: number; comm: string; cwd: string | null; fds: string[] | null }[] {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let comm = '';
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue; // exited meanwhile
    }
    let ppid = 0;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // A zombie (exited, not yet reaped by its parent) holds no file and has no working directory.
      if (state === 'Z' || state === 'X') continue;
      ppid = Number(parent);
    } catch {
      continue;
    }
    let cwd: string | null = null;
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // exited meanwhile
      cwd = null;
    }
    let fds: string[] | null = null;
    try {
      fds = readdirSync(`/proc/${pid}/fd`).map((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return '';
        }
      });
    } catch {
      fds = null;
    }
    found.push({ pid, ppid, comm, cwd, fds });
  }
  return found;
}

/**
 * Whether the lock at `lockPath` of the repository whose work tree or git directory is `roots`
 * may be removed. Only a `.lock` file inside one of `roots` is ever considered.
 */
export function judgeLock(lockPath: string, roots: string[], now = startedAt()): LockVerdict {
  let lock: string;
  try {
    lock = realpathSync(lockPath);
  } catch {
    return { stale: false, reason: 'it is gone already' };
  }
  const realRoots = roots.map((root) => realpathSync(root));
  if (!lock.endsWith('.lock') || !realRoots.some((root) => inside(root, lock))) return { stale: false, reason: 'it is not a lock of this repository' };
  const stat = statSync(lock);
  if (!stat.isFile()) return { stale: false, reason: 'it is not a regular file' };
  if (stat.mtimeMs >= now) return { stale: false, reason: 'it was made after this run started: another git process is running' };
  let all;
  try {
    all = processes();
  } catch {
    return { stale: false, reason: 'this system does not let Vigil see which processes hold it (no /proc)' };
  }
  for (const proc of all) {
    if (proc.fds?.some((target) => target === lock || target === `${lock} (deleted)`)) return { stale: false, reason: `process ${proc.pid} (${proc.comm}) holds it open` };
    // This run's own git children (a `cat-file --batch` reader) hold no lock unless open, checked above.
    const isGit = (proc.comm === 'git' || proc.comm.startsWith('git-')) && proc.ppid !== process.pid;
    if (!isGit) continue;
    if (proc.cwd === null) return { stale: false, reason: `git process ${proc.pid} may be running in this repository (its working directory cannot be read)` };
    if (realRoots.some((root) => inside(root, proc.cwd!))) return { stale: false, reason: `git process ${proc.pid} is running in ${proc.cwd}` };
  }
  // Other users' processes that are not git (their open files cannot be read) are not ruled out
  // one by one: a lock is made by git (or a library like it, which runs as a git-named process or
  // in the user's own session); the src/forge README lists this as a remaining difference.
  return { stale: true };
}

/** Remove the lock when it is stale; the verdict says what was decided and why. */
export function removeStaleLock(lockPath: string, roots: string[]): LockVerdict {
  const verdict = judgeLock(lockPath, roots);
  if (verdict.stale) unlinkSync(resolve(lockPath));
  return verdict;
}
