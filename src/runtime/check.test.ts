import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../../test/fixtures.js';
import { createTestApp } from '../../test/runtime-apps.js';
import { readCoreDirectory } from '../formats/security-wg/core-entry.js';
import { childProcessGaps, escapingSymlinks, inheritedDescriptors, networkGaps, nodeGaps, permissionCves } from './check.js';
import { parseNetRule } from './preload/net-match.cjs';
import { planRun } from './run.js';
import { capabilitiesFrom } from './node-probe.js';
import type { NetHost } from './net-outer.js';
import type { ResolvedPolicy } from './types.js';

function policyFor(dir: string): ResolvedPolicy {
  return { file: join(dir, 'vigil-permissions.json'), fsRead: [dir], fsWrite: [], childProcess: false, commands: [], worker: false, addons: false, wasi: false, net: [], listen: [], env: [] };
}

test('a symlink inside a granted directory that points outside every grant is a warning; one inside is not', (t) => {
  const app = createTestApp({ 'data/a.txt': 'a' });
  t.after(() => app.remove());
  mkdirSync(join(app.dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync('/etc', join(app.dir, 'data', 'etc-link'));
  symlinkSync(join(app.dir, 'data', 'a.txt'), join(app.dir, 'node_modules', '.bin', 'inside'));
  const gaps = escapingSymlinks(policyFor(app.dir));
  assert.equal(gaps.length, 1);
  assert.match(gaps[0]?.message ?? '', /data\/etc-link -> \/etc: a link inside a granted path points outside every grant/);
});

test("permission-model CVEs from the WG's vuln/core data: 20.20.1 is affected by the March 2026 FileHandle bypass, 20.20.2 is not", async () => {
  const { entries } = await readCoreDirectory(fixture('security-wg', 'vuln', 'core'));
  const old = permissionCves('20.20.1', entries);
  assert.ok(old.some((gap) => gap.message.startsWith('CVE-2026-21716 (low): CVE-2024-36137 Patch Bypass - FileHandle.chmod/chown')), JSON.stringify(old));
  assert.ok(!permissionCves('20.20.2', entries).some((gap) => gap.message.includes('CVE-2026-21716')));
  // CVE-2023-23918 is about --experimental-policy, which is not the permission model.
  assert.ok(!permissionCves('18.14.0', entries).some((gap) => gap.message.includes('CVE-2023-23918')));
});

test('an inherited file descriptor on a regular file is a warning', (t) => {
  const app = createTestApp();
  t.after(() => app.remove());
  mkdirSync(join(app.dir, 'fd'));
  symlinkSync('/dev/pts/0', join(app.dir, 'fd', '1'));
  symlinkSync('/home/ana/.ssh/id_ed25519', join(app.dir, 'fd', '3'));
  symlinkSync('socket:[1234]', join(app.dir, 'fd', '4'));
  const gaps = inheritedDescriptors(join(app.dir, 'fd')).filter((gap) => gap.level === 'warning');
  assert.deepEqual(gaps.map((gap) => gap.message), ['descriptor 3 is open on /home/ana/.ssh/id_ed25519; a process started from this shell inherits it, outside any policy']);
});

test('a Node without switches for workers, addons and WASI is reported, as is the network boundary', () => {
  const node = capabilitiesFrom('node', { version: 'v20.5.0', flags: ['--experimental-permission', '--allow-fs-read', '--allow-fs-write', '--allow-child-process', '--allow-worker'], syncHooks: false, asyncHooks: true });
  const messages = nodeGaps(policyFor('/app'), node).map((gap) => gap.message);
  assert.ok(messages.includes("v20.5.0 has no --allow-addons: only Vigil's in-process guard denies it"));
  assert.ok(messages.some((message) => /cannot restrict the network/.test(message)));
  const none = capabilitiesFrom('node', { version: 'v18.20.0', flags: [], syncHooks: false, asyncHooks: true });
  assert.equal(nodeGaps(policyFor('/app'), none)[0]?.level, 'warning');
});

test('permissions check says whether the listed non-Node commands would run in a bubblewrap sandbox here (#18)', () => {
  const policy = { ...policyFor('/srv/app'), childProcess: true, commands: ['git --version', 'node'] };
  assert.match(childProcessGaps(policy, '/usr/bin/bwrap')[0]?.message ?? '', /1 command\(s\) allowed \(git --version\): .*on this machine they run in a bubblewrap sandbox \(\/usr\/bin\/bwrap\)/);
  assert.match(childProcessGaps(policy, null)[0]?.message ?? '', /not confined by the file rules \(no usable bubblewrap here: install bwrap to confine them\)/);
  assert.deepEqual(childProcessGaps({ ...policy, commands: ['node'] }, null), []);
});

test('permissions check says which boundary enforces allow-listed destinations here, in the launch\'s own words, and warns when none does (#18)', () => {
  const node = capabilitiesFrom('/usr/bin/node', { version: 'v20.19.0', flags: ['--permission', '--allow-fs-read', '--allow-fs-write', '--allow-child-process', '--allow-worker', '--allow-addons', '--allow-wasi'], syncHooks: false, asyncHooks: true });
  const listed = { ...policyFor('/srv/app'), net: [parseNetRule('api.example.com:443')] };
  const linux = { platform: 'linux' as const, bwrap: '/usr/bin/bwrap' };
  const proxied = networkGaps(listed, linux);
  assert.equal(proxied[0]?.level, 'note');
  assert.match(proxied[0]?.message ?? '', /its one way out is vigil's proxy/);
  const cases: [ResolvedPolicy, NetHost, RegExp][] = [
    [{ ...listed, listen: [parseNetRule('*:8080')] }, linux, /also listens \(net\.listen\)/],
    [{ ...listed, net: [parseNetRule('*:443')] }, linux, /allows any host/],
    [listed, { platform: 'linux' as const, bwrap: null, sandboxMissing: 'no bwrap on PATH' }, /no usable bubblewrap \(no bwrap on PATH\)/],
    [listed, { platform: 'darwin' as const, bwrap: null }, /not Linux \(darwin\)/],
  ];
  for (const [policy, host, reason] of cases) {
    const [gap] = networkGaps(policy, host);
    assert.equal(gap?.level, 'warning');
    assert.match(gap?.message ?? '', /^NO OUTER NETWORK BOUNDARY: \/srv\/app\/vigil-permissions\.json allows 1 destination\(s\)/);
    assert.match(gap?.message ?? '', reason);
    // The launch warns in exactly the same words, from the same source.
    const plan = planRun({ command: ['/usr/bin/node', 'app.js'], policy, node, env: {}, namespaces: null, sandbox: null, platform: host.platform, ...(host.sandboxMissing ? { sandboxMissing: host.sandboxMissing } : {}) });
    assert.ok(plan.warnings.includes(gap?.message ?? ''), `${gap?.message}\n---\n${plan.warnings.join('\n')}`);
  }
  assert.equal(networkGaps(policyFor('/srv/app'), { platform: 'linux', bwrap: null })[0]?.level, 'note');
});
