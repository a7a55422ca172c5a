import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { createTaggedRepo, startFakeUpstream } from '../../test/fake-upstream.js';
import { fixture } from '../../test/fixtures.js';
import { MemoryAdvisoryStore, type Advisory } from '../advisories/index.js';
import { inventoryPath, vendoredDependencies, type Inventory } from '../inventory/index.js';
import { nodeUpstreams, v8Tags } from './__fixtures__/node-upstreams.js';
import { linePolicies } from './knowledge/policies.js';
import { upstreamSources } from './knowledge/sources.js';
import { checkUpdates } from './plan.js';
import { memoryEtagCache } from './upstream/etag-cache.js';
import { createDatasources } from './upstream/registry.js';

const advisories: Advisory[] = [
  {
    id: 'GHSA-wqq4-5wpv-mx2g',
    aliases: ['CVE-2023-45143'],
    modified: '2023-10-13T00:00:00Z',
    summary: "undici's cookie header not cleared on cross-origin redirect",
    severity: [],
    affected: [{ package: { ecosystem: 'npm', name: 'undici' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '5.26.2' }] }] }],
    references: [],
    source: 'ghsa',
  },
  {
    id: 'CVE-2023-5363',
    aliases: [],
    modified: '2023-11-07T00:00:00Z',
    summary: 'Incorrect cipher key and IV length processing',
    severity: [],
    affected: [],
    references: [],
    cpeConfigurations: [{ nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*', versionStartIncluding: '3.0.0', versionEndExcluding: '3.0.12' }] }] }],
    source: 'nvd',
  },
];

describe('updates: every vendored dependency of a Node.js checkout against its upstream', () => {
  let server: Awaited<ReturnType<typeof startFakeUpstream>>;
  let inventory: Inventory;
  let v8Repo: string;
  before(async () => {
    server = await startFakeUpstream({ ...nodeUpstreams, rateLimited: ['google/brotli'] });
    inventory = await inventoryPath(fixture('node-tree'));
    v8Repo = createTaggedRepo(mkdtempSync(join(tmpdir(), 'vigil-v8-')), v8Tags);
  });
  after(() => server.close());

  const cache = memoryEtagCache();
  const run = (lookup = new MemoryAdvisoryStore(advisories)) =>
    checkUpdates({
      inventory,
      registry: vendoredDependencies,
      sources: { ...upstreamSources, v8: { ...upstreamSources.v8!, url: v8Repo } as typeof upstreamSources.v8 & object },
      policies: linePolicies,
      holds: [
        { id: 'libuv', version: '1.46.0', reason: 'carries the 2024-02 security patch', expires: '2099-01-01' },
        { id: 'acorn', version: undefined, reason: 'waiting for the ESM loader change', expires: '2024-01-01' },
      ],
      datasources: createDatasources({ npm: { registry: server.url, timeoutMs: 5000 }, github: { baseUrl: server.url, token: 't', timeoutMs: 5000 }, timeoutMs: 5000, cache, retries: 0 }),
      lookup,
      today: '2024-12-15',
    });

  it('lists security updates first, applies release-line policy, shows holds, and reports what it cannot know', async () => {
    const report = await run();
    const byId = new Map(report.rows.map((row) => [row.id, row]));
    assert.equal(report.node, '20.5.1');
    assert.equal(report.rows.length, inventory.packages.filter((pkg) => pkg.origin === 'vendored' && !pkg.nestedIn).length);
    assert.deepEqual(report.rows.slice(0, 2).map((row) => row.id).sort(), ['openssl', 'undici'], 'security updates first');

    const openssl = byId.get('openssl')!;
    assert.deepEqual([openssl.current, openssl.newest, openssl.allowed, openssl.status], ['3.0.10+quic', '3.4.0', '3.0.15', 'behind']);
    assert.match(openssl.policy!.reason, /3\.0 LTS line/);
    assert.deepEqual(openssl.fixes.map((fix) => fix.id), ['CVE-2023-5363']);
    assert.equal(openssl.ageDays, 502);

    const undici = byId.get('undici')!;
    // v20.x was in maintenance LTS on 2024-12-15 and this checkout ships undici 5: the line keeps
    // that major (issue #17), derived from the checkout, not from a per-dependency list.
    assert.deepEqual([undici.newest, undici.allowed], ['6.21.0', '5.28.4'], 'prereleases are not offered; the LTS line keeps undici 5');
    assert.match(undici.policy!.reason, /v20\.x \(maintenance\) ships undici 5\.x/);
    assert.deepEqual(undici.fixes.map((fix) => fix.id), ['GHSA-wqq4-5wpv-mx2g']);

    assert.equal(byId.get('libuv')!.status, 'held');
    assert.equal(byId.get('libuv')!.hold?.reason, 'carries the 2024-02 security patch');
    assert.equal(byId.get('acorn')!.status, 'behind', 'an expired hold no longer holds');
    assert.equal(byId.get('acorn')!.hold?.expired, true);

    assert.deepEqual([byId.get('v8')!.allowed, byId.get('v8')!.newest], ['11.3.244.10', '12.4.254.21']);
    assert.deepEqual([byId.get('c-ares')!.newest, byId.get('icu')!.allowed, byId.get('llhttp')!.newest], ['1.34.3', '76.1', '9.2.1']);
    assert.equal(byId.get('histogram')!.status, 'up-to-date');
    assert.equal(byId.get('postject')!.status, 'up-to-date');

    assert.equal(byId.get('zlib')!.status, 'unknown');
    assert.match(byId.get('zlib')!.unknownReason!, /Chromium's zlib has no releases/);
    assert.equal(byId.get('brotli')!.status, 'unknown', 'a rate-limited upstream is unknown, not "up to date"');
    assert.match(byId.get('brotli')!.unknownReason!, /403/);
  });

  it('says a dependency was not checked when the store has no advisories for its ecosystem, never "no fixes" (#17)', async () => {
    // npm advisories only (no NVD data): C/C++ dependencies, matched by CPE, cannot be checked.
    const report = await run(new MemoryAdvisoryStore([advisories[0]!]));
    const byId = new Map(report.rows.map((row) => [row.id, row]));
    const openssl = byId.get('openssl')!;
    assert.deepEqual([openssl.securityChecked, openssl.fixes], [false, []]);
    assert.match(openssl.securityUncheckedReason!, /no NVD \(CPE\) advisories.*vigil db sync nvd/);
    assert.equal(byId.get('undici')!.securityChecked, true, 'npm advisories are there: undici is checked');
    assert.deepEqual(byId.get('undici')!.fixes.map((fix) => fix.id), ['GHSA-wqq4-5wpv-mx2g']);
    // NVD only: npm packages with a CPE are still checked through it; the fix list stays honest.
    const nvdOnly = new Map((await run(new MemoryAdvisoryStore([advisories[1]!]))).rows.map((row) => [row.id, row]));
    assert.deepEqual([nvdOnly.get('openssl')!.securityChecked, nvdOnly.get('openssl')!.fixes.map((fix) => fix.id)], [true, ['CVE-2023-5363']]);
    for (const row of nvdOnly.values()) if (!row.securityChecked) assert.ok(row.securityUncheckedReason, `${row.id} says why it was not checked`);
  });

  it('costs at most one request per dependency, and only 304s when nothing changed (ETag)', async () => {
    const first = await run();
    const second = await run();
    const checked = second.rows.filter((row) => row.source.datasource !== 'none' && row.status !== 'unknown').length;
    assert.equal(second.requests, checked);
    // Everything but git ls-remote (V8) is answered from the ETag cache.
    assert.equal(second.notModified, checked - 1);
    assert.deepEqual(second.rows, first.rows);
  });
});

test('an LTS line keeps the major of every npm-published dependency; current and unreleased lines take any (issue #17)', async () => {
  const { derivedPolicy } = await import('./knowledge/policies.js');
  const npm = { datasource: 'npm' as const, package: 'undici' };
  assert.equal(derivedPolicy('undici', npm, '6.21.1', 22, '2026-12-05')?.allow, 'same-major', 'v22.x (maintenance) stays on undici 6');
  assert.equal(derivedPolicy('npm', { datasource: 'npm', package: 'npm' }, '10.9.2', 20, '2026-12-05')?.allow, 'same-major', 'v20.x stays on npm 10');
  assert.equal(derivedPolicy('undici', npm, '7.0.0', 25, '2025-12-01'), undefined, 'a Current line takes new majors');
  assert.equal(derivedPolicy('undici', npm, '7.0.0', 27, '2026-12-05'), undefined, 'main (unreleased) takes new majors');
  assert.equal(derivedPolicy('zlib', { datasource: 'github-tags', repo: 'madler/zlib', tagPattern: 'v(.*)' }, '1.3.1', 22, '2026-12-05'), undefined, 'only npm-published dependencies');
});
