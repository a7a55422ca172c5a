import type * as ChildProcess from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { InputError } from '../../errors.js';
import { FILTERING_COMMANDS, gitEnvironment, parseFilterDrivers, safeArguments } from './safety.js';
import { lockInMessage, removeStaleLock } from './stale-lock.js';

/**
 * node:child_process when git first runs: every command's context loads this module (for the lock
 * notifier), and child_process with net, dgram and the streams cost ~3 ms of each start (#15).
 */
const childProcess = (): typeof ChildProcess => createRequire(import.meta.url)('node:child_process') as typeof ChildProcess;

export interface GitOptions {
  maxBuffer?: number;
  /** Milliseconds before the process is killed (network commands). */
  timeout?: number;
}

/** Run git with the fixed environment and overrides (safety.ts) and return stdout; the one place git is executed. */
function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    childProcess().execFile(
      'git',
      args,
      { cwd, env: gitEnvironment(), maxBuffer: options.maxBuffer ?? 512 * 1024 * 1024, ...(options.timeout ? { timeout: options.timeout } : {}), encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr }));
        else resolve(stdout);
      },
    );
  });
}

let trusted: Promise<string[]> | undefined;

/**
 * The directories the user's own git configuration trusts despite another owner (`safe.directory`,
 * e.g. set by actions/checkout in a container job). Only this key is taken from the user's files,
 * read outside any repository; it names directories, it runs nothing.
 */
function userSafeDirectories(): Promise<string[]> {
  trusted ??= new Promise((resolve) => {
    const { GIT_DIR: _dir, GIT_WORK_TREE: _tree, GIT_CONFIG_PARAMETERS: _parameters, ...parent } = process.env;
    childProcess().execFile('git', ['config', '--get-all', 'safe.directory'], { cwd: '/', env: { ...parent, GIT_CEILING_DIRECTORIES: '/' }, encoding: 'utf8', timeout: 10_000 }, (error, stdout) => {
      resolve(error ? [] : stdout.split('\n').filter((line) => line.trim() !== ''));
    });
  });
  return trusted;
}

/**
 * The filter drivers a repository's config defines (only its own file is read: system and user
 * config are off). Their programs are blanked for the commands that would run them.
 */
async function filterDrivers(cwd: string): Promise<string[]> {
  const output = await runGit(cwd, safeArguments(['config', '--name-only', '--get-regexp', '^filter\\.'], [], await userSafeDirectories())).catch(() => '');
  return parseFilterDrivers(output);
}

/**
 * Run one git command and return its stdout. Every call goes through here (or `spawnGit`): git
 * runs with a fixed, minimal environment and overrides for every configuration key that would
 * execute a program, so Vigil never runs code named by a repository it analyses (issue #20).
 */
export async function git(cwd: string, args: string[], options: GitOptions = {}): Promise<string> {
  const command = args.find((arg) => !arg.startsWith('-') && !arg.includes('=')) ?? '';
  const [drivers, safe] = await Promise.all([FILTERING_COMMANDS.has(command) ? filterDrivers(cwd) : [], userSafeDirectories()]);
  const full = safeArguments(args, drivers, safe);
  try {
    return await runGit(cwd, full, options);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    const lock = lockInMessage(stderr);
    if (lock === null) throw new InputError(`git ${args.join(' ')} failed in ${cwd}: ${stderr || (error as Error).message}`, { file: cwd, cause: error });
    // A lock left by a git process killed mid-operation: removed when surely stale, then once more.
    const verdict = removeStaleLock(lock, await repositoryDirectories(cwd, safe));
    if (!verdict.stale) {
      throw new InputError(`git ${args.join(' ')} cannot run in ${cwd}: ${lock} exists and was kept, because ${verdict.reason}`, {
        file: lock,
        hint: `when no git process is running in this repository any more, remove ${lock} and run again`,
        cause: error,
      });
    }
    lockNotifier(`removed ${lock}: a stale lock left by an interrupted git process (older than this run, no process holds it, no git runs in this repository)`);
    try {
      return await runGit(cwd, full, options);
    } catch (again) {
      const stderrAgain = String((again as { stderr?: unknown }).stderr ?? '').trim();
      throw new InputError(`git ${args.join(' ')} failed in ${cwd}: ${stderrAgain || (again as Error).message}`, { file: cwd, cause: again });
    }
  }
}

/** Where the removal of a stale lock is said: the CLI points this at its logger (stderr by default). */
let lockNotifier: (message: string) => void = (message) => void process.stderr.write(`warning: ${message}\n`);
export function setGitLockNotifier(warn: (message: string) => void): void {
  lockNotifier = warn;
}

/** The work tree, the git directory and the common git directory of `cwd` (a lock lives in one of them). */
async function repositoryDirectories(cwd: string, safe: string[]): Promise<string[]> {
  const ask = (flag: string): Promise<string | null> =>
    runGit(cwd, safeArguments(['rev-parse', '--path-format=absolute', flag], [], safe)).then((out) => out.trim() || null, () => null);
  const found = await Promise.all(['--show-toplevel', '--absolute-git-dir', '--git-common-dir'].map(ask));
  return found.filter((entry): entry is string => entry !== null);
}

/** Start a long-running git process (`cat-file --batch`) with the same environment and overrides as `git()`. */
export async function spawnGit(cwd: string, args: string[]): Promise<ChildProcessWithoutNullStreams> {
  return childProcess().spawn('git', safeArguments(args, [], await userSafeDirectories()), { cwd, env: gitEnvironment() });
}

/** The top of the work tree containing `path`, or null when it is not in a git repository. */
export async function repositoryRoot(path: string): Promise<string | null> {
  try {
    return (await git(path, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return null;
  }
}

/**
 * `--ref` reads committed files, so it needs a git repository: on a plain folder git's own
 * "no commit named HEAD" (or a --ref silently ignored) left a newcomer guessing (issue #17).
 * Returns the repository's root; an InputError naming the path and the option otherwise.
 */
export async function requireRepository(path: string, option = '--ref'): Promise<string> {
  const root = await repositoryRoot(path);
  if (root === null) throw new InputError(`${path} is not a git repository; ${option} needs one`, { file: path, hint: `pass the path of a git clone, or leave out ${option} to read the files as they are` });
  return root;
}

/** Resolve a ref (branch, tag, sha) to a commit id; a clear InputError when it does not exist. */
export async function resolveCommit(repo: string, ref: string): Promise<string> {
  try {
    return (await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    // Not a repository at all is a different mistake from a ref that does not exist.
    await requireRepository(repo);
    throw new InputError(`${repo}: no commit named ${JSON.stringify(ref)} (try \`git fetch\`, or a branch, tag or sha that exists)`, {
      file: repo,
    });
  }
}

/** True when the clone is shallow: history-based checks must say so instead of guessing. */
export async function isShallow(repo: string): Promise<boolean> {
  return (await git(repo, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}
