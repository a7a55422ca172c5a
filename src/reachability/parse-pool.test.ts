import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildGraph } from './graph.js';
import { readAndParse } from './parse-files.js';
import { ParsePool } from './parse-pool.js';
import type { ModuleInfo } from './types.js';

/** A project of `count` chained packages, each loading the next and a few files of its own. */
function project(count: number): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-parse-pool-'));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('package.json', JSON.stringify({ name: 'app', version: '1.0.0', main: 'index.js' }));
  write('index.js', `require('p0');\nimport('./lazy.js');\n`);
  write('lazy.mjs', `export * from 'p1';\n`);
  for (let index = 0; index < count; index++) {
    const dir = `node_modules/p${index}`;
    write(`${dir}/package.json`, JSON.stringify({ name: `p${index}`, version: '1.0.0' }));
    const next = index + 1 < count ? `require('p${index + 1}');\n` : '';
    write(`${dir}/index.js`, `${next}require('./a');\nrequire(require('path').join(__dirname, 'b'));\nconst name = process.env.X;\nrequire('./locale/' + name);\n`);
    write(`${dir}/a.js`, `import x from './c.js';\nexport default x;\n`);
    write(`${dir}/b.js`, `eval(process.env.CODE);\n`);
    write(`${dir}/c.js`, `module.exports = 1;\n`);
    write(`${dir}/locale/en.js`, `require('./missing-optional');\nrequire('not-installed');\n`);
    write(`${dir}/broken.js`, `require('./a'`);
  }
  return root;
}

/** Everything the graph holds, in a form deepEqual compares (maps and sets as sorted arrays where order is not the graph's). */
function snapshot(graph: Awaited<ReturnType<typeof buildGraph>>): unknown {
  return {
    parent: [...graph.parent],
    packages: [...graph.packages],
    importers: [...graph.importers].map(([dir, files]) => [dir, [...files].sort()]),
    unknown: graph.unknown,
    unresolved: graph.unresolved,
    files: graph.stats.files,
    parsed: graph.stats.parsed,
  };
}

test('the graph parsed on worker threads is the graph parsed in process', { timeout: 120_000 }, async () => {
  const root = project(60);
  try {
    const inProcess = await buildGraph(root, { workers: 0 });
    const pooled = await buildGraph(root, { workers: 2, poolAfter: 0 });
    assert.ok(inProcess.stats.files > 300, `a graph large enough to keep workers busy (${inProcess.stats.files} modules)`);
    assert.ok(inProcess.unknown.length > 0, 'computed loads and eval are in it');
    assert.deepEqual(snapshot(pooled), snapshot(inProcess));
    assert.equal(pooled.stats.workers, 2, 'parsed on the workers');
    assert.equal(inProcess.stats.workers, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the workers answer each file as the in-process parse does, and without workers the pool parses in process', { timeout: 120_000 }, async () => {
  const root = project(5);
  const files = ['index.js', 'lazy.mjs', 'missing.js', ...[0, 1, 2, 3, 4].flatMap((index) => ['index.js', 'a.js', 'b.js', 'c.js', 'locale/en.js', 'broken.js'].map((file) => `node_modules/p${index}/${file}`))].map((file) => join(root, file));
  const expected = files.map((file) => readAndParse(file, new Map<string, ModuleInfo>()));
  try {
    const pool = new ParsePool(2);
    for (const file of files) pool.want(file);
    const answers = [];
    for (const file of files) answers.push(await pool.take(file));
    assert.equal(pool.size, 2, `workers running: ${pool.failures.join('; ')}`);
    await pool.close();
    assert.deepEqual(answers, expected);

    const broken = new ParsePool(2, () => ({ entry: 'throw new Error("no loader for the entry")', eval: true }));
    for (const file of files) broken.want(file);
    const fallback = [];
    for (const file of files) fallback.push(await broken.take(file));
    await broken.close();
    assert.deepEqual(fallback, expected, 'files of workers that did not start are parsed in process');
    assert.equal(broken.size, 0);
    assert.match(broken.failures.join('\n'), /no loader for the entry/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
