import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTaggedRepo, startFakeUpstream } from '../../../test/fake-upstream.js';
import { vendoredDependencies } from '../../inventory/index.js';
import { upstreamSources } from '../knowledge/sources.js';
import { fileEtagCache, memoryEtagCache } from './etag-cache.js';
import { parseLsRemote } from './git-tags.js';
import { createDatasources } from './registry.js';

describe('datasources against a local server', () => {
  let server: Awaited<ReturnType<typeof startFakeUpstream>>;
  before(async () => {
    server = await startFakeUpstream({
      releases: { 'acme/lib': [{ tag: 'v2.0.0', date: '2024-01-01T00:00:00Z' }, { tag: 'nightly-2024', date: '2024-02-01T00:00:00Z' }] },
      npm: { '@scope/pkg': [{ version: '1.0.0', integrity: 'sha512-abc' }] },
      pages: { 'download.html': '<a href="2024/sqlite-amalgamation-3470200.zip">x</a> <a href="sqlite-amalgamation-3460100.zip">' },
    });
  });
  after(() => server.close());
  const datasources = (cache = memoryEtagCache()) => createDatasources({ npm: { registry: server.url, timeoutMs: 5000 }, github: { baseUrl: server.url, token: 'secret-token', timeoutMs: 5000 }, timeoutMs: 5000, cache, retries: 0 });

  it('github releases: reports tags that do not parse, sends the token, and revalidates with the ETag (also across runs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-etag-'));
    const cache = fileEtagCache(join(dir, 'etags.json'));
    const source = { datasource: 'github-releases' as const, repo: 'acme/lib', tagPattern: '^v(?<version>\\d+\\.\\d+\\.\\d+)$' };
    const first = await datasources(cache).get('github-releases')!.releases(source);
    assert.deepEqual(first.releases, [{ version: '2.0.0', publishedAt: '2024-01-01T00:00:00Z', tag: 'v2.0.0' }]);
    assert.deepEqual(first.unparsed, ['nightly-2024']);
    await cache.save();
    const second = await datasources(fileEtagCache(join(dir, 'etags.json'))).get('github-releases')!.releases(source);
    assert.equal(second.notModified, 1);
    assert.deepEqual(second.releases, first.releases);
    const request = server.requests.filter((entry) => entry.url.pathname === '/repos/acme/lib/releases').pop()!;
    assert.equal(request.headers.authorization, 'Bearer secret-token');
    assert.ok(request.headers['if-none-match']);
  });

  it('npm: scoped names, tarball integrity; a missing package is an error, not "no updates"', async () => {
    const list = await datasources().get('npm')!.releases({ datasource: 'npm', package: '@scope/pkg' });
    assert.equal(list.releases[0]?.tarball?.integrity, 'sha512-abc');
    await assert.rejects(datasources().get('npm')!.releases({ datasource: 'npm', package: 'nope' }), /npm registry has no package "nope"/);
  });

  it('url-pattern: every version a page lists (SQLite numbers)', async () => {
    const list = await datasources().get('url-pattern')!.releases({ datasource: 'url-pattern', url: `${server.url}/pages/download.html`, pattern: 'sqlite-amalgamation-(?<version>\\d{7})\\.zip', transform: 'sqlite-number' });
    assert.deepEqual(list.releases.map((release) => release.version).sort(), ['3.46.1', '3.47.2']);
  });

  it('git-tags: a local remote through git ls-remote', async () => {
    const repo = createTaggedRepo(mkdtempSync(join(tmpdir(), 'vigil-tags-')), ['v1.0.0', 'v1.1.0', 'junk']);
    const list = await datasources().get('git-tags')!.releases({ datasource: 'git-tags', url: repo, tagPattern: '^v(?<version>\\d+\\.\\d+\\.\\d+)$' });
    assert.deepEqual(list.releases.map((release) => release.version).sort(), ['1.0.0', '1.1.0']);
    assert.deepEqual(list.unparsed, ['junk']);
    assert.deepEqual(parseLsRemote(`${'a'.repeat(40)}\trefs/tags/x\n`), ['x']);
  });

  it('every vendored dependency the inventory knows has an upstream entry', () => {
    assert.deepEqual(vendoredDependencies.map((entry) => entry.id).filter((id) => !(id in upstreamSources)), []);
  });
});

describe('npm datasource against the real registry (needs the network; VIGIL_OFFLINE=1 skips)', { skip: process.env.VIGIL_OFFLINE ? 'VIGIL_OFFLINE is set' : false }, () => {
  it('reads acorn-walk from registry.npmjs.org with integrity hashes', async () => {
    const sources = createDatasources({ npm: { registry: 'https://registry.npmjs.org', timeoutMs: 20_000 }, github: { baseUrl: 'http://127.0.0.1:9', token: undefined, timeoutMs: 1000 }, timeoutMs: 20_000, cache: memoryEtagCache(), retries: 1 });
    const list = await sources.get('npm')!.releases({ datasource: 'npm', package: 'acorn-walk' });
    const known = list.releases.find((release) => release.version === '8.2.0');
    assert.ok(known, 'acorn-walk 8.2.0 (vendored by Node v20.5.1) is on the registry');
    assert.match(known.tarball?.integrity ?? '', /^sha512-/);
    assert.ok(known.publishedAt !== undefined && !Number.isNaN(Date.parse(known.publishedAt)), 'the registry dates every version');
  });
});

