import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../../errors.js';
import { git } from '../../forge/index.js';
import type { RepoRef } from '../types.js';

export interface CloneOptions {
  /** Where Vigil keeps its clones, one per repository. */
  directory: string;
  /** `https://github.com` by default; a file:// or local mirror in tests and air-gapped setups. */
  gitBaseUrl: string;
  /** Commits of history to keep: enough for Maintained (90 days) and Code-Review (30 changesets). */
  depth: number;
  /** A branch or tag to follow instead of the default branch (a release line). */
  branch?: string;
}

export const clonePath = (options: CloneOptions, ref: RepoRef): string => join(options.directory, ref.platform, ref.org, ref.repo);

/**
 * Bring the clone of `ref` up to date with its default branch: a shallow clone the first time, a
 * shallow fetch and hard reset afterwards. Hooks never run (forge/git disables them). A clone
 * that cannot be updated is removed and made again, so a broken clone never scores stale files.
 */
export async function updateClone(options: CloneOptions, ref: RepoRef): Promise<string> {
  const path = clonePath(options, ref);
  const url = `${options.gitBaseUrl.replace(/\/+$/, '')}/${ref.org}/${ref.repo}${options.gitBaseUrl.startsWith('file:') ? '' : '.git'}`;
  if (existsSync(join(path, '.git'))) {
    try {
      await git(path, ['fetch', '--quiet', '--no-tags', `--depth=${options.depth}`, 'origin', options.branch ?? 'HEAD']);
      await git(path, ['reset', '--quiet', '--hard', 'FETCH_HEAD']);
      return path;
    } catch {
      await rm(path, { recursive: true, force: true });
    }
  }
  await mkdir(dirname(path), { recursive: true });
  try {
    await git(dirname(path), ['clone', '--quiet', '--no-tags', '--single-branch', `--depth=${options.depth}`, ...(options.branch ? ['--branch', options.branch] : []), '--', url, path]);
  } catch (error) {
    // The run reports this line per repository (terminal, report, issue): say what it means, keep git's first word.
    const stderr = String((error as { cause?: { stderr?: unknown } }).cause?.stderr ?? '').trim();
    const reason = stderr.split('\n').find((line) => line.trim() !== '') ?? (error as Error).message;
    throw new InputError(`cannot clone ${url} (renamed, deleted or private?): ${reason}`, { cause: error });
  }
  return path;
}
