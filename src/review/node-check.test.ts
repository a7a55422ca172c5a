import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../../test/fixtures.js';
import { CoreEntry, readCoreDirectory } from '../formats/security-wg/core-entry.js';
import { NODE_RELEASE_SCHEDULE } from '../release/schedule-data.js';
import { importPath } from '../advisories/import.js';
import { NODE_CORE_PACKAGE } from '../advisories/node-core.js';
import { MemoryAdvisoryStore } from '../store/advisories/memory.js';
import { packageKeyString } from '../advisories/types.js';
import { checkNodeVersion, coreEntriesFromAdvisories } from './node-check.js';
import { reviewPackages } from './review.js';
import { createMemoryLookup } from './memory-lookup.js';
import { nodeCorePackage } from './node-package.js';

async function coreEntries() {
  const directory = await readCoreDirectory(fixture('security-wg', 'vuln', 'core'));
  return directory.entries.flatMap((file) => {
    const parsed = CoreEntry.safeParse(file.raw);
    return parsed.success ? [{ id: file.id, entry: parsed.data }] : [];
  });
}

test('node check: v20.5.1 is vulnerable to the April 2024 Windows batch-file injection only on Windows, and past EOL', async () => {
  const entries = await coreEntries();
  const now = new Date('2026-11-23T00:00:00Z');
  const windows = await checkNodeVersion({ version: 'v20.5.1', platform: 'win32', now }, entries, NODE_RELEASE_SCHEDULE);
  const linux = await checkNodeVersion({ version: 'v20.5.1', platform: 'linux', now }, entries, NODE_RELEASE_SCHEDULE);
  const batch = windows.vulnerabilities.find((entry) => entry.cves.includes('CVE-2024-27980'));
  assert.equal(batch?.patchedIn, '20.12.2');
  assert.equal(batch?.severity, 'high');
  assert.equal(linux.vulnerabilities.some((entry) => entry.cves.includes('CVE-2024-27980')), false);
  assert.ok(linux.vulnerabilities.length > 10);
  assert.equal(windows.line, 'v20');
  assert.equal(windows.endOfLife, '2026-04-30');
  assert.equal(windows.eol, true);
});

test('node check: a version at its patch is not reported; all platforms without --platform', async () => {
  const entries = await coreEntries();
  const now = new Date('2025-01-01T00:00:00Z');
  const patched = await checkNodeVersion({ version: '20.12.2', platform: null, now }, entries, NODE_RELEASE_SCHEDULE);
  assert.equal(patched.vulnerabilities.some((entry) => entry.cves.includes('CVE-2024-27980')), false);
  assert.equal(patched.eol, false);
  const old = await checkNodeVersion({ version: '8.0.0', platform: null, now }, entries, NODE_RELEASE_SCHEDULE);
  assert.ok(old.vulnerabilities.some((entry) => entry.cves.includes('CVE-2017-1000381')));
  assert.equal(old.eol, true);
});

test('node check from the advisory store answers exactly as from the vuln/core directory', async () => {
  const store = new MemoryAdvisoryStore();
  await importPath(store, fixture('security-wg', 'vuln'));
  const stored = coreEntriesFromAdvisories((await store.forPackages([NODE_CORE_PACKAGE])).get(packageKeyString(NODE_CORE_PACKAGE)) ?? []);
  const direct = await coreEntries();
  const now = new Date('2026-11-23T00:00:00Z');
  for (const [version, platform] of [['v20.5.1', 'win32'], ['v20.5.1', null], ['v8.0.0', 'linux'], ['v22.12.0', 'darwin']] as const) {
    const summary = async (entries: typeof direct) => (await checkNodeVersion({ version, platform, now }, entries, NODE_RELEASE_SCHEDULE)).vulnerabilities.map((entry) => `${entry.id} ${entry.cves.join(',')} ${entry.severity} ${entry.patchedIn} ${entry.environments.join(',')}`);
    assert.deepEqual(await summary(stored), await summary(direct), `${version} on ${platform ?? 'any platform'}`);
  }
});

test('node check counts a CVE recorded in two vuln/core entries once, as vigil review does', async () => {
  const entries = await coreEntries();
  const now = new Date('2026-11-23T00:00:00Z');
  const windows = await checkNodeVersion({ version: 'v20.5.1', platform: 'win32', now }, entries, NODE_RELEASE_SCHEDULE);
  const batch = windows.vulnerabilities.filter((entry) => entry.cves.includes('CVE-2024-27980') && entry.ids.includes(141));
  assert.equal(batch.length, 1);
  assert.deepEqual(batch[0]?.ids, [141, 150]);
  assert.equal(windows.vulnerabilities.some((entry) => entry.id === 150), false);
  // The same entries through `vigil review`'s path: one finding per vulnerability, the same number.
  const store = new MemoryAdvisoryStore();
  await importPath(store, fixture('security-wg', 'vuln'));
  const advisories = (await store.forPackages([NODE_CORE_PACKAGE])).get(packageKeyString(NODE_CORE_PACKAGE)) ?? [];
  const onWindows = advisories.filter((advisory) => {
    const environments = (advisory.affected[0]?.ecosystem_specific as { affectedEnvironments?: string[] } | undefined)?.affectedEnvironments ?? [];
    return environments.length === 0 || environments.some((environment) => ['all', 'win', 'win32', 'windows'].includes(environment));
  });
  const review = await reviewPackages([nodeCorePackage('20.5.1')], createMemoryLookup(onWindows));
  assert.equal(review.findings.length, windows.vulnerabilities.length);
  assert.equal(review.findings.filter((finding) => finding.aliases.includes('CVE-2024-27980')).length, 1);
});
