import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseIntegrity } from './mode.js';

const command = ['node', 'server/app.js'];

test('optional: no manifest unless given; a given key always requires a signature', () => {
  assert.deepEqual(chooseIntegrity({ mode: 'optional', command, cwd: '/srv' }), { manifest: null, publicKey: null });
  assert.deepEqual(chooseIntegrity({ mode: 'optional', manifest: 'm.json', publicKey: 'k.pub', command, cwd: '/srv' }), { manifest: '/srv/m.json', publicKey: '/srv/k.pub' });
});

test('require-manifest: the manifest beside the entry point when none is given', () => {
  assert.deepEqual(chooseIntegrity({ mode: 'require-manifest', command, cwd: '/srv' }), { manifest: '/srv/server/vigil-integrity.json', publicKey: null });
  assert.throws(() => chooseIntegrity({ mode: 'require-manifest', command: ['node', '-e', '1'], cwd: '/srv' }), /give --integrity/);
});

test('require-signature: refuses without a key', () => {
  assert.throws(() => chooseIntegrity({ mode: 'require-signature', command, cwd: '/srv' }), /needs a public key/);
  assert.deepEqual(chooseIntegrity({ mode: 'require-signature', publicKey: '/keys/release.pub', command, cwd: '/srv' }), { manifest: '/srv/server/vigil-integrity.json', publicKey: '/keys/release.pub' });
});
