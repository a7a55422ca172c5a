import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph, installedPackages, verdictFor } from './index.js';
import { tempTree, testFinding } from '../../test/fixtures.js';

const tree = (files: Record<string, string>): string => tempTree(files, 'vigil-reach-');

const pkg = (name: string, extra: object = {}): string => JSON.stringify({ name, version: '1.0.0', ...extra });

const finding = (name: string) => testFinding({ package: name });

test('exports under every condition, imports maps, self-reference, ESM and TypeScript are followed', async () => {
  const root = tree({
    'package.json': pkg('app', { exports: { '.': { import: './src/index.mts', require: './src/index.cjs' } }, imports: { '#db': './src/db.ts' } }),
    'src/index.mts': `import db from '#db';\nexport { x } from 'app/extra';\n`,
    'src/index.cjs': `module.exports = require('cond-pkg');\n`,
    'src/db.ts': `import type { T } from 'types-only';\nimport { q } from './query.js';\nexport default q;\n`,
    'src/query.ts': `export const q = await import('esm-pkg/sub');\n`,
    'src/extra.js': '',
    'node_modules/cond-pkg/package.json': pkg('cond-pkg', { exports: { node: { require: './cjs.js' }, browser: './browser.js', default: './esm.js' } }),
    'node_modules/cond-pkg/cjs.js': '',
    'node_modules/cond-pkg/browser.js': `require('browser-only');\n`,
    'node_modules/cond-pkg/esm.js': '',
    'node_modules/browser-only/package.json': pkg('browser-only'),
    'node_modules/browser-only/index.js': '',
    'node_modules/esm-pkg/package.json': pkg('esm-pkg', { exports: { './*': './lib/*.js' } }),
    'node_modules/esm-pkg/lib/sub.js': '',
    'node_modules/types-only/package.json': pkg('types-only'),
    'node_modules/types-only/index.js': '',
  });
  writeFileSync(join(root, 'package.json'), pkg('app', { exports: { '.': { import: './src/index.mts', require: './src/index.cjs' }, './extra': './src/extra.js' }, imports: { '#db': './src/db.ts' } }));
  try {
    const graph = await buildGraph(root);
    const names = [...graph.packages.values()].map((entry) => entry.name).sort();
    assert.deepEqual(names, ['app', 'browser-only', 'cond-pkg', 'esm-pkg']);
    const installed = installedPackages(root);
    assert.equal(verdictFor(finding('types-only'), { graph, installed }).status, 'not-reachable', 'a type-only import loads nothing');
    assert.match(verdictFor(finding('esm-pkg'), { graph, installed }).evidence, /src\/index\.mts:1 → src\/db\.ts:2 → src\/query\.ts:1 → node_modules\/esm-pkg\/lib\/sub\.js/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a computed require makes what it can reach unknown, never not reachable; a trace upgrades unknown to reachable', async () => {
  const root = tree({
    'package.json': pkg('app', { main: 'index.js' }),
    'index.js': `const plugin = require('plugin-' + process.argv[2]);\nrequire('./locale/' + process.env.LANG);\n`,
    'locale/en.js': '',
    'node_modules/plugin-a/package.json': pkg('plugin-a'),
    'node_modules/plugin-a/index.js': '',
    'node_modules/other/package.json': pkg('other'),
    'node_modules/other/index.js': '',
  });
  try {
    const graph = await buildGraph(root);
    const installed = installedPackages(root);
    const unknown = verdictFor(finding('plugin-a'), { graph, installed });
    assert.equal(unknown.status, 'unknown');
    assert.match(unknown.evidence, /index\.js:1 require\(<computed>\) with the literal head "plugin-"/);
    assert.equal(verdictFor(finding('other'), { graph, installed }).status, 'not-reachable', 'the literal heads bound what the computed loads can reach');
    const traced = verdictFor(finding('plugin-a'), { graph, installed, trace: { source: 'infer-report.json', files: new Set([join(root, 'node_modules/plugin-a/index.js')]) } });
    assert.deepEqual([traced.status, traced.basis, traced.trace], ['reachable', 'trace', 'infer-report.json']);
    const evalRoot = tree({ 'package.json': pkg('e', { main: 'index.js' }), 'index.js': 'eval(process.argv[2]);\n', 'node_modules/other/package.json': pkg('other'), 'node_modules/other/index.js': '' });
    assert.equal(verdictFor(finding('other'), { graph: await buildGraph(evalRoot), installed: installedPackages(evalRoot) }).status, 'unknown', 'eval can require anything');
    rmSync(evalRoot, { recursive: true, force: true });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('workspace packages linked into node_modules are one package, followed through the link', async () => {
  const root = tree({
    'package.json': pkg('mono', { workspaces: ['packages/*'] }),
    'packages/a/package.json': pkg('@m/a', { main: 'index.js' }),
    'packages/a/index.js': `require('@m/b');\n`,
    'packages/b/package.json': pkg('@m/b', { main: 'index.js' }),
    'packages/b/index.js': `require('dep');\n`,
    'node_modules/dep/package.json': pkg('dep'),
    'node_modules/dep/index.js': '',
  });
  mkdirSync(join(root, 'node_modules/@m'), { recursive: true });
  symlinkSync(join(root, 'packages/a'), join(root, 'node_modules/@m/a'));
  symlinkSync(join(root, 'packages/b'), join(root, 'node_modules/@m/b'));
  try {
    const graph = await buildGraph(root);
    const verdict = verdictFor(finding('dep'), { graph, installed: installedPackages(root) });
    assert.equal(verdict.status, 'reachable');
    // b is a workspace entry point itself (the shortest chain starts there), and a's load of @m/b
    // through the link lands on the same realpath: one package, not two.
    assert.match(verdict.evidence, /^loaded by packages\/b\/index\.js:1 → node_modules\/dep\/index\.js/);
    assert.deepEqual([...graph.packages.values()].filter((entry) => entry.name === '@m/b').map((entry) => entry.files.length), [1]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a file whose only loads are re-exports (`export * from`, `export { a } from`) is followed', async () => {
  const root = tree({
    'package.json': pkg('app', { main: 'index.mjs' }),
    'index.mjs': `export * from './all.mjs';\nexport {\n  b\n} from './named.mjs';\n`,
    'all.mjs': `export * as ns from 'star-dep';\n`,
    'named.mjs': `export { b } from 'named-dep';\n`,
    'node_modules/star-dep/package.json': pkg('star-dep'),
    'node_modules/star-dep/index.js': '',
    'node_modules/named-dep/package.json': pkg('named-dep'),
    'node_modules/named-dep/index.js': '',
  });
  try {
    const graph = await buildGraph(root);
    const installed = installedPackages(root);
    assert.match(verdictFor(finding('star-dep'), { graph, installed }).evidence, /^loaded by index\.mjs:1 → all\.mjs:1 → node_modules\/star-dep\/index\.js$/);
    assert.match(verdictFor(finding('named-dep'), { graph, installed }).evidence, /^loaded by index\.mjs:2 → named\.mjs:1 → node_modules\/named-dep\/index\.js$/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the unknown loads a finding is checked against are the same for many findings: the verdicts stay linear', async () => {
  // 200 installed packages in a dependency chain behind one bounded computed load ('plug-' + x):
  // recomputing the closure per finding read the whole tree once per name per finding (cubic;
  // minutes on react-scripts 5). Reads of the installed list are counted, not timed.
  const files: Record<string, string> = { 'package.json': pkg('app', { main: 'index.js' }), 'index.js': `require('plug-' + process.argv[2]);\n` };
  const count = 200;
  for (let index = 0; index < count; index++) {
    files[`node_modules/p${index}/package.json`] = pkg(`p${index}`, index + 1 < count ? { dependencies: { [`p${index + 1}`]: '1.0.0' } } : {});
    files[`node_modules/p${index}/index.js`] = '';
  }
  files['node_modules/plug-a/package.json'] = pkg('plug-a', { dependencies: { p0: '1.0.0' } });
  files['node_modules/plug-a/index.js'] = '';
  const root = tree(files);
  try {
    const graph = await buildGraph(root);
    let reads = 0;
    const installed = new Proxy(installedPackages(root), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const statuses = new Set(Array.from({ length: count }, (_, index) => verdictFor(finding(`p${index}`), { graph, installed }).status));
    assert.deepEqual([...statuses], ['unknown'], 'every package behind plug-* is unknown, never not reachable');
    assert.ok(reads < 4 * count * count, `${count} verdicts read the installed list ${reads} times`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a knowledge entry with $all-dependencies bounds a config-driven loader by the installed tree, and names its reason and source', async () => {
  const root = tree({
    'package.json': pkg('app', { main: 'index.js', dependencies: { 'real-require': '0.2.0' }, devDependencies: { 'pino-pretty': '1' } }),
    'index.js': `require('real-require').realRequire(process.env.TRANSPORT);\n`,
    'node_modules/real-require/package.json': JSON.stringify({ name: 'real-require', version: '0.2.0', main: 'src/index.js' }),
    'node_modules/real-require/src/index.js': `function realRequire(modulePath) { return require(modulePath); }\nmodule.exports = { realRequire };\n`,
    'node_modules/pino-pretty/package.json': pkg('pino-pretty', { dependencies: { colorette: '1' } }),
    'node_modules/pino-pretty/index.js': '',
    'node_modules/colorette/package.json': pkg('colorette'),
    'node_modules/colorette/index.js': '',
    // installed inside pino-pretty but declared by nothing: no name a loader resolves can reach it
    'node_modules/pino-pretty/node_modules/extraneous/package.json': pkg('extraneous'),
    'node_modules/pino-pretty/node_modules/extraneous/index.js': '',
  });
  try {
    const graph = await buildGraph(root);
    const installed = installedPackages(root);
    const load = graph.unknown.find((entry) => entry.file.endsWith('real-require/src/index.js'));
    assert.ok(load?.candidates?.includes('pino-pretty') && load.candidates.includes('real-require'), JSON.stringify(load));
    const colorette = verdictFor(finding('colorette'), { graph, installed });
    assert.equal(colorette.status, 'unknown', 'a dependency of a top-level package the loader can name');
    assert.match(colorette.evidence, /pino transport target .*https:\/\/unpkg\.com\/real-require@0\.2\.0/);
    assert.equal(verdictFor(finding('extraneous'), { graph, installed }).status, 'not-reachable');
    // Outside the entry's version range the load is fully computed: everything not reached is unknown.
    writeFileSync(join(root, 'node_modules/real-require/package.json'), JSON.stringify({ name: 'real-require', version: '1.0.0', main: 'src/index.js' }));
    const unread = await buildGraph(root);
    assert.equal(verdictFor(finding('extraneous'), { graph: unread, installed: installedPackages(root) }).status, 'unknown');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
