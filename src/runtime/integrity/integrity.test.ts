import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, runPlanned, type TestApp } from '../../../test/runtime-apps.js';
import { prepareRun } from '../launch.js';
import { probeNode } from '../node-probe.js';
import { generateManifest, serialiseManifest } from './manifest.js';
import { generateSigningKeys, readPrivateKey, signBytes } from './sign.js';
import { prepareIntegrity, verifyFilesOnDisk } from './verify.js';

const env = { PATH: process.env.PATH ?? '' };

/** A CommonJS app that requires a CommonJS dependency and JSON, and imports an ESM dependency. */
function integrityApp(): TestApp {
  return createTestApp({
    'package.json': JSON.stringify({ name: 'shop', version: '1.0.0' }),
    'app.js': `const dep = require('dep');\nconsole.log(dep(), require('./config.json').mode);\nimport('esm-dep').then((m) => console.log(m.word));\n`,
    'config.json': '{"mode":"prod"}',
    'node_modules/dep/package.json': JSON.stringify({ name: 'dep', version: '1.0.0' }),
    'node_modules/dep/index.js': 'module.exports = () => "dep ok";\n',
    'node_modules/esm-dep/package.json': JSON.stringify({ name: 'esm-dep', version: '1.0.0', type: 'module', exports: './index.js' }),
    'node_modules/esm-dep/index.js': 'export const word = "esm ok";\n',
    'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] } }),
  });
}

async function writeManifest(app: TestApp): Promise<string> {
  const manifest = await generateManifest({ root: app.dir, manifestDir: app.dir });
  return app.write('vigil-integrity.json', serialiseManifest(manifest));
}

/** `nodePolicy: false` is `--integrity-hooks`: Vigil's module hooks even where Node has policy manifests (Node 20/21). */
async function launch(app: TestApp, manifest: string, publicKey?: string, nodePolicy = true) {
  const integrity = await prepareIntegrity({ manifest, ...(publicKey ? { publicKey } : {}) });
  return runPlanned(prepareRun({ cwd: app.dir, env, command: ['node', 'app.js'], usePermissions: true, integrity, nodePolicy }), app.dir);
}

/** Both engines this Node offers: Node's own policy manifest where it exists, and Vigil's hooks. */
const engines = probeNode(process.execPath).policyManifests ? [true, false] : [false];

test('an untouched application runs under its manifest, with the permission policy too', async (t) => {
  const app = integrityApp();
  t.after(() => app.remove());
  const manifest = await writeManifest(app);
  const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { app: unknown; files: Record<string, string> };
  assert.deepEqual(parsed.app, { name: 'shop', version: '1.0.0' });
  assert.match(parsed.files['node_modules/dep/index.js'] ?? '', /^sha384-/);
  const result = await launch(app, manifest);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /dep ok prod\nesm ok/);
});

test('a tampered CommonJS dependency, ESM dependency or JSON file is refused (Node policy and hooks alike)', async (t) => {
  const app = integrityApp();
  t.after(() => app.remove());
  const manifest = await writeManifest(app);
  for (const nodePolicy of engines) {
    for (const file of ['node_modules/dep/index.js', 'node_modules/esm-dep/index.js', 'config.json']) {
      const path = join(app.dir, file);
      const original = readFileSync(path, 'utf8');
      writeFileSync(path, file.endsWith('.json') ? '{"mode":"evil"}' : `${original}globalThis.evil = 1;\n`);
      const result = await launch(app, manifest, undefined, nodePolicy);
      assert.notEqual(result.status, 0, `${file} was loaded (node policy: ${nodePolicy})`);
      assert.match(result.stderr, new RegExp(`vigil integrity: refusing to load ${path.replace(/[.]/g, '\\.')}: its bytes differ from the integrity manifest`));
      assert.deepEqual(await verifyFilesOnDisk(manifest, JSON.parse(readFileSync(manifest, 'utf8'))), [{ file, problem: 'changed' }]);
      writeFileSync(path, original);
    }
  }
});

test('a module that is not in the manifest is refused, even when the code that loads it is listed', async (t) => {
  const app = integrityApp();
  t.after(() => app.remove());
  app.write('app.js', `try { require('./planted.js'); console.log('planted ran'); } catch (error) { console.log('refused', error.code); }\nimport('./planted.mjs').then(() => console.log('planted esm ran'));\n`);
  const manifest = await writeManifest(app);
  app.write('planted.js', 'module.exports = "planted";\n');
  app.write('planted.mjs', 'export default "planted";\n');
  for (const nodePolicy of engines) {
    const result = await launch(app, manifest, undefined, nodePolicy);
    assert.notEqual(result.status, 0, `node policy: ${nodePolicy}`);
    assert.match(result.stdout, /^refused ERR_VIGIL_INTEGRITY\n$/);
    assert.doesNotMatch(result.stdout, /planted .*ran/);
    assert.match(result.stderr, /vigil integrity: refusing to load .*planted\.mjs( \(from .*app\.js\))?: it is not in the integrity manifest .*vigil-integrity\.json/);
  }
});

test('code from a data: URL is refused: only files listed in the manifest may load', async (t) => {
  const app = integrityApp();
  t.after(() => app.remove());
  app.write('app.js', `import('data:text/javascript,console.log("data ran")').catch((error) => { console.log('refused'); console.error(error.message); process.exitCode = 3; });\n`);
  const manifest = await writeManifest(app);
  for (const nodePolicy of engines) {
    const result = await launch(app, manifest, undefined, nodePolicy);
    assert.equal(result.status, 3, `node policy: ${nodePolicy}: ${result.stderr}`);
    assert.match(result.stdout, /^refused\n$/);
    assert.match(result.stderr, nodePolicy ? /does not list data:text\/javascript/ : /vigil integrity: refusing to load data:text\/javascript.*: only files listed in the manifest may load/);
  }
});

test('under Node 20 the manifest is enforced by Node itself; node -e children still run, their modules still checked; the policy file is gone after', async (t) => {
  if (!engines.includes(true)) return t.skip('this Node has no policy manifests');
  const app = integrityApp();
  t.after(() => app.remove());
  app.write('app.js', `const { execFileSync } = require('child_process');\nprocess.stdout.write(execFileSync(process.execPath, ['-e', 'console.log("child", require("dep")())']));\n`);
  app.write('vigil-permissions.json', JSON.stringify({ version: 1, fs: { read: ['${project}'] }, childProcess: true }));
  const manifest = await writeManifest(app);
  const plan = prepareRun({ cwd: app.dir, env, command: ['node', 'app.js'], usePermissions: true, integrity: await prepareIntegrity({ manifest }) });
  assert.ok(plan.nodeOptions.some((word) => word.startsWith('--experimental-policy=')));
  assert.ok(plan.nodeOptions.some((word) => /^--policy-integrity=sha384-/.test(word)));
  assert.ok(plan.boundaries.some((line) => /Node's own policy manifest/.test(line)));
  const clean = runPlanned(plan, app.dir);
  assert.equal(clean.status, 0, clean.stderr);
  assert.match(clean.stdout, /child dep ok/);
  for (const file of plan.files) assert.equal(existsSync(file.dir), false, `${file.dir} left behind`);
  app.write('node_modules/dep/index.js', 'module.exports = () => "evil";\n');
  const tampered = runPlanned(plan, app.dir);
  assert.notEqual(tampered.status, 0);
  assert.doesNotMatch(tampered.stdout, /evil/);
  assert.match(tampered.stderr, /vigil integrity: refusing to load .*node_modules\/dep\/index\.js: its bytes differ/);
});

test('sidecar mode: an unsigned manifest, a signature by another key, or a changed manifest is refused', async (t) => {
  const app = integrityApp();
  t.after(() => app.remove());
  const manifest = await writeManifest(app);
  const ours = generateSigningKeys();
  const theirs = generateSigningKeys();
  const publicKey = app.write('release.pub', ours.publicKey);
  await assert.rejects(prepareIntegrity({ manifest, publicKey }), /the manifest is not signed \(no .*vigil-integrity\.json\.sig\) and a signature is required/);
  writeFileSync(`${manifest}.sig`, signBytes(readFileSync(manifest), readPrivateKey(theirs.privateKey, 'theirs.key')));
  await assert.rejects(prepareIntegrity({ manifest, publicKey }), /the signature does not verify with .*release\.pub \(SHA256:.*\): signed by another key/);
  writeFileSync(`${manifest}.sig`, signBytes(readFileSync(manifest), readPrivateKey(ours.privateKey, 'ours.key')));
  const result = await launch(app, manifest, publicKey);
  assert.equal(result.status, 0, result.stderr);
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"root": "."', '"root": "./"'));
  await assert.rejects(prepareIntegrity({ manifest, publicKey }), /signed by another key, or the manifest changed/);
});

test('a manifest for another version of the application, or no manifest at all, is refused', async (t) => {
  const app = integrityApp();
  t.after(() => app.remove());
  const manifest = await writeManifest(app);
  app.write('package.json', JSON.stringify({ name: 'shop', version: '1.1.0' }));
  await assert.rejects(prepareIntegrity({ manifest }), /the manifest is for shop@1\.0\.0, but .* is shop@1\.1\.0/);
  await assert.rejects(prepareIntegrity({ manifest: join(app.dir, 'missing.json') }), /integrity manifest not found; refusing to start without it/);
});

test('a worker thread cannot load a tampered module either', async (t) => {
  const app = integrityApp();
  t.after(() => app.remove());
  app.write('app.js', `const { Worker } = require('worker_threads');\nnew Worker(require('path').join(__dirname, 'worker.js'));\n`);
  app.write('worker.js', `console.log('worker', require('dep')());\n`);
  app.write('vigil-permissions.json', JSON.stringify({ version: 1, fs: { read: ['${project}'] }, worker: true }));
  const manifest = await writeManifest(app);
  const clean = await launch(app, manifest);
  assert.equal(clean.status, 0, clean.stderr);
  assert.match(clean.stdout, /worker dep ok/);
  app.write('node_modules/dep/index.js', 'module.exports = () => "evil";\n');
  const tampered = await launch(app, manifest);
  assert.doesNotMatch(tampered.stdout, /evil/);
  assert.match(tampered.stderr, /vigil integrity: refusing to load .*node_modules\/dep\/index\.js/);
});
