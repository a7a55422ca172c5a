import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp } from '../../../test/runtime-apps.js';
import { manifestResources, nodePolicy, packageJsonResources, writePrivateFile } from './node-policy.js';

test("Vigil's manifest becomes a Node policy: file URLs, the same SRI, Node's own resolution, command-line code allowed only in the given directory", () => {
  const resources = manifestResources({ version: 1, app: null, root: '.', files: { 'app.js': 'sha384-AAAA', 'node_modules/a b/x.js': 'sha256-BBBB' } }, '/nonexistent-vigil/app/vigil-integrity.json');
  assert.deepEqual(resources, { '/nonexistent-vigil/app/app.js': 'sha384-AAAA', '/nonexistent-vigil/app/node_modules/a b/x.js': 'sha256-BBBB' });
  const policy = nodePolicy(resources, ['/srv']);
  const parsed = JSON.parse(policy.text) as { onerror: string; dependencies: boolean; resources: Record<string, { integrity: string | true; dependencies: boolean }> };
  assert.equal(parsed.onerror, 'throw');
  assert.equal(parsed.dependencies, true);
  assert.deepEqual(parsed.resources['file:///nonexistent-vigil/app/node_modules/a%20b/x.js'], { integrity: 'sha256-BBBB', dependencies: true });
  assert.equal(parsed.resources['file:///srv/%5Beval%5D-wrapper']?.integrity, true);
  // Nothing else is allowed with any bytes: only command-line code, and only in /srv.
  assert.deepEqual(
    Object.entries(parsed.resources).filter(([, entry]) => entry.integrity === true).map(([url]) => url).sort(),
    ['file:///srv/%5Beval%5D', 'file:///srv/%5Beval%5D-wrapper', 'file:///srv/%5Bstdin%5D', 'file:///srv/%5Bstdin%5D-wrapper'],
  );
  assert.equal(policy.integrity, `sha384-${createHash('sha384').update(policy.text).digest('base64')}`);
});

test('the policy is written to a new private directory, and an existing (possibly planted) one is refused', (t) => {
  const dir = join(tmpdir(), `vigil-node-policy-test-${process.pid}`);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = writePrivateFile(dir, 'node-policy.json', '{}');
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.throws(() => writePrivateFile(dir, 'node-policy.json', '{}'), /EEXIST/);
  assert.ok(existsSync(file));
});

test('package.json files Node will read are in the policy: with their hash when the manifest lists them, else allowed as under the hooks', (t) => {
  const app = createTestApp({ 'package.json': '{}', 'node_modules/dep/package.json': '{}', 'node_modules/dep/lib/x.js': '', 'app.js': '' });
  t.after(() => app.remove());
  const listed = { [join(app.dir, 'package.json')]: 'sha384-AAAA' };
  const found = packageJsonResources([join(app.dir, 'app.js'), join(app.dir, 'node_modules/dep/lib/x.js')], listed);
  assert.deepEqual(found[join(app.dir, 'node_modules/dep/package.json')], true);
  assert.equal(found[join(app.dir, 'package.json')], undefined, 'the listed one keeps its hash');
  assert.equal(found[join(app.dir, 'node_modules/dep/lib/package.json')], undefined, 'only files that exist');
});
