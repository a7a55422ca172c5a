import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeUpstream, type UpstreamData } from '../../../test/fake-upstream.js';
import { projectRoot } from '../../../test/fixtures.js';
import { MemoryAdvisoryStore, type Advisory } from '../../advisories/index.js';
import { inventoryPath, type Inventory } from '../../inventory/index.js';
import { parseManifest } from '../../inventory/javascript/manifest.js';
import { memoryEtagCache, type EtagCache } from '../upstream/etag-cache.js';
import { createDatasources } from '../upstream/registry.js';
import { checkProjectUpdates } from './check.js';
import type { ProjectUpdateRow } from './types.js';

/** npm 11's lockfile of a two-workspace monorepo: aliases, a tarball URL, file:, dev, optional (see inventory/javascript/README.md). */
const project = join(projectRoot, 'src/inventory/javascript/__fixtures__/npm-v3-workspaces');

/** What the fake registry publishes; comments say which npm behaviour each package exercises. */
const registry: UpstreamData = {
  npm: {
    // A fix inside ^4.1.2, and a latest outside it.
    chalk: [{ version: '4.1.2', date: '2021-07-30T12:00:00.000Z' }, { version: '4.1.3' }, { version: '5.3.0' }],
    // The latest tag (4.5.0) satisfies ^4.3.4, so npm wants it, not the newer 4.6.0.
    debug: [{ version: '4.4.3' }, { version: '4.6.0' }, { version: '4.5.0' }],
    // Pinned exactly: wanted stays, latest (with the fix) is outside the range.
    semver: [{ version: '7.5.4' }, { version: '7.6.0' }],
    // ^4.0.0 allows a deprecated 4.1.0: npm prefers the non-deprecated 4.0.0. Latest needs a newer Node.js.
    'has-flag': [{ version: '4.0.0', date: '2019-04-06T00:00:00.000Z' }, { version: '4.1.0', deprecated: 'published by mistake' }, { version: '5.0.0', engines: { node: '>=99' } }],
    'is-number': [{ version: '7.0.0' }],
    ms: [{ version: '2.1.2' }, { version: '2.1.3' }],
    // Reached through the alias string-width-cjs@npm:string-width@^4.2.3.
    'string-width': [{ version: '4.2.3' }, { version: '5.1.2' }],
    'use-sync-external-store': [{ version: '1.2.0' }, { version: '1.2.2' }],
    // fsevents is missing: the registry answers 404 and that row alone is unknown.
  },
  distTags: { debug: { latest: '4.5.0' } },
};

const advisory = (id: string, name: string, fixed: string): Advisory => ({
  id,
  aliases: [],
  modified: '2024-01-01T00:00:00Z',
  summary: `${name} test advisory`,
  severity: [],
  affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }],
  references: [],
  source: 'osv',
});

describe('updates for a lockfile project: npm outdated columns, range, age and fixes', () => {
  let server: Awaited<ReturnType<typeof startFakeUpstream>>;
  let inventory: Inventory;
  before(async () => {
    server = await startFakeUpstream(registry);
    inventory = await inventoryPath(project, { installed: false });
  });
  after(() => server.close());

  const run = (options: { registry?: string; cache?: EtagCache; transitive?: boolean; inventory?: Inventory; root?: string } = {}) =>
    checkProjectUpdates({
      inventory: options.inventory ?? inventory,
      readManifest: async (path) => {
        const text = (() => {
          try {
            return readFileSync(join(options.root ?? project, path), 'utf8');
          } catch {
            return null;
          }
        })();
        return text === null ? null : parseManifest(text, path, path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');
      },
      npm: createDatasources({ npm: { registry: options.registry ?? server.url, timeoutMs: 5000 }, github: { baseUrl: server.url, token: undefined, timeoutMs: 5000 }, timeoutMs: 5000, cache: options.cache ?? memoryEtagCache(), retries: 0 }).get('npm')!,
      lookup: new MemoryAdvisoryStore([advisory('GHSA-test-chalk', 'chalk', '4.1.3'), advisory('GHSA-test-semver', 'semver', '7.6.0')]),
      today: '2024-12-15',
      nodeVersion: '20.20.2',
      transitive: options.transitive ?? false,
    });
  const pick = (rows: ProjectUpdateRow[], name: string, declaredIn?: string) => rows.find((row) => (row.alias ?? row.name) === name && (declaredIn === undefined || row.declaredIn === declaredIn))!;
  const versions = (row: ProjectUpdateRow) => [row.range, row.current, row.wanted, row.latest, row.latestOutsideRange, row.status];

  it('reports each direct dependency with current, wanted and latest as npm picks them', async () => {
    const report = await run();
    assert.deepEqual(report.lockfiles, ['package-lock.json']);
    assert.deepEqual(versions(pick(report.rows, 'chalk')), ['^4.1.2', '4.1.2', '4.1.3', '5.3.0', true, 'behind']);
    assert.deepEqual(versions(pick(report.rows, 'debug')), ['^4.3.4', '4.4.3', '4.5.0', '4.5.0', false, 'behind'], 'the latest tag wins when it satisfies');
    assert.deepEqual(versions(pick(report.rows, 'semver')), ['7.5.4', '7.5.4', '7.5.4', '7.6.0', true, 'behind']);
    assert.deepEqual(versions(pick(report.rows, 'has-flag')), ['^4.0.0', '4.0.0', '4.0.0', '5.0.0', true, 'behind'], 'a deprecated version is not wanted');
    assert.deepEqual(versions(pick(report.rows, 'is-number')), ['^7.0.0', '7.0.0', '7.0.0', '7.0.0', false, 'up-to-date']);
    const alias = pick(report.rows, 'string-width-cjs');
    assert.deepEqual([alias.name, ...versions(alias)], ['string-width', '^4.2.3', '4.2.3', '4.2.3', '5.1.2', true, 'behind']);
    // ms is declared twice: pinned 2.1.2 as the root's devDependency, ^2.1.3 by the app workspace.
    assert.deepEqual([pick(report.rows, 'ms', 'package.json').type, ...versions(pick(report.rows, 'ms', 'package.json'))], ['devDependencies', '2.1.2', '2.1.2', '2.1.2', '2.1.3', true, 'behind']);
    assert.deepEqual(versions(pick(report.rows, 'ms', 'packages/app/package.json')), ['^2.1.3', '2.1.3', '2.1.3', '2.1.3', false, 'up-to-date']);
    assert.equal(pick(report.rows, 'chalk').ageDays, 1233, 'published 2021-07-30 12:00, counted in whole days to 2024-12-15');
    assert.equal(pick(report.rows, 'has-flag').declaredIn, 'packages/util/package.json');
    assert.equal(pick(report.rows, 'has-flag').latestNodeEngine, '>=99', "latest's engines exclude Node 20: said, as npm outdated would pick an older latest");
    assert.equal(pick(report.rows, 'chalk').latestNodeEngine, null);
  });

  it('lists security fixes first: within the range before those only latest brings', async () => {
    const report = await run();
    assert.deepEqual(report.rows.slice(0, 2).map((row) => row.name), ['chalk', 'semver']);
    assert.deepEqual(pick(report.rows, 'chalk').wantedFixes.map((fix) => fix.id), ['GHSA-test-chalk']);
    assert.deepEqual(pick(report.rows, 'semver').wantedFixes, []);
    assert.deepEqual(pick(report.rows, 'semver').latestFixes.map((fix) => fix.id), ['GHSA-test-semver']);
    assert.equal(report.rows.at(-1)!.status, 'up-to-date');
  });

  it('makes a 404 one unknown row, skips non-registry sources, and asks once per package', async () => {
    const before = server.requests.length;
    const report = await run();
    const fsevents = pick(report.rows, 'fsevents');
    assert.equal(fsevents.status, 'unknown');
    assert.match(fsevents.reason!, /npm registry has no package "fsevents"/);
    assert.equal(pick(report.rows, 'left-pad').status, 'skipped');
    assert.match(pick(report.rows, 'left-pad').reason!, /tarball URL/);
    assert.match(pick(report.rows, 'local-lib').reason!, /file: dependency/);
    const asked = server.requests.slice(before).map((request) => request.url.pathname).sort();
    assert.deepEqual(asked, ['/chalk', '/debug', '/fsevents', '/has-flag', '/is-number', '/ms', '/semver', '/string-width', '/use-sync-external-store']);
    assert.equal(report.packages, 9);
    assert.equal(report.requests, 9);
  });

  it('costs one 304 per package when nothing changed (ETag cache)', async () => {
    const cache = memoryEtagCache();
    await run({ cache });
    const again = await run({ cache });
    assert.equal(again.notModified, 8, 'every package but the 404');
    assert.deepEqual(versions(pick(again.rows, 'chalk')), ['^4.1.2', '4.1.2', '4.1.3', '5.3.0', true, 'behind']);
  });

  it('an unreachable registry makes every row unknown, and the run still reports', async () => {
    const report = await run({ registry: 'http://127.0.0.1:9' });
    const looked = report.rows.filter((row) => row.status !== 'skipped');
    assert.ok(looked.length > 0 && looked.every((row) => row.status === 'unknown' && /npm registry:/.test(row.reason ?? '')));
  });

  it('with transitive, adds dependencies of dependencies without a range of their own', async () => {
    const report = await run({ transitive: true });
    const transitive = report.rows.filter((row) => row.type === 'transitive');
    assert.ok(transitive.length > 0);
    assert.ok(transitive.every((row) => row.range === null && row.wanted === null && row.declaredIn === null));
    const supportsColor = transitive.find((row) => row.name === 'supports-color');
    assert.equal(supportsColor?.status, 'unknown', 'not published on the fake registry: 404');
  });

  it('reports a dependency declared in package.json but missing from the lockfile (npm: MISSING)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-updates-projects-'));
    try {
      cpSync(project, root, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      manifest.dependencies['is-number'] = '^7.0.0';
      writeFileSync(join(root, 'package.json'), JSON.stringify(manifest));
      const report = await run({ inventory: await inventoryPath(root, { installed: false }), root });
      const missing = report.rows.find((row) => row.name === 'is-number' && row.declaredIn === 'package.json')!;
      assert.deepEqual([missing.current, missing.wanted, missing.status], [null, '7.0.0', 'unknown']);
      assert.match(missing.reason!, /not in package-lock\.json/);
      assert.equal(report.rows.filter((row) => row.name === '@fx/util').length, 0, 'workspaces are linked, not missing');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
