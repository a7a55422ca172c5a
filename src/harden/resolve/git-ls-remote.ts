/**
 * Action refs resolved with `git ls-remote` against the action's repository: no API token or
 * rate limit, one call per repository. Annotated tags are peeled (`refs/tags/v4^{}`).
 */
import { tmpdir } from 'node:os';
import { git } from '../../forge/index.js';
import type { ActionResolver, ResolvedAction } from '../types.js';
import { FULL_SHA, mostSpecificTag } from './versions.js';

export interface LsRemoteOptions {
  /** Where repositories live: `https://github.com` (default) or, in tests, a local folder URL. */
  baseUrl?: string;
}

/** Parses `git ls-remote` output into ref → commit, peeled tags replacing tag objects. */
export function parseLsRemote(output: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [sha, name] = line.trim().split(/\s+/);
    if (sha === undefined || name === undefined || !FULL_SHA.test(sha)) continue;
    if (name.endsWith('^{}')) refs.set(name.slice(0, -3), sha);
    else if (!refs.has(name)) refs.set(name, sha);
  }
  return refs;
}

export function lsRemoteActionResolver(options: LsRemoteOptions = {}): ActionResolver {
  const base = (options.baseUrl ?? 'https://github.com').replace(/\/+$/, '');
  const memo = new Map<string, Promise<Map<string, string> | null>>();
  const refsOf = (repo: string): Promise<Map<string, string> | null> => {
    let found = memo.get(repo);
    if (found === undefined) {
      found = git(tmpdir(), ['ls-remote', '--tags', '--heads', `${base}/${repo}`]).then(parseLsRemote, () => null);
      memo.set(repo, found);
    }
    return found;
  };
  return {
    async resolveAction(repo, ref): Promise<ResolvedAction | null> {
      const refs = await refsOf(repo);
      if (refs === null) return null;
      const sha = FULL_SHA.test(ref) ? ref : (refs.get(`refs/tags/${ref}`) ?? refs.get(`refs/heads/${ref}`));
      if (sha === undefined) return null;
      const tags = [...refs].filter(([name, commit]) => commit === sha && name.startsWith('refs/tags/')).map(([name]) => name.slice(10));
      return { sha, version: mostSpecificTag(tags, ref) ?? (FULL_SHA.test(ref) ? null : ref) };
    },
  };
}
