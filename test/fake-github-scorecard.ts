import { startTestServer, type TestServer } from './http-server.js';

/** What the fake knows about one repository, in the shapes GitHub's APIs answer. */
export interface FakeScorecardRepo {
  /** The `repository` object of GitHub's GraphQL answer to the Scorecard repository query. */
  repository: Record<string, unknown>;
  /** Branch name → `Ref` object (name, refUpdateRule, branchProtectionRule). */
  branches: Record<string, Record<string, unknown>>;
  /** REST `GET /repos/{owner}/{repo}/releases` items. */
  releases: Record<string, unknown>[];
  /** REST contributors items ({ login, contributions }). */
  contributors: { login: string; contributions: number }[];
  /** GraphQL `User` objects by login. */
  users: Record<string, { login: string; company: string | null; organizations: { nodes: { login: string }[] } }>;
  /** REST hooks, or a status code (403 without admin rights). */
  hooks: Record<string, unknown>[] | number;
  /** bestpractices.dev projects.json answer. */
  bestPractices: { badge_level: string }[];
  /** Files at HEAD (path → text), answered by the git trees and contents APIs (an org's `.github` policy). */
  files?: Record<string, string>;
}

/**
 * A local GitHub for the Scorecard forge: the GraphQL endpoint answers Vigil's three documents
 * (told apart by operation name, as GitHub executes any document), REST answers releases,
 * contributors and hooks, and `/projects.json` plays bestpractices.dev.
 */
export async function startFakeScorecardGitHub(repos: Record<string, FakeScorecardRepo>): Promise<TestServer> {
  const find = (owner: string | undefined, name: string | undefined): FakeScorecardRepo | undefined => repos[`${owner}/${name}`];
  const notFound = { status: 404, body: { message: 'Not Found' } };
  return startTestServer([
    {
      method: 'POST',
      path: '/graphql',
      handler: ({ body, headers }) => {
        if (!headers.authorization) return { status: 401, body: { message: 'Requires authentication' } };
        const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, string> };
        const operation = /query\s+(\w+)/.exec(query)?.[1];
        if (operation === 'ScorecardUsers') {
          const data: Record<string, unknown> = {};
          for (const [key, login] of Object.entries(variables)) {
            const user = Object.values(repos).map((repo) => repo.users[login]).find(Boolean);
            data[key.replace(/^l/, 'u')] = user ?? null;
          }
          return { body: { data } };
        }
        const repo = find(variables.owner, variables.name);
        if (!repo) return { body: { data: { repository: null }, errors: [{ type: 'NOT_FOUND', message: `Could not resolve to a Repository with the name '${variables.owner}/${variables.name}'.` }] } };
        if (operation === 'ScorecardRepository') return { body: { data: { repository: repo.repository } } };
        if (operation === 'ScorecardBranches') {
          const refs: Record<string, unknown> = {};
          for (const [key, ref] of Object.entries(variables)) if (/^r\d+$/.test(key)) refs[key.replace(/^r/, 'b')] = repo.branches[ref.replace(/^refs\/heads\//, '')] ?? null;
          return { body: { data: { repository: refs } } };
        }
        return { status: 400, body: { message: `unknown operation ${operation}` } };
      },
    },
    { method: 'GET', path: '/repos/:owner/:repo/releases', handler: ({ params }) => { const repo = find(params.owner, params.repo); return repo ? { body: repo.releases } : notFound; } },
    { method: 'GET', path: '/repos/:owner/:repo/contributors', handler: ({ params }) => { const repo = find(params.owner, params.repo); return repo ? { body: repo.contributors } : notFound; } },
    {
      method: 'GET',
      path: '/repos/:owner/:repo/hooks',
      handler: ({ params }) => {
        const repo = find(params.owner, params.repo);
        if (!repo) return notFound;
        return typeof repo.hooks === 'number' ? { status: repo.hooks, body: { message: 'Must have admin rights to Repository.' } } : { body: repo.hooks };
      },
    },
    {
      method: 'GET',
      path: '/repos/:owner/:repo/git/trees/:sha',
      handler: ({ params, url }) => {
        const files = find(params.owner, params.repo)?.files;
        if (!files) return notFound;
        const paths = Object.keys(files).sort();
        const directories = new Set(paths.flatMap((path) => path.split('/').slice(0, -1).map((_, index, parts) => parts.slice(0, index + 1).join('/'))));
        const entries = url.searchParams.get('recursive') ? [...paths.map((path) => ({ path, type: 'blob' })), ...[...directories].map((path) => ({ path, type: 'tree' }))] : paths.filter((path) => !path.includes('/')).map((path) => ({ path, type: 'blob' }));
        entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        return { body: { sha: 'f'.repeat(40), truncated: false, tree: entries.map((entry) => ({ ...entry, mode: entry.type === 'tree' ? '040000' : '100644', sha: 'e'.repeat(40) })) } };
      },
    },
    {
      method: 'GET',
      path: '/repos/:owner/:repo/contents/:path*',
      handler: ({ params }) => {
        const text = find(params.owner, params.repo)?.files?.[decodeURIComponent(params.path ?? '')];
        return text === undefined ? notFound : { body: { type: 'file', path: params.path, encoding: 'base64', content: Buffer.from(text).toString('base64') } };
      },
    },
    {
      method: 'GET',
      path: '/projects.json',
      handler: ({ url }) => {
        const match = /github\.com\/([^/]+)\/([^/]+)$/.exec(url.searchParams.get('url') ?? '');
        return { body: find(match?.[1], match?.[2])?.bestPractices ?? [] };
      },
    },
  ]);
}



/** A commit landed through a pull request, reviewed by someone else, CI and CodeQL green on its head. */
function landed(day: (n: number) => string, index: number, options: { reviewed?: boolean; tested?: boolean; sast?: boolean; bot?: boolean } = {}) {
  const { reviewed = true, tested = true, sast = true, bot = false } = options;
  return {
    oid: `${index}`.padStart(40, 'a'),
    committedDate: day(index * 5),
    message: `change ${index}`,
    author: { email: 'dev@example.com', user: { login: 'dev' } },
    associatedPullRequests: {
      nodes: [
        {
          number: 100 + index,
          mergedAt: day(index * 5),
          headRefOid: `${index}`.padStart(40, 'b'),
          author: bot ? { __typename: 'Bot', login: 'dependabot' } : { __typename: 'User', login: 'dev' },
          mergedBy: { login: bot ? 'maintainer' : 'dev' },
          labels: { nodes: [] },
          reviews: { nodes: reviewed ? [{ state: 'APPROVED', author: { login: 'reviewer' } }] : [] },
          commits: {
            nodes: [
              {
                commit: {
                  status: { contexts: tested ? [{ state: 'SUCCESS', context: 'ci/jenkins: test', targetUrl: 'https://ci.example/1' }] : [] },
                  checkSuites: { nodes: sast ? [{ app: { slug: 'github-code-scanning' }, success: { totalCount: 1 }, neutral: { totalCount: 0 } }] : [] },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

const rule = { allowsDeletions: false, allowsForcePushes: false, requiredApprovingReviewCount: 1, requiresCodeOwnerReviews: false, requiresLinearHistory: false, requiredStatusCheckContexts: ['test'] };

/**
 * A repository shaped like nodejs/node as GitHub describes it: five landed commits (one unreviewed
 * and untested, one from a bot), two active issues, a protected main and an unprotected release
 * branch, a signed and an unsigned release, three contributors, two hooks, a passing badge.
 */
export function nodeLikeRepo(now: Date): FakeScorecardRepo {
  const day = (n: number): string => new Date(now.getTime() - n * 86_400_000).toISOString();
  return {
  repository: {
    isArchived: false,
    createdAt: '2014-11-26T19:57:11Z',
    defaultBranchRef: {
      name: 'main',
      refUpdateRule: rule,
      branchProtectionRule: null,
      target: { history: { nodes: [landed(day, 1), landed(day, 2), landed(day, 3, { reviewed: false, tested: false, sast: false }), landed(day, 4, { bot: true, reviewed: false }), landed(day, 30)] } },
    },
    issues: { nodes: [{ createdAt: day(3), authorAssociation: 'MEMBER', comments: { nodes: [] } }, { createdAt: day(200), authorAssociation: 'NONE', comments: { nodes: [{ createdAt: day(1), authorAssociation: 'COLLABORATOR' }] } }] },
  },
  branches: { 'v22.x': { name: 'v22.x', refUpdateRule: null, branchProtectionRule: null } },
  releases: [
    { tag_name: 'v23.0.0', html_url: 'https://github.com/nodejs/node/releases/v23.0.0', target_commitish: 'main', assets: [{ name: 'node.tar.gz', browser_download_url: 'u1' }, { name: 'node.tar.gz.sig', browser_download_url: 'u2' }] },
    { tag_name: 'v22.1.0', html_url: 'https://github.com/nodejs/node/releases/v22.1.0', target_commitish: 'v22.x', assets: [{ name: 'node.tar.gz', browser_download_url: 'u3' }] },
  ],
  contributors: [
    { login: 'a', contributions: 50 },
    { login: 'b', contributions: 9 },
    { login: 'c', contributions: 2 },
  ],
  users: {
    a: { login: 'a', company: '@RedHat, Inc.', organizations: { nodes: [{ login: 'nodejs' }] } },
    b: { login: 'b', company: 'NearForm', organizations: { nodes: [] } },
    c: { login: 'c', company: 'Ignored Corp', organizations: { nodes: [] } },
  },
  hooks: [{ url: 'https://api.github.com/hooks/1', config: { secret: '********' } }, { url: 'https://api.github.com/hooks/2', config: {} }],
  bestPractices: [{ badge_level: 'passing' }],
};
}
