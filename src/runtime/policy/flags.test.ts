import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilitiesFrom } from '../node-probe.js';
import type { ResolvedPolicy } from '../types.js';
import { permissionFlags, quoteNodeOption } from './flags.js';

const policy: ResolvedPolicy = { file: 'p.json', fsRead: ['/app', '/app/lib'], fsWrite: ['/tmp'], childProcess: true, commands: null, worker: false, addons: false, wasi: false, net: [], listen: [], env: [] };

const node20 = capabilitiesFrom('node', {
  version: 'v20.20.2',
  flags: ['--experimental-permission', '--allow-fs-read', '--allow-fs-write', '--allow-child-process', '--allow-worker', '--allow-addons', '--allow-wasi'],
  syncHooks: false,
  asyncHooks: true,
});
const node25 = capabilitiesFrom('node', {
  version: 'v25.2.0',
  flags: ['--permission', '--experimental-permission', '--allow-fs-read', '--allow-fs-write', '--allow-child-process', '--allow-worker', '--allow-addons', '--allow-wasi', '--allow-net'],
  syncHooks: true,
  asyncHooks: true,
});

test('Node 20: --experimental-permission, one word per path, each path once (Node 20 aborts on duplicates)', () => {
  const result = permissionFlags(policy, node20, ['/app/lib', '/opt/vigil/preload']);
  assert.deepEqual(result.nodeOptions, ['--experimental-permission', '--allow-fs-read=/app', '--allow-fs-read=/opt/vigil/preload', '--allow-fs-write=/tmp', '--allow-child-process']);
  assert.ok(result.byGuard.includes('network destinations'));
});

test('Node 25: --permission, and network denied by Node itself when the policy lists no destination', () => {
  const result = permissionFlags(policy, node25);
  assert.equal(result.nodeOptions[0], '--permission');
  assert.ok(!result.nodeOptions.includes('--allow-net'));
  assert.ok(result.byNode.includes('network (denied)'));
  const withNet = permissionFlags({ ...policy, net: [{ host: 'example.com', port: 443 }] }, node25);
  assert.ok(withNet.nodeOptions.includes('--allow-net'));
  assert.ok(withNet.byGuard.includes('network destinations'));
});

test('a Node without a switch for workers leaves them to the guard', () => {
  const old = capabilitiesFrom('node', { version: 'v20.5.0', flags: ['--experimental-permission', '--allow-fs-read', '--allow-fs-write', '--allow-child-process'], syncHooks: false, asyncHooks: true });
  const result = permissionFlags(policy, old);
  assert.deepEqual(result.byGuard, ['workers', 'addons', 'WASI', 'network destinations']);
});

test('NODE_OPTIONS words with spaces are quoted the way Node splits them', () => {
  assert.equal(quoteNodeOption('--allow-fs-read=/a b'), '"--allow-fs-read=/a b"');
  assert.equal(quoteNodeOption('--allow-fs-read=/ab'), '--allow-fs-read=/ab');
});
