import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { startTestServer, type TestResponse, type TestServer } from './http-server.js';

/** What the fake upstreams publish: GitHub releases and tags per repo, npm versions per package, web pages. */
export interface UpstreamData {
  releases?: Record<string, { tag: string; date?: string }[]>;
  tags?: Record<string, string[]>;
  npm?: Record<string, { version: string; date?: string; integrity?: string; tarball?: Buffer; deprecated?: string; engines?: Record<string, string> }[]>;
  /** npm dist-tags per package, beside `latest` (the last version listed unless given here). */
  distTags?: Record<string, Record<string, string>>;
  pages?: Record<string, string>;
  /** Repositories that answer as GitHub does when the rate limit is exhausted. */
  rateLimited?: string[];
}

const etagOf = (body: string): string => `W/"${createHash('sha1').update(body).digest('hex')}"`;

/**
 * A local server answering as GitHub's REST API (releases, tags, with ETags and 304s) and the npm
 * registry (packuments, tarballs) do, for the datasources' tests and the bench.
 */
export async function startFakeUpstream(data: UpstreamData): Promise<TestServer & { base: { url: string } }> {
  const base = { url: '' };
  const conditional = (body: string, ifNoneMatch: string | string[] | undefined): TestResponse => {
    const etag = etagOf(body);
    return ifNoneMatch === etag ? { status: 304, headers: { etag } } : { headers: { etag, 'content-type': 'application/json' }, body };
  };
  const server = await startTestServer([
    {
      method: 'GET',
      path: '/repos/:owner/:repo/releases',
      handler: ({ params, headers }) => {
        const repo = `${params.owner}/${params.repo}`;
        if (data.rateLimited?.includes(repo)) return { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) }, body: { message: 'API rate limit exceeded' } };
        const list = data.releases?.[repo];
        if (!list) return { status: 404, body: { message: 'Not Found' } };
        return conditional(JSON.stringify(list.map((release) => ({ tag_name: release.tag, published_at: release.date ?? null, draft: false, prerelease: false }))), headers['if-none-match']);
      },
    },
    {
      method: 'GET',
      path: '/repos/:owner/:repo/tags',
      handler: ({ params, headers }) => {
        const list = data.tags?.[`${params.owner}/${params.repo}`];
        if (!list) return { status: 404, body: { message: 'Not Found' } };
        return conditional(JSON.stringify(list.map((name) => ({ name, commit: { sha: '0'.repeat(40) } }))), headers['if-none-match']);
      },
    },
    {
      method: 'GET',
      path: '/tarballs/:file',
      handler: ({ params }) => {
        for (const [name, versions] of Object.entries(data.npm ?? {})) {
          const found = versions.find((entry) => `${name.replace('/', '-')}-${entry.version}.tgz` === params.file);
          if (found?.tarball) return { headers: { 'content-type': 'application/octet-stream' }, body: found.tarball };
        }
        return { status: 404, body: { message: 'Not Found' } };
      },
    },
    {
      method: 'GET',
      path: '/pages/:page',
      handler: ({ params }) => (data.pages?.[params.page!] !== undefined ? { headers: { 'content-type': 'text/html' }, body: data.pages[params.page!] } : { status: 404, body: 'not found' }),
    },
    {
      method: 'GET',
      path: '/:name',
      handler: ({ params, headers }) => {
        const name = params.name!;
        const versions = data.npm?.[name];
        if (!versions) return { status: 404, body: { error: 'Not found' } };
        const packument = {
          name,
          'dist-tags': { latest: versions[versions.length - 1]?.version, ...data.distTags?.[name] },
          versions: Object.fromEntries(versions.map((entry) => [entry.version, { name, version: entry.version, ...(entry.deprecated !== undefined ? { deprecated: entry.deprecated } : {}), ...(entry.engines ? { engines: entry.engines } : {}), dist: { tarball: `${base.url}/tarballs/${name.replace('/', '-')}-${entry.version}.tgz`, ...(entry.integrity ? { integrity: entry.integrity } : {}) } }])),
          time: Object.fromEntries(versions.filter((entry) => entry.date).map((entry) => [entry.version, entry.date])),
        };
        return conditional(JSON.stringify(packument), headers['if-none-match']);
      },
    },
  ]);
  base.url = server.url;
  return Object.assign(server, { base });
}

/** A local bare git repository with these tags, for the `git ls-remote` datasource. */
export function createTaggedRepo(dir: string, tags: string[]): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  git('init', '-q', '-b', 'main');
  git('commit', '-q', '--allow-empty', '-m', 'root');
  for (const tag of tags) git('tag', tag);
  return dir;
}
