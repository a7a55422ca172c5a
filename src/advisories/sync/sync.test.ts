import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { c as createTar } from 'tar';
import { fixture } from '../../../test/fixtures.js';
import { startTestServer, type Route, type TestResponse, type TestServer } from '../../../test/http-server.js';
import { writeZip } from '../../../test/zip-writer.js';
import { HttpClient } from '../../util/http.js';
import { createMemoryLogger } from '../../util/log.js';
import type { ImportProblem } from '../sources/types.js';
import { SqliteAdvisoryStore } from '../../store/sqlite/advisories.js';
import type { AdvisoryStore } from '../../store/advisories/types.js';
import { syncFeeds } from './index.js';
import { RateLimiter } from './rate-limit.js';
import type { SyncContext } from './types.js';

const servers: TestServer[] = [];
after(async () => {
  for (const server of servers) await server.close();
});

/** A clock that only moves when someone sleeps (or the test says so): no real waiting, no timing. */
function fakeClock(start: string) {
  let now = Date.parse(start);
  const sleeps: number[] = [];
  return {
    now: () => new Date(now),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => void (now += ms),
    sleeps,
  };
}

async function setup(routes: Route[], options: { token?: string; apiKey?: string; clock?: ReturnType<typeof fakeClock>; store?: AdvisoryStore } = {}) {
  const server = await startTestServer(routes);
  servers.push(server);
  const clock = options.clock ?? fakeClock('2026-11-23T00:00:00Z');
  const httpSleeps: number[] = [];
  const client = (path: string, extra: { token?: string; headers?: Record<string, string> } = {}) =>
    new HttpClient({ baseUrl: `${server.url}${path}`, ...extra, retries: 3, sleep: async (ms) => void httpSleeps.push(ms) });
  const problems: ImportProblem[] = [];
  const store = options.store ?? SqliteAdvisoryStore.open(join(mkdtempSync(join(tmpdir(), 'vigil-sync-')), 'vigil.db'));
  const logger = createMemoryLogger();
  const context: SyncContext = {
    store,
    http: {
      osv: client('/osv'),
      github: client('/github', options.token ? { token: options.token } : {}),
      nvd: client('/rest/json/cves/2.0', options.apiKey ? { headers: { apiKey: options.apiKey } } : {}),
    },
    settings: { osvEcosystems: ['npm'], ghsaEcosystems: ['npm'], securityWgRepo: 'nodejs/security-wg', securityWgRef: 'main', nvdApiKey: Boolean(options.apiKey) },
    now: clock.now,
    sleep: clock.sleep,
    scratchDir: mkdtempSync(join(tmpdir(), 'vigil-sync-scratch-')),
    onProblem: (problem) => void problems.push(problem),
    progress: (label) => logger.progress(label),
  };
  return { server, context, store, problems, httpSleeps, clock };
}

describe('db sync: OSV bucket', () => {
  it('downloads all.zip after a 503 with Retry-After, stores the ETag, and skips an unchanged dump with a 304', async () => {
    const zip = writeZip([
      { name: 'MAL-2025-10.json', data: JSON.stringify({ id: 'MAL-2025-10', modified: '2025-03-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'evil' }, versions: ['1.0.0'] }] }) },
      { name: 'broken.json', data: '{"id": ' },
    ]);
    let calls = 0;
    const { context, store, problems, httpSleeps, server } = await setup([
      {
        method: 'GET',
        path: '/osv/npm/all.zip',
        handler: (request): TestResponse => {
          calls++;
          if (calls === 1) return { status: 503, headers: { 'retry-after': '7' }, body: 'slow down' };
          if (request.headers['if-none-match'] === '"etag-1"') return { status: 304 };
          return { headers: { etag: '"etag-1"', 'content-type': 'application/zip' }, body: zip };
        },
      },
    ]);
    const [first] = await syncFeeds(context, ['osv']);
    assert.equal(first?.error, undefined);
    assert.equal(first?.results[0]?.summary?.inserted, 1);
    assert.deepEqual(httpSleeps, [7000]);
    assert.match(problems[0]?.file ?? '', /all\.zip:broken\.json$/);
    assert.equal((await store.source('osv:npm'))?.cursor, '"etag-1"');
    const [second] = await syncFeeds(context, ['osv']);
    assert.equal(second?.results[0]?.summary, null);
    assert.equal(server.requests.at(-1)?.headers['if-none-match'], '"etag-1"');
    assert.equal((await store.status()).advisories, 1);
  });
});

describe('db sync: an interrupted OSV download', () => {
  it('applies nothing from a dump cut short in transit, keeps the old cursor, and fetches it whole next time', async () => {
    const record = (n: number) => ({ name: `MAL-2025-2${n}.json`, data: JSON.stringify({ id: `MAL-2025-2${n}`, modified: '2025-03-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: `evil-${n}` }, versions: ['1.0.0'] }] }) });
    const whole = writeZip([1, 2, 3].map(record));
    // Cut inside the third entry: the first two could be recovered, as `db import` would.
    const cut = whole.subarray(0, whole.indexOf(Buffer.from('MAL-2025-23.json')) + 20);
    let served = 0;
    const { context, store } = await setup([
      {
        method: 'GET',
        path: '/osv/npm/all.zip',
        handler: (): TestResponse => (served++ === 0 ? { headers: { etag: '"cut"' }, body: cut } : { headers: { etag: '"whole"' }, body: whole }),
      },
    ]);
    const [interrupted] = await syncFeeds(context, ['osv']);
    assert.match(interrupted?.error?.message ?? '', /not a whole zip \(truncated archive: no central directory; recovered 2 entries/);
    assert.equal((await store.status()).advisories, 0, 'no half-applied source');
    assert.equal(await store.source('osv:npm'), null, 'the cursor did not move');
    const [resumed] = await syncFeeds(context, ['osv']);
    assert.equal(resumed?.error, undefined);
    assert.equal(resumed?.results[0]?.summary?.inserted, 3);
    assert.equal((await store.source('osv:npm'))?.cursor, '"whole"');
  });
});

describe('db sync: GitHub advisories', () => {
  const ghsa = (id: string, updated: string, name: string) => ({
    ghsa_id: id,
    cve_id: null,
    summary: `${name} is vulnerable`,
    type: 'reviewed',
    severity: 'medium',
    identifiers: [{ type: 'GHSA', value: id }],
    updated_at: updated,
    published_at: updated,
    withdrawn_at: null,
    vulnerabilities: [{ package: { ecosystem: 'npm', name }, vulnerable_version_range: '<= 2.0.0', first_patched_version: null, vulnerable_functions: [] }],
    cvss_severities: { cvss_v3: { vector_string: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 7.5 }, cvss_v4: null },
    cwes: [{ cwe_id: 'CWE-400', name: 'Uncontrolled Resource Consumption' }],
  });

  it('follows Link pagination with the token, maps GitHub ranges to OSV, and asks only for updates next time', async () => {
    const { context, store, server } = await setup(
      [
        {
          method: 'GET',
          path: '/github/advisories',
          handler: (request) => {
            if (request.url.searchParams.get('after') === 'page2') return { body: [ghsa('GHSA-2222-3333-4444', '2025-05-02T00:00:00Z', 'b')] };
            if (request.url.searchParams.has('updated')) return { body: [] };
            return {
              headers: { link: `<${server.url}/github/advisories?ecosystem=npm&per_page=100&after=page2>; rel="next"` },
              body: [ghsa('GHSA-2222-3333-5555', '2025-05-01T00:00:00Z', 'a')],
            };
          },
        },
      ],
      { token: 'ghp_secret' },
    );
    const [outcome] = await syncFeeds(context, ['ghsa']);
    assert.equal(outcome?.error, undefined);
    assert.equal(outcome?.results[0]?.records, 2);
    assert.equal(server.requests[0]?.headers.authorization, 'Bearer ghp_secret');
    const stored = await store.get('GHSA-2222-3333-4444');
    assert.deepEqual(stored?.affected[0]?.ranges?.[0], { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '2.0.0' }] });
    assert.equal(stored?.affected[0]?.database_specific?.last_known_affected_version_range, '<= 2.0.0');
    assert.equal(stored?.database_specific?.severity, 'MODERATE');
    assert.equal((await store.source('ghsa:npm'))?.cursor, '2025-05-02T00:00:00Z');
    await syncFeeds(context, ['ghsa']);
    assert.equal(server.requests.at(-1)?.url.searchParams.get('updated'), '>=2025-05-01');
  });
  it('writes nothing when pagination breaks half way (page 2 keeps failing), then syncs every page next time', async () => {
    let failing = true;
    const { context, store, server } = await setup([
      {
        method: 'GET',
        path: '/github/advisories',
        handler: (request): TestResponse => {
          if (request.url.searchParams.get('after') === 'page2') return failing ? { status: 502, body: 'bad gateway' } : { body: [ghsa('GHSA-2222-3333-7777', '2025-06-02T00:00:00Z', 'd')] };
          return { headers: { link: `<${server.url}/github/advisories?ecosystem=npm&per_page=100&after=page2>; rel="next"` }, body: [ghsa('GHSA-2222-3333-6666', '2025-06-01T00:00:00Z', 'c')] };
        },
      },
    ]);
    const [broken] = await syncFeeds(context, ['ghsa']);
    assert.match(broken?.error?.message ?? '', /502/);
    assert.equal((await store.status()).advisories, 0, 'page 1 alone is not applied');
    assert.equal(await store.source('ghsa:npm'), null);
    failing = false;
    const [resumed] = await syncFeeds(context, ['ghsa']);
    assert.equal(resumed?.error, undefined);
    assert.equal(resumed?.results[0]?.records, 2);
    assert.equal((await store.source('ghsa:npm'))?.cursor, '2025-06-02T00:00:00Z');
  });
});

describe('db sync: NVD CVE API 2.0', () => {
  const cve = (id: string, lastModified: string) => ({
    cve: { id, published: '2024-01-01T00:00:00.000', lastModified, vulnStatus: 'Analyzed', descriptions: [{ lang: 'en', value: id }], references: [], configurations: [] },
  });
  const page = (items: unknown[], total: number, startIndex: number) => ({ resultsPerPage: items.length, startIndex, totalResults: total, format: 'NVD_CVE', version: '2.0', timestamp: '2026-11-23T00:00:00.000', vulnerabilities: items });

  it('pages through a first sync with the API key, honours 429 Retry-After and the rate limit, then goes incremental', async () => {
    const all = [cve('CVE-2024-0001', '2024-02-01T00:00:00.000'), cve('CVE-2024-0002', '2024-02-02T00:00:00.000'), cve('CVE-2024-0003', '2024-02-03T00:00:00.000')];
    let rateLimited = false;
    const { context, store, server, httpSleeps, clock } = await setup(
      [
        {
          method: 'GET',
          path: '/rest/json/cves/2.0',
          handler: (request) => {
            const start = Number(request.url.searchParams.get('startIndex') ?? 0);
            if (request.url.searchParams.has('lastModStartDate')) return { body: page([cve('CVE-2024-0002', '2026-12-01T00:00:00.000')], 1, 0) };
            if (start === 2 && !rateLimited) {
              rateLimited = true;
              return { status: 429, headers: { 'retry-after': '30' }, body: '' };
            }
            // Two per page, whatever was asked: the client must follow what came back.
            return { body: page(all.slice(start, start + 2), all.length, start) };
          },
        },
      ],
      { apiKey: 'nvd-key' },
    );
    const [first] = await syncFeeds(context, ['nvd']);
    assert.equal(first?.error, undefined);
    assert.equal(first?.results[0]?.records, 3);
    assert.deepEqual(httpSleeps, [30_000]);
    assert.equal(server.requests[0]?.headers.apikey, 'nvd-key');
    assert.equal((await store.source('nvd'))?.cursor, '2026-11-23T00:00:00.000Z');

    clock.advance(10 * 86_400_000);
    const [second] = await syncFeeds(context, ['nvd']);
    assert.equal(second?.results[0]?.summary?.updated, 1);
    const asked = server.requests.at(-1)?.url.searchParams;
    assert.equal(asked?.get('lastModStartDate'), '2026-11-23T00:00:00.000+00:00');
    assert.equal(asked?.get('lastModEndDate'), '2026-12-03T00:00:00.000+00:00');
    assert.equal((await store.get('CVE-2024-0002'))?.modified, '2026-12-01T00:00:00.000Z');
  });

  it('resumes an interrupted incremental sync at the last committed 120-day window', async () => {
    const clock = fakeClock('2026-01-01T00:00:00Z');
    let failSecondWindow = true;
    const routes: Route[] = [
      {
        method: 'GET',
        path: '/rest/json/cves/2.0',
        handler: (request) => {
          const from = request.url.searchParams.get('lastModStartDate') ?? '';
          if (!from) return { body: page([], 0, 0) };
          if (from.startsWith('2026-05-01') && failSecondWindow) return { status: 500, body: 'internal error' };
          return { body: page([cve(`CVE-2026-${from.slice(5, 7)}01`, from.slice(0, 23))], 1, 0) };
        },
      },
    ];
    const { context, store } = await setup(routes, { clock });
    await syncFeeds(context, ['nvd']);
    clock.advance(200 * 86_400_000);
    const [failed] = await syncFeeds(context, ['nvd']);
    assert.match(failed?.error?.message ?? '', /answered HTTP 500/);
    assert.equal((await store.source('nvd'))?.cursor, '2026-05-01T00:00:00.000Z', 'the first window is committed, the second is not');
    assert.equal(await store.get('CVE-2026-0501'), null);
    failSecondWindow = false;
    const [resumed] = await syncFeeds(context, ['nvd']);
    assert.equal(resumed?.error, undefined);
    assert.equal((await store.get('CVE-2026-0501'))?.id, 'CVE-2026-0501');
    assert.equal((await store.source('nvd'))?.cursor, '2026-07-20T00:00:00.000Z');
  });

  it('resumes an interrupted first (full) sync at the last committed batch of pages', async () => {
    const items = Array.from({ length: 12 }, (_, index) => cve(`CVE-2024-${String(index + 1).padStart(4, '0')}`, '2024-03-01T00:00:00.000'));
    let failAt11 = true;
    const { context, store, server, clock } = await setup([
      {
        method: 'GET',
        path: '/rest/json/cves/2.0',
        handler: (request): TestResponse => {
          if (request.url.searchParams.has('lastModStartDate')) return { body: page([], 0, 0) };
          const start = Number(request.url.searchParams.get('startIndex'));
          if (start === 11 && failAt11) return { status: 500, body: 'internal error' };
          return { body: page(items.slice(start, start + 1), items.length, start) };
        },
      },
    ]);
    const [failed] = await syncFeeds(context, ['nvd']);
    assert.match(failed?.error?.message ?? '', /answered HTTP 500/);
    assert.equal((await store.source('nvd'))?.cursor, 'full:2026-11-23T00:00:00.000Z:10', 'ten pages committed, the eleventh batch not');
    assert.equal((await store.status()).advisories, 10);
    failAt11 = false;
    const before = server.requests.length;
    const [resumed] = await syncFeeds(context, ['nvd']);
    assert.equal(resumed?.error, undefined);
    assert.equal(server.requests[before]?.url.searchParams.get('startIndex'), '10', 'resumes where the committed batch ended');
    assert.equal((await store.status()).advisories, 12);
    // Then incremental from when the full sync started up to now (the rate limiter's waits moved the clock).
    assert.equal((await store.source('nvd'))?.cursor, clock.now().toISOString());
    assert.ok(clock.sleeps.some((ms) => ms > 0), 'without a key, 5 requests per 30 s: the limiter waited');
  });

  it('keeps to 5 requests per rolling 30 s without a key', async () => {
    const clock = fakeClock('2026-01-01T00:00:00Z');
    const limiter = new RateLimiter(5, 30_000, () => clock.now().getTime(), clock.sleep);
    for (let request = 0; request < 6; request++) await limiter.take();
    assert.deepEqual(clock.sleeps, [30_000]);
  });
});

describe('db sync: security-wg repository', () => {
  it('reads vuln/ from the tarball of the ref, and skips the download when the commit has not moved', async () => {
    const sha = 'a'.repeat(40);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-swg-'));
    const top = join(dir, `nodejs-security-wg-${sha.slice(0, 7)}`);
    mkdirSync(join(top, 'vuln'), { recursive: true });
    for (const part of ['core', 'npm', 'deps']) cpSync(fixture('security-wg', 'vuln', part), join(top, 'vuln', part), { recursive: true });
    mkdirSync(join(top, 'tools'));
    await createTar({ gzip: true, file: join(dir, 'repo.tar.gz'), cwd: dir }, [`nodejs-security-wg-${sha.slice(0, 7)}`]);
    const tarball = readFileSync(join(dir, 'repo.tar.gz'));
    const { context, store, server } = await setup([
      { method: 'GET', path: '/github/repos/nodejs/security-wg/commits/main', handler: () => ({ headers: { 'content-type': 'application/vnd.github.sha' }, body: sha }) },
      { method: 'GET', path: `/github/repos/nodejs/security-wg/tarball/${sha}`, handler: () => ({ status: 302, headers: { location: `${server.url}/codeload/${sha}.tar.gz` } }) },
      { method: 'GET', path: `/codeload/${sha}.tar.gz`, handler: () => ({ headers: { 'content-type': 'application/x-gzip' }, body: tarball }) },
    ]);
    const [first] = await syncFeeds(context, ['security-wg']);
    assert.equal(first?.error, undefined);
    assert.equal(first?.results[0]?.records, 638);
    assert.equal((await store.assessments()).length, 6);
    const [second] = await syncFeeds(context, ['security-wg']);
    assert.equal(second?.results[0]?.summary, null);
    assert.equal(server.requests.filter((request) => request.url.pathname.includes('tarball')).length, 1);
  });

  it('applies nothing from a tarball cut short in transit, and downloads it again next time', async () => {
    const sha = 'b'.repeat(40);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-swg-'));
    const name = `nodejs-security-wg-${sha.slice(0, 7)}`;
    mkdirSync(join(dir, name, 'vuln'), { recursive: true });
    for (const part of ['core', 'npm', 'deps']) cpSync(fixture('security-wg', 'vuln', part), join(dir, name, 'vuln', part), { recursive: true });
    await createTar({ gzip: true, file: join(dir, 'repo.tar.gz'), cwd: dir }, [name]);
    const tarball = readFileSync(join(dir, 'repo.tar.gz'));
    let downloads = 0;
    const { context, store } = await setup([
      { method: 'GET', path: '/github/repos/nodejs/security-wg/commits/main', handler: () => ({ body: sha }) },
      // The first download stops half way: node-tar would extract what came and stay quiet.
      { method: 'GET', path: `/github/repos/nodejs/security-wg/tarball/${sha}`, handler: () => ({ body: downloads++ === 0 ? tarball.subarray(0, Math.floor(tarball.length / 2)) : tarball }) },
    ]);
    const [cut] = await syncFeeds(context, ['security-wg']);
    assert.match(cut?.error?.message ?? '', /the tarball could not be read \(zlib: unexpected end of file\); nothing applied/);
    assert.equal((await store.status()).advisories, 0, 'no half-applied source');
    assert.equal(await store.source('security-wg'), null, 'the commit is not recorded as synced');
    const [whole] = await syncFeeds(context, ['security-wg']);
    assert.equal(whole?.error, undefined);
    assert.equal(whole?.results[0]?.records, 638);
    assert.equal((await store.source('security-wg'))?.cursor, sha);
  });
});
