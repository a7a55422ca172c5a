import { ExternalHostError } from '../../errors.js';
import type { Changeset } from '../collect/code-review.js';
import type { BranchProtection, ForgeContributor, ForgeFacts, ForgeRelease, MergedPullRequest, ScorecardForge } from './types.js';
import { branchesQuery, REPOSITORY_QUERY, usersQuery } from './queries.js';
import { isSecurityPolicyFile } from '../collect/security-policy.js';

/** The two Octokit methods the forge uses; `createGitHubClient` provides them, tests may fake them. */
export interface GitHubApi {
  graphql: <T>(query: string, variables: Record<string, unknown>) => Promise<T>;
  request: (route: string, parameters: Record<string, unknown>) => Promise<{ data: unknown }>;
  requestCount: () => number;
}

export interface GitHubForgeOptions {
  api: GitHubApi;
  /** `owner/repo`. */
  repo: string;
  /** Fetches the OpenSSF Best Practices badge (bestpractices.dev `projects.json?url=`); counted separately. */
  bestPractices?: { lookup: (repoUrl: string) => Promise<string | null>; calls: () => number };
}

interface RuleNode {
  allowsDeletions?: boolean | null;
  allowsForcePushes?: boolean | null;
  requiredApprovingReviewCount?: number | null;
  requiresCodeOwnerReviews?: boolean | null;
  requiredStatusCheckContexts?: string[] | null;
  dismissesStaleReviews?: boolean | null;
  isAdminEnforced?: boolean | null;
  requiresStrictStatusChecks?: boolean | null;
  requiresStatusChecks?: boolean | null;
  requireLastPushApproval?: boolean | null;
}

interface BranchNode {
  name: string;
  refUpdateRule: RuleNode | null;
  branchProtectionRule: RuleNode | null;
}

interface RepositoryAnswer {
  repository: {
    isArchived: boolean;
    createdAt: string;
    defaultBranchRef: (BranchNode & { target: { history: { nodes: CommitNode[] } } }) | null;
    issues: { nodes: { createdAt: string; authorAssociation: string | null; comments: { nodes: { createdAt: string; authorAssociation: string | null }[] } }[] };
  };
}

interface CommitNode {
  oid: string;
  committedDate: string;
  message: string;
  author: { email: string | null; user: { login: string } | null } | null;
  associatedPullRequests: { nodes: PullNode[] };
}

interface PullNode {
  number: number;
  mergedAt: string | null;
  headRefOid: string;
  author: { __typename: string; login: string } | null;
  mergedBy: { login: string } | null;
  labels: { nodes: { name: string }[] };
  reviews: { nodes: { state: string; author: { login: string } | null }[] };
  commits: { nodes: { commit: { status: { contexts: { state: string; context: string; targetUrl: string | null }[] } | null; checkSuites: { nodes: { app: { slug: string } | null; success: { totalCount: number }; neutral: { totalCount: number } }[] } } }[] };
}

/**
 * Scorecard's branch mapping (clients/githubrepo/branches.go): admin settings from
 * branchProtectionRule when readable, the rest from either rule; unknown stays null.
 */
export function toBranchProtection(node: BranchNode): BranchProtection {
  const admin = node.branchProtectionRule;
  const rule = admin ?? node.refUpdateRule;
  const protection: BranchProtection = {
    name: node.name,
    protected: rule !== null,
    allowDeletions: rule?.allowsDeletions ?? null,
    allowForcePushes: rule?.allowsForcePushes ?? null,
    enforceAdmins: admin?.isAdminEnforced ?? null,
    requireLastPushApproval: admin?.requireLastPushApproval ?? null,
    dismissStaleReviews: admin?.dismissesStaleReviews ?? null,
    requiredApprovingReviewCount: rule?.requiredApprovingReviewCount ?? null,
    requireCodeOwnerReviews: rule?.requiresCodeOwnerReviews ?? null,
    upToDateBeforeMerge: null,
    statusCheckContexts: rule?.requiredStatusCheckContexts ?? [],
    pullRequestsRequired: null,
  };
  if (admin) {
    // GitHub's GraphQL reports requiresStrictStatusChecks wrongly unless status checks are required (Scorecard #3255).
    if (admin.requiresStatusChecks !== null && admin.requiresStatusChecks !== undefined && admin.requiresStrictStatusChecks !== null && admin.requiresStrictStatusChecks !== undefined) {
      protection.upToDateBeforeMerge = admin.requiresStatusChecks && admin.requiresStrictStatusChecks;
    }
    protection.pullRequestsRequired = Boolean(admin.requireLastPushApproval) || Boolean(admin.dismissesStaleReviews) || admin.requiredApprovingReviewCount !== null && admin.requiredApprovingReviewCount !== undefined || Boolean(admin.requiresCodeOwnerReviews);
  } else if (rule) {
    if ((rule.requiredApprovingReviewCount ?? 0) > 0 || rule.requiresCodeOwnerReviews) protection.pullRequestsRequired = true;
  }
  return protection;
}

/** Changesets from pull requests (raw/code_review.go): the merger counts as an approving review. */
export function changesetsFromCommits(commits: CommitNode[]): Changeset[] {
  const byRevision = new Map<string, Changeset>();
  for (const commit of commits) {
    const pull = commit.associatedPullRequests.nodes[0];
    const merged = pull?.mergedAt ? pull : undefined;
    const prow = merged && merged.labels.nodes.some((label) => label.name === 'lgtm' || label.name === 'approved');
    const platform = prow ? 'Prow' : merged ? 'GitHub' : 'Unknown';
    const revision = merged ? String(merged.number) : commit.oid;
    const key = `${platform}\u0000${revision}`;
    const existing = byRevision.get(key);
    if (existing) {
      existing.commits.push(commit.oid);
      continue;
    }
    const author = merged?.author?.login ?? '';
    const reviews = merged ? [...merged.reviews.nodes, { state: 'APPROVED', author: merged.mergedBy }] : [];
    const approved = platform === 'Prow' || reviews.some((review) => review.state === 'APPROVED' && (review.author?.login ?? '') !== author);
    // Scorecard knows a bot only from the pull request's author; a commit without one has no author at all.
    const authorIsBot = merged ? merged.author?.__typename === 'Bot' : false;
    byRevision.set(key, { platform, revision, commits: [commit.oid], author, authorIsBot, approved });
  }
  return [...byRevision.values()];
}

function mergedPullRequests(commits: CommitNode[]): MergedPullRequest[] {
  const seen = new Map<string, MergedPullRequest>();
  for (const commit of commits) {
    const pull = commit.associatedPullRequests.nodes[0];
    if (!pull?.mergedAt) continue;
    const known = seen.get(pull.headRefOid);
    if (known) {
      known.commits += 1;
      continue;
    }
    const head = pull.commits.nodes[0]?.commit;
    seen.set(pull.headRefOid, {
      number: pull.number,
      headSha: pull.headRefOid,
      statuses: (head?.status?.contexts ?? []).map((status) => ({ state: status.state.toLowerCase(), context: status.context, targetUrl: status.targetUrl ?? '' })),
      checkSuites: (head?.checkSuites.nodes ?? []).map((suite) => ({ slug: suite.app?.slug ?? '', successfulRuns: suite.success.totalCount, neutralRuns: suite.neutral.totalCount })),
      commits: 1,
    });
  }
  return [...seen.values()];
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= load());
}

const status = (error: unknown): number | undefined => (error as { status?: number }).status;

/** Scorecard's forge facts for one GitHub repository in 4–6 API calls instead of ~70. */
export function createGitHubForge(options: GitHubForgeOptions): ScorecardForge {
  const { api, repo } = options;
  const [owner = '', name = ''] = repo.split('/');
  const start = api.requestCount();
  const facts = once(async (): Promise<ForgeFacts> => {
    const answer = await api.graphql<RepositoryAnswer>(REPOSITORY_QUERY, { owner, name });
    // Checked at the boundary: a proxy or a wrong URL answering another shape is the host's failure.
    const repository = (answer as Partial<RepositoryAnswer> | null | undefined)?.repository;
    if (!repository || typeof repository !== 'object' || typeof repository.createdAt !== 'string' || !Array.isArray(repository.issues?.nodes)) {
      throw new ExternalHostError('the GitHub GraphQL API', `the answer about ${repo} has no repository of the expected shape`, { hint: 'is github.graphqlUrl (or VIGIL_GITHUB_GRAPHQL_URL) right?' });
    }
    const branch = repository.defaultBranchRef;
    const commits = branch?.target.history.nodes ?? [];
    return {
      archived: repository.isArchived,
      createdAt: new Date(repository.createdAt),
      defaultBranch: branch?.name ?? '',
      commitDates: commits.map((commit) => new Date(commit.committedDate)),
      issues: repository.issues.nodes.map((issue) => ({
        createdAt: new Date(issue.createdAt),
        authorAssociation: issue.authorAssociation,
        comments: issue.comments.nodes.map((comment) => ({ createdAt: new Date(comment.createdAt), authorAssociation: comment.authorAssociation })),
      })),
      changesets: changesetsFromCommits(commits),
      mergedPullRequests: mergedPullRequests(commits),
      defaultBranchProtection: toBranchProtection(branch ?? { name: '', refUpdateRule: null, branchProtectionRule: null }),
    };
  });
  const releases = once(async (): Promise<ForgeRelease[]> => {
    const { data } = await api.request('GET /repos/{owner}/{repo}/releases', { owner, repo: name, per_page: 5 });
    return (data as { tag_name: string; html_url: string; target_commitish: string; assets: { name: string; browser_download_url: string }[] }[]).map((release) => ({
      tagName: release.tag_name,
      url: release.html_url,
      targetCommitish: release.target_commitish,
      assets: release.assets.map((asset) => ({ name: asset.name, url: asset.browser_download_url })),
    }));
  });
  const contributors = once(async (): Promise<ForgeContributor[]> => {
    const { data } = await api.request('GET /repos/{owner}/{repo}/contributors', { owner, repo: name, per_page: 100 });
    const list = (data as { login?: string; contributions: number }[]).filter((entry) => entry.login);
    // Only contributors with 5 or more commits count (probes/contributorsFromOrgOrCompany); ask about those alone.
    const counted = list.filter((entry) => entry.contributions >= 5);
    const details = new Map<string, { company: string | null; organizations: { nodes: { login: string }[] } } | null>();
    if (counted.length > 0) {
      const variables = Object.fromEntries(counted.map((entry, index) => [`l${index}`, entry.login]));
      const users = await api.graphql<Record<string, { login: string; company: string | null; organizations: { nodes: { login: string }[] } } | null>>(usersQuery(counted.length), variables);
      counted.forEach((entry, index) => details.set(entry.login ?? '', users[`u${index}`] ?? null));
    }
    return list.map((entry) => {
      const user = details.get(entry.login ?? '');
      return { login: entry.login ?? '', contributions: entry.contributions, companies: user?.company ? [user.company] : [], organizations: user?.organizations.nodes.map((org) => org.login) ?? [] };
    });
  });
  const webhooks = once(async () => {
    try {
      const { data } = await api.request('GET /repos/{owner}/{repo}/hooks', { owner, repo: name, per_page: 100 });
      return (data as { url: string; config?: { secret?: string } }[]).map((hook) => ({ url: hook.url, usesSecret: Boolean(hook.config?.secret) }));
    } catch (error) {
      // Listing hooks needs admin rights; without them the check cannot decide.
      if (status(error) === 403 || status(error) === 404) return null;
      throw error;
    }
  });
  // raw/security_policy.go: without a policy in the repository, Scorecard lists `<owner>/.github`
  // and reads the first policy file there; a missing repository means no org policy.
  const orgSecurityPolicy = once(async () => {
    let tree: { path: string; type: string }[];
    try {
      const { data } = await api.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { owner, repo: '.github', tree_sha: 'HEAD', recursive: '1' });
      tree = (data as { tree: { path: string; type: string }[] }).tree;
    } catch (error) {
      // 404: no such repository; 409: it is empty.
      if (status(error) === 404 || status(error) === 409) return null;
      throw error;
    }
    const found = tree.find((entry) => entry.type === 'blob' && isSecurityPolicyFile(entry.path));
    if (!found) return null;
    const { data } = await api.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo: '.github', path: found.path });
    const file = data as { content?: string; encoding?: string };
    if (typeof file.content !== 'string' || file.encoding !== 'base64') {
      throw new ExternalHostError('the GitHub API', `the contents of ${owner}/.github/${found.path} came without base64 content`);
    }
    return { location: `github.com/${owner}/.github/${found.path}`, content: Buffer.from(file.content, 'base64') };
  });
  const branchCache = new Map<string, BranchProtection | null>();
  return {
    repo,
    facts,
    releases,
    contributors,
    webhooks,
    orgSecurityPolicy,
    async branches(names) {
      const missing = names.filter((branch) => !branchCache.has(branch));
      if (missing.length > 0) {
        const variables = Object.fromEntries([['owner', owner], ['name', name], ...missing.map((branch, index) => [`r${index}`, `refs/heads/${branch}`])]);
        const answer = await api.graphql<{ repository: Record<string, BranchNode | null> }>(branchesQuery(missing.length), variables);
        missing.forEach((branch, index) => {
          const node = answer.repository[`b${index}`];
          branchCache.set(branch, node ? toBranchProtection(node) : null);
        });
      }
      return names.map((branch) => branchCache.get(branch)).filter((entry): entry is BranchProtection => entry !== null && entry !== undefined);
    },
    bestPracticesBadge: once(async () => (options.bestPractices ? options.bestPractices.lookup(`https://github.com/${repo}`) : null)),
    apiCalls: () => api.requestCount() - start + (options.bestPractices?.calls() ?? 0),
  };
}
