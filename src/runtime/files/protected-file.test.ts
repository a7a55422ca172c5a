// The files Vigil's protections rely on (#18): the permissions file, the integrity manifest and
// its signature are refused when they are links, writable by others, owned by someone else, or
// below a directory others can write to; a signature nobody checks is refused too.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTestApp } from '../../../test/runtime-apps.js';
import { generateManifest, serialiseManifest } from '../integrity/manifest.js';
import { prepareIntegrity } from '../integrity/verify.js';
import { loadPolicy } from '../policy/load.js';

/** Make `file` someone else's: root gives it to uid 4242; anyone else claims to be uid 4242. Returns the uid to check as. */
function otherOwner(file: string): number {
  if (process.getuid?.() !== 0) return 4242;
  chownSync(file, 4242, 4242);
  return 0;
}

const variables = { project: '/srv/app', home: '/home/ana', tmp: '/tmp' };

test('permissions file: a symbolic link, a group/other-writable parent directory, another owner and duplicate keys are refused', (t) => {
  const app = createTestApp({ 'real/vigil-permissions.json': '{"version":1,"childProcess":false}' });
  t.after(() => app.remove());
  const real = join(app.dir, 'real', 'vigil-permissions.json');
  chmodSync(join(app.dir, 'real'), 0o755);
  assert.equal(loadPolicy({ file: real, variables }).childProcess, false);
  // A link: whoever can change it chooses the policy.
  const link = join(app.dir, 'vigil-permissions.json');
  symlinkSync(real, link);
  assert.throws(() => loadPolicy({ file: link, variables }), /vigil-permissions\.json: the permissions file is a symbolic link; refusing it/);
  // A directory above it writable by others (not sticky): they could replace the file.
  chmodSync(join(app.dir, 'real'), 0o777);
  assert.throws(() => loadPolicy({ file: real, variables }), /the directory .*\/real above the permissions file is writable by others \(mode 777\); refusing it/);
  chmodSync(join(app.dir, 'real'), 0o775);
  assert.throws(() => loadPolicy({ file: real, variables }), /above the permissions file is writable by its group/);
  // Sticky (as /tmp): others cannot rename what we own there.
  chmodSync(join(app.dir, 'real'), 0o1777);
  assert.equal(loadPolicy({ file: real, variables }).childProcess, false);
  chmodSync(join(app.dir, 'real'), 0o755);
  // Owned by another user: as root the file is given away; otherwise we pretend to be uid 4242.
  assert.throws(() => loadPolicy({ file: real, variables, uid: otherOwner(real) }), /permissions file belongs to uid \d+, not to you \(uid \d+\) or root; refusing it/);
  if (process.getuid?.() === 0) chownSync(real, 0, 0);
  // Duplicate keys: last-wins would turn childProcess: false into true.
  writeFileSync(real, '{"version":1,"childProcess":false,"childProcess":true}');
  assert.throws(() => loadPolicy({ file: real, variables }), /duplicate key "childProcess"/);
});

test('integrity manifest: a link, a writable file or parent, another owner, and a .sig nobody checks are refused', async (t) => {
  const app = createTestApp({ 'package.json': JSON.stringify({ name: 'shop', version: '1.0.0' }), 'app.js': 'console.log(1);\n' });
  t.after(() => app.remove());
  chmodSync(app.dir, 0o755);
  const manifest = app.write('vigil-integrity.json', serialiseManifest(await generateManifest({ root: app.dir, manifestDir: app.dir })));
  assert.equal((await prepareIntegrity({ manifest })).modules, 2);
  chmodSync(manifest, 0o666);
  await assert.rejects(prepareIntegrity({ manifest }), /vigil-integrity\.json: integrity manifest is writable by others \(mode 666\); refusing it/);
  chmodSync(manifest, 0o644);
  const link = join(app.dir, 'linked.json');
  symlinkSync(manifest, link);
  await assert.rejects(prepareIntegrity({ manifest: link }), /linked\.json: the integrity manifest is a symbolic link; refusing it/);
  const sub = join(app.dir, 'sub');
  mkdirSync(sub);
  const below = join(sub, 'vigil-integrity.json');
  writeFileSync(below, serialiseManifest(await generateManifest({ root: app.dir, manifestDir: sub })), { mode: 0o644 });
  chmodSync(sub, 0o757);
  await assert.rejects(prepareIntegrity({ manifest: below }), /the directory .*\/sub above the integrity manifest is writable by others/);
  chmodSync(sub, 0o755);
  await assert.rejects(prepareIntegrity({ manifest, uid: otherOwner(manifest) }), /integrity manifest belongs to uid \d+, not to you \(uid \d+\) or root/);
  if (process.getuid?.() === 0) chownSync(manifest, 0, 0);
  // A signature beside the manifest with no key to check it: refused, saying where the key comes from.
  app.write('vigil-integrity.json.sig', 'c2lnbmF0dXJl\n');
  await assert.rejects(prepareIntegrity({ manifest }), /vigil-integrity\.json\.sig: the manifest is signed but no public key was given .*--public-key <pem>, or runtime\.publicKey/);
});
