import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../../test/fixtures.js';
import { createTestApp } from '../../test/runtime-apps.js';
import { InputError } from '../errors.js';
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

test('permissions check says which boundary enforces the policy\'s network here, in the launch\'s own words; where there is none, vigil run refuses unless --accept-in-process-guard (#18)', () => {
  const node = capabilitiesFrom('/usr/bin/node', { version: 'v20.19.0', flags: ['--permission', '--allow-fs-read', '--allow-fs-write', '--allow-child-process', '--allow-worker', '--allow-addons', '--allow-wasi'], syncHooks: false, asyncHooks: true });
  const listed = { ...policyFor('/srv/app'), net: [parseNetRule('api.example.com:443')] };
  const linux = { platform: 'linux' as const, bwrap: '/usr/bin/bwrap', namespaces: true };
  const proxied = networkGaps(listed, linux);
  assert.equal(proxied[0]?.level, 'note');
  assert.match(proxied[0]?.message ?? '', /its one way out is vigil's proxy/);
  // A server on fixed ports: the same sandbox, entered through vigil's listeners.
  const serving = networkGaps({ ...listed, listen: [parseNetRule('*:8080'), parseNetRule('127.0.0.1:9090')] }, linux);
  assert.equal(serving[0]?.level, 'note');
  assert.match(serving[0]?.message ?? '', /listening: vigil binds \*:8080, 127\.0\.0\.1:9090 on this machine and hands each connection into the sandbox/);
  const offline = policyFor('/srv/app');
  const cases: [ResolvedPolicy, NetHost, RegExp, RegExp][] = [
    [{ ...listed, listen: [parseNetRule('127.0.0.1:*')] }, linux, /allows 1 destination\(s\), listening on 1 address/, /a port chosen at run time \(net\.listen 127\.0\.0\.1:\*\)/],
    [{ ...listed, listen: [parseNetRule('192.0.2.7:8080')] }, linux, /allows 1 destination/, /192\.0\.2\.7:8080, an address that does not exist inside the loopback-only sandbox/],
    [{ ...listed, net: [parseNetRule('*:443')] }, linux, /allows 1 destination/, /allows any host/],
    [listed, { platform: 'linux' as const, bwrap: null, namespaces: true, sandboxMissing: 'no bwrap on PATH' }, /allows 1 destination/, /no usable bubblewrap \(no bwrap on PATH\)/],
    [listed, { platform: 'darwin' as const, bwrap: null }, /allows 1 destination/, /not Linux \(darwin\)/],
    [offline, { platform: 'darwin' as const, bwrap: null }, /allows no network/, /not Linux \(darwin\)/],
    [offline, { platform: 'linux' as const, bwrap: null, namespaces: false, sandboxMissing: 'no bwrap on PATH' }, /allows no network/, /no empty network namespace on this machine \(no usable unshare, and no bwrap on PATH\)/],
  ];
  for (const [policy, host, allows, reason] of cases) {
    const [gap] = networkGaps(policy, host);
    assert.equal(gap?.level, 'warning');
    assert.match(gap?.message ?? '', /^NO OUTER NETWORK BOUNDARY: \/srv\/app\/vigil-permissions\.json /);
    assert.match(gap?.message ?? '', allows);
    assert.match(gap?.message ?? '', reason);
    assert.match(gap?.message ?? '', /; vigil run refuses to start it here unless given --accept-in-process-guard$/);
    const request = { command: ['/usr/bin/node', 'app.js'], policy, node, env: {}, namespaces: host.namespaces ? ['unshare'] : null, sandbox: null, platform: host.platform, ...(host.sandboxMissing ? { sandboxMissing: host.sandboxMissing } : {}) };
    // The launch refuses up front, in the same words and naming the flag (exit 2: an InputError).
    assert.throws(
      () => planRun(request),
      (error: Error) => error instanceof InputError && error.message.startsWith('refusing to start: NO OUTER NETWORK BOUNDARY') && reason.test(error.message) && error.message.endsWith('give --accept-in-process-guard'),
    );
    // Accepted: it starts, and warns in exactly check's words, from the same source.
    const plan = planRun({ ...request, acceptGuardOnly: true });
    const warning = plan.warnings.find((line) => line.startsWith('NO OUTER NETWORK BOUNDARY'));
    assert.equal(`${warning}; vigil run refuses to start it here unless given --accept-in-process-guard`, gap?.message);
    assert.ok(plan.boundaries.some((line) => /accepted with --accept-in-process-guard/.test(line)), plan.boundaries.join('\n'));
  }
  assert.equal(networkGaps(offline, { platform: 'linux', bwrap: null, namespaces: true })[0]?.level, 'note');
  assert.equal(networkGaps(offline, { platform: 'linux', bwrap: '/usr/bin/bwrap' })[0]?.level, 'note');
});
