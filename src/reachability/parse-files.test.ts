import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAndParse } from './parse-files.js';
import type { ModuleInfo } from './types.js';

test('loads are cached per content and extension within a run, except loads that name a path', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-parse-files-'));
  try {
    for (const dir of ['a', 'b']) {
      mkdirSync(join(root, dir));
      writeFileSync(join(root, dir, 'same.js'), `require('./x');\n`);
      writeFileSync(join(root, dir, 'here.js'), `require(require('path').join(__dirname, 'x'));\n`);
    }
    writeFileSync(join(root, 'a', 'same.ts'), `require('./x');\n`);
    writeFileSync(join(root, 'a', 'data.js'), `module.exports = 1;\n`);
    const cache = new Map<string, ModuleInfo>();
    const first = readAndParse(join(root, 'a', 'same.js'), cache);
    const second = readAndParse(join(root, 'b', 'same.js'), cache);
    assert.equal(first.kind, 'parsed');
    assert.equal(second.kind === 'parsed' && first.kind === 'parsed' && second.info === first.info, true, 'same content: parsed once');
    const ts = readAndParse(join(root, 'a', 'same.ts'), cache);
    assert.equal(ts.kind === 'parsed' && first.kind === 'parsed' && ts.info !== first.info, true, 'another dialect: parsed again');
    const hereA = readAndParse(join(root, 'a', 'here.js'), cache);
    const hereB = readAndParse(join(root, 'b', 'here.js'), cache);
    assert.deepEqual([hereA, hereB].map((result) => (result.kind === 'parsed' ? result.info.loads.map((site) => site.specifier).filter((s) => s !== 'path') : [])), [[join(root, 'a', 'x')], [join(root, 'b', 'x')]], '__dirname folded: each file its own path');
    assert.deepEqual(readAndParse(join(root, 'a', 'data.js'), cache), { kind: 'no-loads' });
    assert.equal(readAndParse(join(root, 'missing.js'), cache).kind, 'unreadable');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
