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
      path: '/projects.json',
      handler: ({ url }) => {
        const match = /github\.com\/([^/]+)\/([^/]+)$/.exec(url.searchParams.get('url') ?? '');
        return { body: find(match?.[1], match?.[2])?.bestPractices ?? [] };
      },
    },
  ]);
}
