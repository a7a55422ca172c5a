import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { InputError } from '../../errors.js';

const execFileAsync = promisify(execFile);

/**
 * Run one git command and return its stdout. Git is always run with hooks and local config that
 * could execute code disabled: Vigil never runs code from a repository it analyses.
 */
export async function git(cwd: string, args: string[], options: { maxBuffer?: number } = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args], {
      cwd,
      maxBuffer: options.maxBuffer ?? 512 * 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? '';
    throw new InputError(`git ${args.join(' ')} failed in ${cwd}: ${stderr || (error as Error).message}`, { file: cwd, cause: error });
  }
}

/** The top of the work tree containing `path`, or null when it is not in a git repository. */
export async function repositoryRoot(path: string): Promise<string | null> {
  try {
    return (await git(path, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return null;
  }
}

/** Resolve a ref (branch, tag, sha) to a commit id; a clear InputError when it does not exist. */
export async function resolveCommit(repo: string, ref: string): Promise<string> {
  try {
    return (await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    throw new InputError(`${repo}: no commit named ${JSON.stringify(ref)} (try \`git fetch\`, or a branch, tag or sha that exists)`, {
      file: repo,
    });
  }
}

/** True when the clone is shallow: history-based checks must say so instead of guessing. */
export async function isShallow(repo: string): Promise<boolean> {
  return (await git(repo, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}
