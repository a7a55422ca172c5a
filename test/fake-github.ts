import { createHash } from 'node:crypto';
import { startTestServer, type Route, type TestServer } from './http-server.js';

/** An issue as the fake keeps it. */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  comments: string[];
  repo: string;
  pull_request?: boolean;
  updated_at: string;
}

/** A pull request as the fake keeps it. */
export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  repo: string;
}

/** In-memory state of the fake; tests read and seed it directly. */
export interface FakeGitHubState {
  issues: FakeIssue[];
  pulls: FakePull[];
  /** `owner/repo` → branch → commit sha. */
  refs: Map<string, Map<string, string>>;
  commits: Map<string, { tree: string; parents: string[]; message: string }>;
  trees: Map<string, Map<string, string>>;
  blobs: Map<string, string>;
  defaultBranch: string;
}

const sha = (text: string): string => createHash('sha1').update(text).digest('hex');

/**
 * A local server answering the subset of GitHub's REST API that Vigil's forge uses: issues
 * (list, create, update, comment), search/issues, and the git data + pulls endpoints behind
 * `proposeChange`. Shapes follow GitHub's documented responses; pagination follows Link headers.
 */
export async function startFakeGitHub(options: {
  repos: string[];
  perPage?: number;
  /** What `GET /orgs/:org/repos` lists (org matched case-insensitively, as GitHub does). */
  orgRepos?: { owner: string; name: string; archived?: boolean; fork?: boolean }[];
}): Promise<TestServer & { state: FakeGitHubState }> {
  const state: FakeGitHubState = { issues: [], pulls: [], refs: new Map(), commits: new Map(), trees: new Map(), blobs: new Map(), defaultBranch: 'main' };
  for (const repo of options.repos) {
    const tree = sha(`tree:${repo}`);
    state.trees.set(tree, new Map());
    const commit = sha(`root:${repo}`);
    state.commits.set(commit, { tree, parents: [], message: 'initial' });
    state.refs.set(repo, new Map([[state.defaultBranch, commit]]));
  }
  let nextNumber = 1;
  // Filled once the server listens; routes only run after that.
  const base = { url: '' };
  const html = (repo: string, kind: string, number: number): string => `https://github.com/${repo}/${kind}/${number}`;
  const issueJson = (issue: FakeIssue): Record<string, unknown> => ({
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    html_url: html(issue.repo, issue.pull_request ? 'pull' : 'issues', issue.number),
    repository_url: `${base.url}/repos/${issue.repo}`,
    labels: issue.labels.map((name) => ({ name })),
    updated_at: issue.updated_at,
    user: { login: 'someone' },
    ...(issue.pull_request ? { pull_request: { url: '' } } : {}),
  });
  const paginate = (items: unknown[], url: URL): { headers: Record<string, string>; body: unknown[] } => {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), options.perPage ?? 100);
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < items.length) {
      const next = new URL(url.toString());
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${base.url}${next.pathname}${next.search}>; rel="next"`;
    }
    return { headers, body: slice };
  };
  const repoOf = (params: Record<string, string>): string => `${params.owner}/${params.repo}`;
  const routes: Route[] = [
    {
      method: 'GET',
      path: '/orgs/:org/repos',
      handler: ({ params, url }) => {
        const items = (options.orgRepos ?? [])
          .filter((repo) => repo.owner.toLowerCase() === params.org!.toLowerCase())
          .map((repo) => ({ name: repo.name, full_name: `${repo.owner}/${repo.name}`, archived: repo.archived ?? false, fork: repo.fork ?? false }));
        if (items.length === 0) return { status: 404, body: { message: 'Not Found' } };
        return paginate(items, url);
      },
    },
    { method: 'GET', path: '/repos/:owner/:repo', handler: ({ params }) => ({ body: { full_name: repoOf(params), default_branch: state.defaultBranch, archived: false, fork: false } }) },
    {
      method: 'GET',
      path: '/repos/:owner/:repo/issues',
      handler: ({ params, url }) => {
        const wanted = url.searchParams.get('state') ?? 'open';
        const label = url.searchParams.get('labels');
        const items = state.issues
          .filter((issue) => issue.repo === repoOf(params) && (wanted === 'all' || issue.state === wanted) && (!label || issue.labels.includes(label)))
          .map(issueJson);
        const { headers, body } = paginate(items, url);
        return { headers, body };
      },
    },
    {
      method: 'POST',
      path: '/repos/:owner/:repo/issues',
      handler: ({ params, body }) => {
        const input = JSON.parse(body) as { title: string; body?: string; labels?: string[] };
        const issue: FakeIssue = { number: nextNumber++, title: input.title, body: input.body ?? '', state: 'open', labels: input.labels ?? [], comments: [], repo: repoOf(params), updated_at: new Date().toISOString() };
        state.issues.push(issue);
        return { status: 201, body: issueJson(issue) };
      },
    },
    {
      method: 'PATCH',
      path: '/repos/:owner/:repo/issues/:number',
      handler: ({ params, body }) => {
        const issue = state.issues.find((candidate) => candidate.repo === repoOf(params) && candidate.number === Number(params.number));
        if (!issue) return { status: 404, body: { message: 'Not Found' } };
        const input = JSON.parse(body) as Partial<FakeIssue>;
        Object.assign(issue, Object.fromEntries(Object.entries(input).filter(([key]) => ['title', 'body', 'state'].includes(key))));
        return { body: issueJson(issue) };
      },
    },
    {
      method: 'POST',
      path: '/repos/:owner/:repo/issues/:number/comments',
      handler: ({ params, body }) => {
        const issue = state.issues.find((candidate) => candidate.repo === repoOf(params) && candidate.number === Number(params.number));
        if (!issue) return { status: 404, body: { message: 'Not Found' } };
        issue.comments.push((JSON.parse(body) as { body: string }).body);
        return { status: 201, body: { id: issue.comments.length } };
      },
    },
    {
      method: 'GET',
      path: '/search/issues',
      handler: ({ url }) => {
        const query = url.searchParams.get('q') ?? '';
        const label = /label:"?([^"\s]+)"?/.exec(query)?.[1];
        const org = /org:(\S+)/.exec(query)?.[1];
        const onlyOpen = /is:open|state:open/.test(query);
        const repo = /repo:(\S+)/.exec(query)?.[1];
        const title = /in:title "([^"]+)"/.exec(query)?.[1];
        const items = state.issues
          .filter((issue) => (!label || issue.labels.includes(label)) && (!org || issue.repo.startsWith(`${org}/`)) && (!onlyOpen || issue.state === 'open') && (!repo || issue.repo === repo) && (!title || issue.title.includes(title)))
          .map(issueJson);
        const { headers, body } = paginate(items, url);
        return { headers, body: { total_count: items.length, incomplete_results: false, items: body } };
      },
    },
    {
      method: 'GET',
      path: '/repos/:owner/:repo/git/ref/:ref*',
      handler: ({ params }) => {
        const branch = (params.ref ?? '').replace(/^heads\//, '');
        const commit = state.refs.get(repoOf(params))?.get(branch);
        return commit ? { body: { ref: `refs/heads/${branch}`, object: { sha: commit, type: 'commit' } } } : { status: 404, body: { message: 'Not Found' } };
      },
    },
    {
      method: 'GET',
      path: '/repos/:owner/:repo/git/commits/:sha',
      handler: ({ params }) => {
        const commit = state.commits.get(params.sha ?? '');
        return commit ? { body: { sha: params.sha, tree: { sha: commit.tree }, parents: commit.parents.map((parent) => ({ sha: parent })), message: commit.message } } : { status: 404, body: { message: 'Not Found' } };
      },
    },
    {
      method: 'POST',
      path: '/repos/:owner/:repo/git/blobs',
      handler: ({ body }) => {
        const input = JSON.parse(body) as { content: string; encoding: string };
        const content = input.encoding === 'base64' ? Buffer.from(input.content, 'base64').toString('utf8') : input.content;
        const id = sha(`blob:${content}`);
        state.blobs.set(id, content);
        return { status: 201, body: { sha: id } };
      },
    },
    {
      method: 'POST',
      path: '/repos/:owner/:repo/git/trees',
      handler: ({ body }) => {
        const input = JSON.parse(body) as { base_tree?: string; tree: { path: string; sha: string | null }[] };
        const files = new Map(state.trees.get(input.base_tree ?? '') ?? []);
        for (const entry of input.tree) {
          if (entry.sha === null) files.delete(entry.path);
          else files.set(entry.path, entry.sha);
        }
        const id = sha(`tree:${JSON.stringify([...files].sort())}`);
        state.trees.set(id, files);
        return { status: 201, body: { sha: id } };
      },
    },
    {
      method: 'POST',
      path: '/repos/:owner/:repo/git/commits',
      handler: ({ body }) => {
        const input = JSON.parse(body) as { tree: string; parents: string[]; message: string };
        const id = sha(`commit:${input.tree}:${input.parents.join(',')}:${input.message}:${state.commits.size}`);
        state.commits.set(id, input);
        return { status: 201, body: { sha: id } };
      },
    },
    {
      method: 'POST',
      path: '/repos/:owner/:repo/git/refs',
      handler: ({ params, body }) => {
        const input = JSON.parse(body) as { ref: string; sha: string };
        const branch = input.ref.replace(/^refs\/heads\//, '');
        const refs = state.refs.get(repoOf(params));
        if (!refs) return { status: 404, body: { message: 'Not Found' } };
        if (refs.has(branch)) return { status: 422, body: { message: 'Reference already exists' } };
        refs.set(branch, input.sha);
        return { status: 201, body: { ref: input.ref, object: { sha: input.sha } } };
      },
    },
    {
      method: 'PATCH',
      path: '/repos/:owner/:repo/git/refs/:ref*',
      handler: ({ params, body }) => {
        const branch = (params.ref ?? '').replace(/^heads\//, '');
        const refs = state.refs.get(repoOf(params));
        if (!refs?.has(branch)) return { status: 422, body: { message: 'Reference does not exist' } };
        refs.set(branch, (JSON.parse(body) as { sha: string }).sha);
        return { body: { ref: `refs/heads/${branch}` } };
      },
    },
    {
      method: 'GET',
      path: '/repos/:owner/:repo/pulls',
      handler: ({ params, url }) => {
        const head = url.searchParams.get('head')?.split(':').pop();
        const wanted = url.searchParams.get('state') ?? 'open';
        const items = state.pulls
          .filter((pull) => pull.repo === repoOf(params) && (!head || pull.head === head) && (wanted === 'all' || pull.state === wanted))
          .map((pull) => ({ number: pull.number, title: pull.title, body: pull.body, state: pull.state, html_url: html(pull.repo, 'pull', pull.number), head: { ref: pull.head, sha: state.refs.get(pull.repo)?.get(pull.head) }, base: { ref: pull.base } }));
        return { body: items };
      },
    },
    {
      method: 'POST',
      path: '/repos/:owner/:repo/pulls',
      handler: ({ params, body }) => {
        const input = JSON.parse(body) as { title: string; body: string; head: string; base: string };
        const pull: FakePull = { number: nextNumber++, title: input.title, body: input.body, head: input.head, base: input.base, state: 'open', repo: repoOf(params) };
        state.pulls.push(pull);
        return { status: 201, body: { number: pull.number, html_url: html(pull.repo, 'pull', pull.number) } };
      },
    },
    {
      method: 'PATCH',
      path: '/repos/:owner/:repo/pulls/:number',
      handler: ({ params, body }) => {
        const pull = state.pulls.find((candidate) => candidate.repo === repoOf(params) && candidate.number === Number(params.number));
        if (!pull) return { status: 404, body: { message: 'Not Found' } };
        const input = JSON.parse(body) as { title?: string; body?: string };
        if (input.title !== undefined) pull.title = input.title;
        if (input.body !== undefined) pull.body = input.body;
        return { body: { number: pull.number, html_url: html(pull.repo, 'pull', pull.number) } };
      },
    },
  ];
  const server = await startTestServer(routes);
  base.url = server.url;
  return Object.assign(server, { state });
}

/** Read a file's text on a branch of the fake, following refs → commit → tree → blob. */
export function fakeFileOnBranch(state: FakeGitHubState, repo: string, branch: string, path: string): string | undefined {
  const commit = state.commits.get(state.refs.get(repo)?.get(branch) ?? '');
  const blob = state.trees.get(commit?.tree ?? '')?.get(path);
  return blob === undefined ? undefined : state.blobs.get(blob);
}
