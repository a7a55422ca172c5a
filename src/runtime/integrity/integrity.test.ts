import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, runPlanned, type TestApp } from '../../../test/runtime-apps.js';
import { prepareRun } from '../launch.js';
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

async function launch(app: TestApp, manifest: string, publicKey?: string) {
  const integrity = await prepareIntegrity({ manifest, ...(publicKey ? { publicKey } : {}) });
  return runPlanned(prepareRun({ cwd: app.dir, env, command: ['node', 'app.js'], usePermissions: true, integrity }), app.dir);
}

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

test('a tampered CommonJS dependency, ESM dependency or JSON file is refused', async (t) => {
  const app = integrityApp();
  t.after(() => app.remove());
  const manifest = await writeManifest(app);
  for (const file of ['node_modules/dep/index.js', 'node_modules/esm-dep/index.js', 'config.json']) {
    const path = join(app.dir, file);
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, file.endsWith('.json') ? '{"mode":"evil"}' : `${original}globalThis.evil = 1;\n`);
    const result = await launch(app, manifest);
    assert.notEqual(result.status, 0, `${file} was loaded`);
    assert.match(result.stderr, new RegExp(`vigil integrity: refusing to load ${path.replace(/[.]/g, '\\.')}: its bytes differ from the integrity manifest`));
    assert.deepEqual(await verifyFilesOnDisk(manifest, JSON.parse(readFileSync(manifest, 'utf8'))), [{ file, problem: 'changed' }]);
    writeFileSync(path, original);
  }
});

test('a module that is not in the manifest is refused', async (t) => {
  const app = integrityApp();
  t.after(() => app.remove());
  const manifest = await writeManifest(app);
  app.write('node_modules/dep/index.js', 'module.exports = require("./planted.js");\n');
  app.write('node_modules/dep/planted.js', 'module.exports = () => "planted";\n');
  const result = await launch(app, manifest);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /refusing to load .*node_modules\/dep\/index\.js: its bytes differ/);
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
