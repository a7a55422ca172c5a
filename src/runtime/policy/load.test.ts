import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { createTestApp } from '../../../test/runtime-apps.js';
import { InputError } from '../../errors.js';
import { loadPolicy, parsePolicy, policyPin } from './load.js';

const variables = { project: '/srv/app', home: '/home/ana', tmp: '/tmp' };

test('a policy resolves variables, defaults every grant to denied, and parses network rules', () => {
  const policy = parsePolicy(JSON.stringify({ version: 1, fs: { read: ['${project}', '${project}/lib'] }, net: ['registry.npmjs.org:443', '*.example.com', '[::1]:*'], env: ['PATH', 'PATH'] }), 'p.json', variables);
  assert.deepEqual(policy.fsRead, ['/srv/app']);
  assert.deepEqual(policy.fsWrite, []);
  assert.equal(policy.childProcess, false);
  assert.equal(policy.addons, false);
  assert.deepEqual(policy.net, [
    { host: 'registry.npmjs.org', port: 443 },
    { host: '*.example.com', port: null },
    { host: '::1', port: null },
  ]);
  assert.deepEqual(policy.env, ['PATH']);
});

test('bad policies fail closed with the file and the entry named', () => {
  assert.throws(() => parsePolicy('{ "version": 1,\n  "fs": { "read": [ }\n}', 'p.json', variables), (error: InputError) => error instanceof InputError && error.line === 2);
  assert.throws(() => parsePolicy('{"version":1,"fs":{"raed":[]}}', 'p.json', variables), /p\.json: invalid permissions file: fs: Unrecognized key/);
  assert.throws(() => parsePolicy('{"version":1,"childProcess":"yes"}', 'p.json', variables), /childProcess/);
  assert.throws(() => parsePolicy('{"version":1,"fs":{"write":["../../etc"]}}', 'p.json', variables), /fs\.write\[0\] "\.\.\/\.\.\/etc": relative path escapes the project/);
  assert.throws(() => parsePolicy('{"version":1,"net":["example.com:http"]}', 'p.json', variables), /net\[0\].*port must be a number/);
  assert.throws(() => parsePolicy('{"version":2}', 'p.json', variables), /version/);
});

test('a missing, group-writable or mismatched policy file is refused', (t) => {
  const app = createTestApp();
  t.after(() => app.remove());
  const file = `${app.dir}/vigil-permissions.json`;
  assert.throws(() => loadPolicy({ file, variables }), /not found; refusing to start without it \(fail closed\)/);
  app.write('vigil-permissions.json', '{"version":1}');
  assert.equal(loadPolicy({ file, variables, pin: policyPin('{"version":1}') }).file, file);
  assert.throws(() => loadPolicy({ file, variables, pin: policyPin('{"version":1,"childProcess":true}') }), /does not match its pin/);
  chmodSync(file, 0o664);
  assert.throws(() => loadPolicy({ file, variables }), /writable by its group \(mode 664\)/);
  chmodSync(file, 0o646);
  assert.throws(() => loadPolicy({ file, variables }), /writable by others/);
});
