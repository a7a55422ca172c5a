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
  const windows = checkNodeVersion({ version: 'v20.5.1', platform: 'win32', now }, entries, NODE_RELEASE_SCHEDULE);
  const linux = checkNodeVersion({ version: 'v20.5.1', platform: 'linux', now }, entries, NODE_RELEASE_SCHEDULE);
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
  const patched = checkNodeVersion({ version: '20.12.2', platform: null, now }, entries, NODE_RELEASE_SCHEDULE);
  assert.equal(patched.vulnerabilities.some((entry) => entry.cves.includes('CVE-2024-27980')), false);
  assert.equal(patched.eol, false);
  const old = checkNodeVersion({ version: '8.0.0', platform: null, now }, entries, NODE_RELEASE_SCHEDULE);
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
    const summary = (entries: typeof direct) => checkNodeVersion({ version, platform, now }, entries, NODE_RELEASE_SCHEDULE).vulnerabilities.map((entry) => `${entry.id} ${entry.cves.join(',')} ${entry.severity} ${entry.patchedIn} ${entry.environments.join(',')}`);
    assert.deepEqual(summary(stored), summary(direct), `${version} on ${platform ?? 'any platform'}`);
  }
});
