import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph } from './index.js';
import { loadsCacheFile, readLoadsCache } from './loads-cache.js';
import type { ModuleInfo } from './types.js';
import { tempTree } from '../../test/fixtures.js';

const tree = (files: Record<string, string>): string => tempTree(files, 'vigil-loads-cache-');

const pkg = (name: string): string => JSON.stringify({ name, version: '1.0.0', main: 'index.js' });
const APP = `const a = require('a');\nrequire(require('path').join(__dirname, 'local.js'));\n`;

test('loads are kept on disk between runs by content, and a second run reads them instead of parsing', async () => {
  const root = tree({
    'package.json': pkg('app'),
    'index.js': APP,
    'local.js': '',
    'node_modules/a/package.json': pkg('a'),
    'node_modules/a/index.js': `module.exports = require('./x');\n`,
    'node_modules/a/x.js': '',
    'node_modules/b/package.json': pkg('b'),
    'node_modules/b/index.js': '',
  });
  const cache = join(root, 'cache');
  try {
    const first = await buildGraph(root, { cacheDir: cache, workers: 0 });
    const file = loadsCacheFile(cache);
    const kept = readLoadsCache(file);
    // a/index.js is kept; index.js folds __dirname into an absolute path: its loads depend on where it is, not kept.
    assert.equal(kept.size, 1);
    const key = `.js:${createHash('sha1').update(`module.exports = require('./x');\n`).digest('base64')}`;
    assert.deepEqual(kept.get(key)?.loads.map((site) => site.specifier), ['./x']);
    // The same graph from the cache. Then a kept entry is what the next run uses: planted, it is followed.
    const second = await buildGraph(root, { cacheDir: cache, workers: 0 });
    assert.deepEqual([...second.parent], [...first.parent]);
    const planted: ModuleInfo = { loads: [{ kind: 'require', specifier: 'b', prefix: '', suffix: '', line: 1 }], evalLines: [], functionLines: [], parseError: null, ast: false };
    writeFileSync(file, JSON.stringify({ entries: [[key, planted]] }));
    const third = await buildGraph(root, { cacheDir: cache, workers: 0 });
    assert.ok([...third.parent.keys()].includes(join(root, 'node_modules/b/index.js')), 'the planted loads were read');
    // Without the cache every file is parsed again.
    const cold = await buildGraph(root, { cacheDir: null, workers: 0 });
    assert.deepEqual([...cold.parent], [...first.parent]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a cache file that is not JSON is ignored and replaced; one that cannot be written is skipped', async () => {
  const root = tree({ 'package.json': pkg('app'), 'index.js': `require('a');\n`, 'node_modules/a/package.json': pkg('a'), 'node_modules/a/index.js': '' });
  const cache = join(root, 'cache');
  try {
    mkdirSync(cache);
    writeFileSync(loadsCacheFile(cache), '{ truncated');
    const graph = await buildGraph(root, { cacheDir: cache, workers: 0 });
    assert.ok(graph.parent.has(join(root, 'node_modules/a/index.js')));
    assert.equal(readLoadsCache(loadsCacheFile(cache)).size, 1);
    // A file where the cache directory should be: nothing is written, the graph is the same.
    const blocked = join(root, 'blocked');
    writeFileSync(blocked, '');
    const again = await buildGraph(root, { cacheDir: blocked, workers: 0 });
    assert.deepEqual([...again.parent], [...graph.parent]);
    assert.ok(!existsSync(join(blocked, 'x')));
    assert.deepEqual(readdirSync(root).filter((name) => name.endsWith('.tmp')), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
