// The outer boundary for children that are not Node (#18): Node's permission model governs Node
// processes only, so a listed `git --version` could read any file and reach any host once
// started. When bubblewrap (`bwrap`) works on this machine, `vigil run` starts the whole launch
// inside one bubblewrap sandbox: a new mount namespace that shows the system's programs and
// libraries read-only, what the policy lets the application read (read-only) and write, and
// nothing else; its own PID namespace and /proc; and no network when the policy allows none.
// Node children keep their permission flags inside it; other children are confined by it.
import { spawnSync } from 'node:child_process';
import { lstatSync, readlinkSync } from 'node:fs';
import { cachedProbe, findOnPath } from './probe-cache.js';

/** Where programs and their libraries live: shown read-only (as a link where they are one, on merged-/usr systems). */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * The few files under /etc that programs need to start and resolve names (the dynamic linker's
 * cache, users and groups, name resolution, certificates, time zone, Debian's alternatives);
 * not /etc as a whole.
 */
const SYSTEM_ETC = [
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/alternatives',
  '/etc/passwd',
  '/etc/group',
  '/etc/nsswitch.conf',
  '/etc/host.conf',
  '/etc/hosts',
  '/etc/resolv.conf',
  '/etc/gai.conf',
  '/etc/ssl',
  '/etc/ca-certificates',
  '/etc/pki',
  '/etc/localtime',
];

/** One system directory as this machine has it: a directory to show read-only, or a link to recreate. */
export interface SystemEntry {
  path: string;
  link?: string;
}

/** The system directories that exist here (`SYSTEM_DIRS`), each as a directory or as the link it is. */
export function systemLayout(): SystemEntry[] {
  const entries: SystemEntry[] = [];
  for (const path of SYSTEM_DIRS) {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (stats?.isSymbolicLink()) entries.push({ path, link: readlinkSync(path) });
    else if (stats?.isDirectory()) entries.push({ path });
  }
  return entries;
}

/** What the sandbox shows and how: everything `bubblewrapArgs` needs, decided by the launcher. */
export interface SandboxRequest {
  /** The bwrap executable (found on PATH and probed). */
  bwrap: string;
  system: SystemEntry[];
  /** Absolute paths shown read-only: the policy's reads, Vigil's preloads, the manifest, the Node binary, the listed programs. */
  reads: string[];
  /** Absolute paths shown writable: the policy's writes. */
  writes: string[];
  /** The working directory of the launch (created empty inside when nothing shows it). */
  cwd: string;
  /** The real temporary directory: a private, empty one inside unless the policy grants it. */
  tmp: string;
  /** No network namespace of the host's: the policy allows no network. */
  offline: boolean;
}

function inside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/**
 * The namespaces and lifetime of the sandbox. `--unshare-all` (user, PID, IPC, UTS, cgroup and
 * network), so a namespace kind bwrap learns later is on too, with the host's network shared back
 * only when the launch needs it; `--unshare-user` because an unprivileged bwrap needs it anyway.
 * `--die-with-parent`: when the launcher dies, even by SIGKILL, the kernel kills bwrap and the
 * sandbox's first process (PR_SET_PDEATHSIG), and with that first process the whole PID namespace,
 * so no part of the application outlives the launcher (#18). `--new-session`: the sandbox has no
 * controlling terminal, so it cannot push input into the user's terminal (TIOCSTI, CVE-2017-5226)
 * and Ctrl-C reaches it only through the launcher (which starts bwrap in its own session too).
 */
export function namespaceArgs(offline: boolean): string[] {
  return ['--unshare-all', ...(offline ? [] : ['--share-net']), '--unshare-user', '--die-with-parent', '--new-session'];
}

/**
 * The bwrap words for a launch, up to and including `--`. Pure. The sandbox's first process
 * (`--as-pid-1`) is the command that follows; its process id outside is written to file
 * descriptor 3 (`--info-fd`) so the launcher can pass signals to it: bwrap itself does not pass
 * them on, it dies and its children with it.
 */
export function bubblewrapArgs(request: SandboxRequest): string[] {
  const args = [...namespaceArgs(request.offline), '--as-pid-1', '--info-fd', '3'];
  for (const entry of request.system) args.push(...(entry.link === undefined ? ['--ro-bind', entry.path, entry.path] : ['--symlink', entry.link, entry.path]));
  for (const file of SYSTEM_ETC) args.push('--ro-bind-try', file, file);
  args.push('--proc', '/proc', '--dev', '/dev');
  const system = request.system.filter((entry) => entry.link === undefined).map((entry) => entry.path);
  const shown = (path: string) => system.some((dir) => inside(path, dir));
  // Parents before children, so a writable directory inside a read-only one stays writable; a path both read and written is written.
  const binds = new Map<string, 'ro' | 'rw'>();
  for (const path of request.reads) if (!shown(path)) binds.set(path, 'ro');
  for (const path of request.writes) binds.set(path, 'rw');
  const ordered = [...binds].sort(([a], [b]) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  // The temporary directory is private and empty unless the policy shows it (or a directory above it).
  if (!ordered.some(([path]) => inside(request.tmp, path))) args.push('--tmpfs', request.tmp);
  for (const [path, mode] of ordered) args.push(mode === 'ro' ? '--ro-bind-try' : '--bind-try', path, path);
  if (!ordered.some(([path]) => inside(request.cwd, path)) && !shown(request.cwd)) args.push('--dir', request.cwd);
  args.push('--chdir', request.cwd, '--');
  return args;
}

/** Does bubblewrap work here, unprivileged, with every namespace `bubblewrapArgs` asks for? */
export function probeBubblewrap(bwrap: string): boolean {
  const system = systemLayout().flatMap((entry) => (entry.link === undefined ? ['--ro-bind', entry.path, entry.path] : ['--symlink', entry.link, entry.path]));
  const result = spawnSync(bwrap, [...namespaceArgs(true), '--as-pid-1', ...system, '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--', 'true'], {
    stdio: 'ignore',
    timeout: 5000,
  });
  return result.status === 0;
}

/**
 * The bwrap to confine a launch with, or null: none on PATH, or this machine refuses it (no
 * unprivileged user namespaces). The answer is cached for an hour (`cachedProbe`); a stale "yes"
 * fails closed (bwrap refuses and the application does not start).
 */
export function cachedBubblewrap(env: NodeJS.ProcessEnv = process.env, now = Date.now()): string | null {
  const bwrap = findOnPath('bwrap', env);
  if (!bwrap) return null;
  const works = cachedProbe({ name: 'bubblewrap', program: bwrap, env, now, probe: () => probeBubblewrap(bwrap), valid: (answer): answer is boolean => typeof answer === 'boolean' });
  return works ? bwrap : null;
}

/** Why `cachedBubblewrap` found none: said in the launch's warnings and by `permissions check`. */
export function sandboxMissingReason(env: NodeJS.ProcessEnv = process.env): string {
  return findOnPath('bwrap', env) ? 'bwrap is on PATH but this machine refuses it (unprivileged user namespaces are off)' : 'no bwrap on PATH';
}
