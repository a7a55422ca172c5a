import type { GitHubClient } from './client.js';

/** A change Vigil proposes: files to write on a branch, and the pull request that carries them. */
export interface ProposedChange {
  owner: string;
  repo: string;
  /** The branch Vigil owns, e.g. `vigil/scorecard-report`; updated in place on every run. */
  branch: string;
  /** Where the PR goes; the repository's default branch when omitted. */
  base?: string;
  title: string;
  body: string;
  commitMessage: string;
  /** Paths relative to the repository root; `null` content deletes the file. */
  files: { path: string; content: string | null }[];
}

export interface ProposalResult {
  action: 'created' | 'updated' | 'unchanged';
  number: number;
  url: string;
  commit: string;
}

/**
 * Commit `files` on `branch` (built on the tip of `base`) through the Git Data API, then create
 * the pull request or update the open one in place. Never pushes to the base branch: the WG
 * decided to "use a pull request and not write files directly in the repository".
 */
export async function proposeChange(client: GitHubClient, change: ProposedChange): Promise<ProposalResult> {
  const { owner, repo } = change;
  const base = change.base ?? (await client.rest.repos.get({ owner, repo })).data.default_branch;
  if (base === change.branch) throw new Error(`refusing to commit to ${base}: the proposal branch must differ from the base branch`);
  const baseSha = (await client.rest.git.getRef({ owner, repo, ref: `heads/${base}` })).data.object.sha;
  const baseCommit = await client.rest.git.getCommit({ owner, repo, commit_sha: baseSha });

  const tree = await Promise.all(
    change.files.map(async (file) => {
      if (file.content === null) return { path: file.path, mode: '100644' as const, type: 'blob' as const, sha: null };
      const blob = await client.rest.git.createBlob({ owner, repo, content: Buffer.from(file.content).toString('base64'), encoding: 'base64' });
      return { path: file.path, mode: '100644' as const, type: 'blob' as const, sha: blob.data.sha };
    }),
  );
  const newTree = await client.rest.git.createTree({ owner, repo, base_tree: baseCommit.data.tree.sha, tree });

  const existingPulls = await client.rest.pulls.list({ owner, repo, head: `${owner}:${change.branch}`, state: 'open', per_page: 1 });
  const open = existingPulls.data[0];

  // Unchanged: the open PR's branch already has exactly this tree on top of the same base.
  if (open) {
    const head = await client.rest.git.getCommit({ owner, repo, commit_sha: open.head.sha });
    if (head.data.tree.sha === newTree.data.sha) {
      return { action: 'unchanged', number: open.number, url: open.html_url, commit: open.head.sha };
    }
  }
  const commit = await client.rest.git.createCommit({ owner, repo, message: change.commitMessage, tree: newTree.data.sha, parents: [baseSha] });
  const ref = `heads/${change.branch}`;
  const branchExists = await client.rest.git.getRef({ owner, repo, ref }).then(
    () => true,
    (error: { status?: number }) => {
      if (error.status === 404) return false;
      throw error;
    },
  );
  if (branchExists) await client.rest.git.updateRef({ owner, repo, ref, sha: commit.data.sha, force: true });
  else await client.rest.git.createRef({ owner, repo, ref: `refs/${ref}`, sha: commit.data.sha });

  if (open) {
    await client.rest.pulls.update({ owner, repo, pull_number: open.number, title: change.title, body: change.body });
    return { action: 'updated', number: open.number, url: open.html_url, commit: commit.data.sha };
  }
  const created = await client.rest.pulls.create({ owner, repo, head: change.branch, base, title: change.title, body: change.body });
  return { action: 'created', number: created.data.number, url: created.data.html_url, commit: commit.data.sha };
}
