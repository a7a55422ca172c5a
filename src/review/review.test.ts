import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryLookup } from './memory-lookup.js';
import { reviewInventory } from './review.js';
import { fixtureAdvisories, nodeTreeInventory, npmPackage } from './__fixtures__/inventory.js';

test('node-tree v20.5.1: exact findings, aliases merged, forks flagged, "running with" ignored', async () => {
  const target = await reviewInventory(nodeTreeInventory(), createMemoryLookup(fixtureAdvisories()));
  const summary = target.findings.map((finding) => `${finding.package}@${finding.version} ${finding.id}`);
  assert.deepEqual(summary, ['node@20.5.1 CVE-2024-27980', 'openssl@3.0.10+quic CVE-2023-5363', 'undici@5.22.1 CVE-2023-45143', 'zlib@1.2.13.1-motley CVE-2023-45853']);

  // Node.js itself is reviewed too: NVD names Windows as the condition, so the finding says so.
  assert.deepEqual(target.findings[0]?.notes, ['only on platforms NVD names: microsoft:windows -']);
  assert.equal(target.findings[0]?.nearestFix, '20.12.2');
  const openssl = target.findings[1];
  assert.deepEqual(openssl?.fixedIn, ['3.0.12']);
  assert.equal(openssl?.nearestFix, '3.0.12');
  assert.equal(openssl?.severity.level, 'high');
  assert.equal(openssl?.severity.score, 7.5);
  assert.ok(openssl?.notes.some((note) => note.startsWith('quictls')));

  const undici = target.findings[2];
  assert.deepEqual(undici?.aliases, ['CVE-2023-45143', 'GHSA-wqq4-5wpv-mx2g']);
  assert.equal(undici?.severity.level, 'low');
  assert.equal(undici?.nearestFix, '5.26.2');
  assert.equal(undici?.summary, "Undici's cookie header not cleared on cross-origin redirect in fetch");
  assert.deepEqual(undici?.locations[0]?.paths, [['deps/undici']]);

  assert.ok(target.findings[3]?.notes.some((note) => /Chromium zlib fork/.test(note)));
  // semver 7.5.2 is exactly the fix: GHSA and NVD both say fixed, merged into one verdict.
  assert.deepEqual(target.fixed.map((entry) => `${entry.package} ${entry.id}`).sort(), ['openssl CVE-2023-0286', 'semver CVE-2022-25883']);
  assert.equal(target.product, 'pkg:generic/nodejs/node@v20.5.1');
});

test('the ecosystem feed decides over an NVD range for the same CVE; one finding per vulnerability', async () => {
  const inventory = nodeTreeInventory();
  inventory.node = null;
  inventory.packages = [npmPackage('semver', '7.5.1', 'node_modules/semver/package.json', { cpe: 'cpe:2.3:a:npmjs:semver:7.5.1:*:*:*:*:node.js:*:*' })];
  const target = await reviewInventory(inventory, createMemoryLookup(fixtureAdvisories()));
  assert.equal(target.findings.length, 1);
  const finding = target.findings[0];
  assert.equal(finding?.id, 'CVE-2022-25883');
  assert.deepEqual(finding?.advisoryIds, ['GHSA-c2qf-rxjj-qqgw']);
  assert.deepEqual(finding?.basis, ['osv-range']);
  // GitHub scores it 5.3 and NVD 7.5: the highest of the merged records counts.
  assert.equal(finding?.severity.level, 'high');
});

test('the same version found at two places is one finding with two locations', async () => {
  const inventory = nodeTreeInventory();
  inventory.node = null;
  inventory.packages = [
    npmPackage('undici', '5.22.1', 'deps/undici/src/package.json'),
    npmPackage('undici', '5.22.1', 'tools/node_modules/undici/package.json', { paths: [['tools', 'node_modules/undici']] }),
  ];
  const target = await reviewInventory(inventory, createMemoryLookup(fixtureAdvisories()));
  assert.equal(target.findings.length, 1);
  assert.equal(target.findings[0]?.locations.length, 2);
  // The summary counts packages as inventory does: one package found twice is one (#15).
  assert.equal(target.packageCount, 1);
});

test('withdrawn advisories stop matching; unfixed ranges honour last_known_affected_version_range', async () => {
  const inventory = nodeTreeInventory();
  inventory.node = null;
  inventory.packages = [npmPackage('minimatch', '3.0.4', 'node_modules/minimatch/package.json'), npmPackage('xlsx', '0.18.5', 'node_modules/xlsx/package.json'), npmPackage('xlsx', '0.20.2', 'other/node_modules/xlsx/package.json')];
  const target = await reviewInventory(inventory, createMemoryLookup(fixtureAdvisories()));
  assert.deepEqual(target.findings.map((finding) => `${finding.package}@${finding.version}`), ['xlsx@0.18.5']);
  assert.equal(target.findings[0]?.nearestFix, null);
  assert.deepEqual(target.findings[0]?.notes, ['no fixed version; last known affected < 0.20.2']);
});

test('packages without a version or from git/file specs are skipped with a reason, never matched by name', async () => {
  const inventory = nodeTreeInventory();
  inventory.node = null;
  inventory.packages = [
    npmPackage('undici', '5.22.1', 'a/package.json', { source: 'file', spec: 'file:../undici' }),
    { ...npmPackage('undici', '0.0.0', 'b/package.json'), version: null, versionUnknownReason: 'no version field' },
  ];
  const target = await reviewInventory(inventory, createMemoryLookup(fixtureAdvisories()));
  assert.equal(target.findings.length, 0);
  assert.deepEqual(target.skipped.map((skip) => skip.reason), ['a file: dependency: not a registry package', 'no version (no version field)']);
});

test('Node.js itself is matched against vuln/core entries (filed under Node.js/node), platforms noted', async () => {
  const inventory = nodeTreeInventory();
  inventory.packages = [];
  const core = {
    id: 'NSWG-COR-150',
    aliases: ['CVE-2024-27980'],
    modified: '2024-04-10T00:00:00Z',
    summary: 'Command injection via args parameter of child_process.spawn without shell option enabled on Windows',
    severity: [],
    affected: [
      {
        package: { ecosystem: 'Node.js', name: 'node' },
        ranges: [{ type: 'SEMVER' as const, events: [{ introduced: '18.0.0' }, { fixed: '18.20.2' }, { introduced: '20.0.0' }, { fixed: '20.12.2' }, { introduced: '21.0.0' }, { fixed: '21.7.3' }] }],
        ecosystem_specific: { affectedEnvironments: ['win32'] },
      },
    ],
    references: [],
    database_specific: { severity: 'high' },
    source: 'security-wg',
  };
  const target = await reviewInventory(inventory, createMemoryLookup([...fixtureAdvisories(), core]));
  assert.equal(target.findings.length, 1, 'the NVD record and the vuln/core entry are one finding');
  const finding = target.findings[0];
  assert.equal(finding?.id, 'CVE-2024-27980');
  assert.deepEqual(finding?.advisoryIds, ['NSWG-COR-150']);
  assert.deepEqual(finding?.notes, ['only on: win32']);
  assert.equal(finding?.nearestFix, '20.12.2');
  assert.equal(finding?.purl, 'pkg:generic/nodejs/node@v20.5.1');
});
