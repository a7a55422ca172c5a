import { ExternalHostError } from '../../errors.js';
/**
 * Action refs resolved through GitHub's REST API (src/forge): the commit a ref names
 * (`GET /repos/{owner}/{repo}/commits/{ref}`), then the tags naming that commit
 * (`GET /repos/{owner}/{repo}/tags`, first pages) for the version comment. Answers are memoised.
 */
import type { GitHubClient } from '../../forge/index.js';
import type { ActionResolver, ResolvedAction } from '../types.js';
import { FULL_SHA, mostSpecificTag } from './versions.js';

/** Tags are listed newest first in practice; older ones are rarely what a workflow uses. */
const TAG_PAGES = 3;

export function githubActionResolver(client: GitHubClient): ActionResolver {
  const memo = new Map<string, Promise<ResolvedAction | null>>();
  const tagsMemo = new Map<string, Promise<{ name: string; sha: string }[]>>();
  const tags = (owner: string, repo: string): Promise<{ name: string; sha: string }[]> => {
    const key = `${owner}/${repo}`;
    let found = tagsMemo.get(key);
    if (found === undefined) {
      found = (async () => {
        const all: { name: string; sha: string }[] = [];
        for (let page = 1; page <= TAG_PAGES; page++) {
          const { data } = await client.rest.repos.listTags({ owner, repo, per_page: 100, page });
          if (!Array.isArray(data)) throw new ExternalHostError('GitHub', `${owner}/${repo}: the GitHub API answered no tag list`);
          all.push(...data.map((tag) => ({ name: tag.name, sha: tag.commit.sha })));
          if (data.length < 100) break;
        }
        return all;
      })();
      tagsMemo.set(key, found);
    }
    return found;
  };
  const resolve = async (full: string, ref: string): Promise<ResolvedAction | null> => {
    const [owner = '', repo = ''] = full.split('/');
    let sha: string;
    try {
      sha = (await client.rest.repos.getCommit({ owner, repo, ref })).data.sha;
      // Checked at the boundary: an answer without a commit SHA is the host's failure, not a crash.
      if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha)) throw new ExternalHostError('GitHub', `${owner}/${repo}@${ref}: the GitHub API answered no commit SHA (is github.baseUrl right?)`);
    } catch (error) {
      // 404: no such repository; 422: no such ref. Both mean "cannot pin", not "failed".
      const status = (error as { status?: number }).status;
      if (status === 404 || status === 422) return null;
      throw error;
    }
    const named = (await tags(owner, repo)).filter((tag) => tag.sha === sha).map((tag) => tag.name);
    return { sha, version: mostSpecificTag(named, ref) ?? (FULL_SHA.test(ref) ? null : ref) };
  };
  return {
    resolveAction(repo, ref) {
      const key = `${repo}@${ref}`;
      let found = memo.get(key);
      if (found === undefined) {
        found = resolve(repo, ref);
        memo.set(key, found);
      }
      return found;
    },
  };
}
