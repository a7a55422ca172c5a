import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, projectRoot } from '../../../test/fixtures.js';
import { createTestApp } from '../../../test/runtime-apps.js';

/** Run the CLI the way a user does, in `cwd` (without the outer test runner's NODE_TEST_CONTEXT, which would turn an inner `node --test` into its child). */
function vigil(cwd: string, ...args: string[]) {
  const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
  return spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...env, NODE_OPTIONS: '' },
    timeout: 60_000,
  });
}

test('permissions infer writes a policy (not writable by others), a report with modules, and integrity generate uses it', (t) => {
  const app = createTestApp({
    'package.json': JSON.stringify({ name: 'tool', version: '2.0.0' }),
    'app.js': "const fs = require('fs');\nconsole.log(require('./lib.js'), fs.readFileSync('/etc/hostname').length > 0);\n",
    'lib.js': 'module.exports = "lib";\n',
    'unused.js': 'module.exports = "never loaded";\n',
  });
  t.after(() => app.remove());
  const infer = vigil(app.dir, 'permissions', 'infer', '--report', 'report.json', '--', 'node', 'app.js');
  assert.equal(infer.status, 0, infer.stderr);
  assert.match(infer.stdout, /lib true/);
  assert.match(infer.stdout, /wrote .*vigil-permissions\.json \(pin: sha256-/);
  assert.match(infer.stdout, /the application read \/etc\/hostname/);
  const policyFile = join(app.dir, 'vigil-permissions.json');
  assert.equal(statSync(policyFile).mode & 0o022, 0);
  // The files read, not the whole project (unused.js stays unreadable).
  assert.deepEqual(JSON.parse(readFileSync(policyFile, 'utf8')).fs.read, ['${project}/app.js', '${project}/lib.js', '/etc/hostname']);

  const generate = vigil(app.dir, '--json', 'integrity', 'generate', '--from-report', 'report.json');
  assert.equal(generate.status, 0, generate.stderr);
  const manifest = JSON.parse(readFileSync(join(app.dir, 'vigil-integrity.json'), 'utf8')) as { files: Record<string, string> };
  assert.deepEqual(Object.keys(manifest.files), ['app.js', 'lib.js']);

  const keygen = vigil(app.dir, 'integrity', 'keygen', '--out', 'release');
  assert.equal(keygen.status, 0, keygen.stderr);
  assert.equal(statSync(join(app.dir, 'release.key')).mode & 0o077, 0);
  assert.equal(vigil(app.dir, 'integrity', 'sign', 'vigil-integrity.json', '--key', 'release.key').status, 0);
  const verify = vigil(app.dir, 'integrity', 'verify', 'vigil-integrity.json', '--public-key', 'release.pub');
  assert.equal(verify.status, 0, verify.stderr);
  assert.match(verify.stdout, /2 module\(s\), signature verified \(SHA256:/);

  const run = vigil(app.dir, 'run', '--integrity', 'vigil-integrity.json', '--public-key', 'release.pub', '--', 'node', 'app.js');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /lib true/);
  assert.match(run.stderr, /integrity: 2 module\(s\) .* signature by SHA256:/);
});

test('permissions check reports permission-model CVEs and known gaps, exit 1 on warnings', (t) => {
  const app = createTestApp({ 'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] } }) });
  t.after(() => app.remove());
  const check = vigil(app.dir, '--json', 'permissions', 'check', '--vuln-core', fixture('security-wg', 'vuln', 'core'));
  const report = JSON.parse(check.stdout) as { node: string; gaps: { level: string; topic: string; message: string }[] };
  assert.equal(report.node, process.version);
  assert.ok(report.gaps.some((gap) => gap.topic === 'network'));
  assert.equal(check.status, report.gaps.some((gap) => gap.level === 'warning') ? 1 : 0);
});

test('bad input: a policy that escapes the project, a missing command', (t) => {
  const app = createTestApp({ 'app.js': '', 'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['../../etc'] } }) });
  t.after(() => app.remove());
  const escape = vigil(app.dir, 'run', '--', 'node', 'app.js');
  assert.equal(escape.status, 2);
  assert.match(escape.stderr, /fs\.read\[0\] "\.\.\/\.\.\/etc": relative path escapes the project/);
  const missing = vigil(app.dir, 'permissions', 'infer', '--', 'vigil-no-such-tool');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /command not found: vigil-no-such-tool/);
});

test('integrity modes from the configuration: require-manifest refuses to start without one', (t) => {
  const app = createTestApp({
    'app.js': 'console.log("started")',
    'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] } }),
    'vigil.config.yaml': 'runtime:\n  integrity: require-manifest\n',
  });
  t.after(() => app.remove());
  const refused = vigil(app.dir, 'run', '--', 'node', 'app.js');
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /vigil-integrity\.json: integrity manifest not found; refusing to start without it/);
  assert.equal(vigil(app.dir, 'integrity', 'generate').status, 0);
  const started = vigil(app.dir, 'run', '--', 'node', 'app.js');
  assert.equal(started.status, 0, started.stderr);
  assert.match(started.stdout, /started/);
  const unsigned = vigil(app.dir, 'run', '--integrity-mode', 'require-signature', '--', 'node', 'app.js');
  assert.equal(unsigned.status, 2);
  assert.match(unsigned.stderr, /needs a public key/);
});

test('bad input for vigil run --integrity: a signature by another key and a manifest for another version exit 2 before starting; a tampered module is refused', (t) => {
  const app = createTestApp({
    'package.json': JSON.stringify({ name: 'shop', version: '1.0.0' }),
    'app.js': "console.log('started', require('./lib.js'));\n",
    'lib.js': 'module.exports = "lib";\n',
    'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] } }),
  });
  t.after(() => app.remove());
  const run = () => vigil(app.dir, 'run', '--integrity', 'vigil-integrity.json', '--public-key', 'release.pub', '--', 'node', 'app.js');
  assert.equal(vigil(app.dir, 'integrity', 'generate').status, 0);
  assert.equal(vigil(app.dir, 'integrity', 'keygen', '--out', 'release').status, 0);
  assert.equal(vigil(app.dir, 'integrity', 'keygen', '--out', 'other').status, 0);
  assert.equal(vigil(app.dir, 'integrity', 'sign', 'vigil-integrity.json', '--key', 'other.key').status, 0);
  const otherKey = run();
  assert.equal(otherKey.status, 2, otherKey.stderr);
  assert.match(otherKey.stderr, /vigil-integrity\.json\.sig: the signature does not verify with .*release\.pub .*signed by another key/);
  assert.doesNotMatch(otherKey.stdout, /started/);

  assert.equal(vigil(app.dir, 'integrity', 'sign', 'vigil-integrity.json', '--key', 'release.key').status, 0);
  const signed = run();
  assert.equal(signed.status, 0, signed.stderr);
  assert.match(signed.stdout, /started lib/);

  writeFileSync(join(app.dir, 'lib.js'), 'module.exports = "evil";\n');
  const tampered = run();
  assert.notEqual(tampered.status, 0);
  assert.doesNotMatch(tampered.stdout, /evil/);
  assert.match(tampered.stderr, /vigil integrity: refusing to load .*lib\.js: its bytes differ from the integrity manifest/);
  writeFileSync(join(app.dir, 'lib.js'), 'module.exports = "lib";\n');

  writeFileSync(join(app.dir, 'package.json'), JSON.stringify({ name: 'shop', version: '1.1.0' }));
  const otherVersion = run();
  assert.equal(otherVersion.status, 2, otherVersion.stderr);
  assert.match(otherVersion.stderr, /the manifest is for shop@1\.0\.0, but .* is shop@1\.1\.0; generate a manifest for this version/);
  assert.doesNotMatch(otherVersion.stdout, /started/);
});

test('done when: infer a policy from the test suite, review it per package, run the application under it with a signed manifest', (t) => {
  const app = createTestApp({
    'package.json': JSON.stringify({ name: 'shop', version: '1.0.0' }),
    'node_modules/reader/package.json': JSON.stringify({ name: 'reader', version: '1.0.0' }),
    'node_modules/reader/index.js': "module.exports = () => require('fs').readFileSync('/etc/hostname', 'utf8').length > 0;\n",
    'app.js': "console.log('hostname', require('reader')());\n",
    'app.test.js': "const { test } = require('node:test');\nconst assert = require('node:assert');\ntest('reads', () => assert.ok(require('reader')()));\n",
  });
  t.after(() => app.remove());
  // Tests and a start of the application: the policy grants the files that were read, not the whole project.
  const infer = vigil(app.dir, 'permissions', 'infer', '--report', 'report.json', '--', 'sh', '-c', 'node --test app.test.js && node app.js');
  assert.equal(infer.status, 0, infer.stderr);
  assert.match(infer.stdout, /package reader read \/etc\/hostname/);
  const report = JSON.parse(readFileSync(join(app.dir, 'report.json'), 'utf8')) as { packages: { package: string; read: string[] }[] };
  assert.deepEqual(report.packages.find((entry) => entry.package === 'reader')?.read, ['/etc/hostname']);

  const tests = vigil(app.dir, 'run', '--', 'node', '--test', 'app.test.js');
  assert.equal(tests.status, 0, tests.stdout + tests.stderr);
  assert.equal(vigil(app.dir, 'integrity', 'generate').status, 0);
  assert.equal(vigil(app.dir, 'integrity', 'keygen', '--out', 'release').status, 0);
  assert.equal(vigil(app.dir, 'integrity', 'sign', 'vigil-integrity.json', '--key', 'release.key').status, 0);
  const run = vigil(app.dir, 'run', '--integrity', 'vigil-integrity.json', '--public-key', 'release.pub', '--', 'node', 'app.js');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /hostname true/);
  assert.match(run.stderr, /file system, child processes, workers, addons, WASI: Node's permission model/);
  assert.match(run.stderr, /integrity: \d+ module\(s\) in .*vigil-integrity\.json, signature by SHA256:/);
});
