import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixture } from '../../../test/fixtures.js';
import { WorkTreeSource } from '../file-source.js';
import type { Package } from '../types.js';
import { scanJavaScriptProjects } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const installed = async (root: string, exclude: string[] = []) => scanJavaScriptProjects(new WorkTreeSource(root), { installed: true, exclude });
const at = (packages: Package[], foundIn: string): Package => {
  const found = packages.find((pkg) => pkg.foundIn === foundIn);
  assert.ok(found, `${foundIn} is in the inventory`);
  return found;
};

test("Node.js core: npm's bundled node_modules are walked completely, nested trees included, each with its chain", async () => {
  const { packages, sources } = await installed(fixture('node-tree'), ['test']);
  const npm = packages.filter((pkg) => pkg.foundIn.startsWith('deps/npm/node_modules/'));
  // MANIFEST.md: 248 package roots (the 16 dist/{cjs,mjs} markers are not packages).
  assert.equal(npm.length, 248);
  assert.deepEqual(
    sources.map((source) => [source.path, source.packageCount]),
    [
      ['deps/minimatch/src/node_modules', 2],
      ['deps/npm/node_modules', 248],
      ['deps/undici/src/node_modules', 2],
    ],
  );
  const expected: [string, string, string][] = [
    ['@npmcli/arborist', '6.3.0', 'deps/npm/node_modules/@npmcli/arborist/package.json'],
    ['semver', '7.5.2', 'deps/npm/node_modules/semver/package.json'],
    ['lru-cache', '6.0.0', 'deps/npm/node_modules/semver/node_modules/lru-cache/package.json'],
    ['lru-cache', '7.18.3', 'deps/npm/node_modules/lru-cache/package.json'],
    ['lru-cache', '9.1.1', 'deps/npm/node_modules/path-scurry/node_modules/lru-cache/package.json'],
    ['glob', '10.2.7', 'deps/npm/node_modules/glob/package.json'],
    ['glob', '7.2.3', 'deps/npm/node_modules/node-gyp/node_modules/glob/package.json'],
    ['fs-minipass', '2.1.0', 'deps/npm/node_modules/tar/node_modules/fs-minipass/package.json'],
    ['minipass', '3.3.6', 'deps/npm/node_modules/tar/node_modules/fs-minipass/node_modules/minipass/package.json'],
    ['ms', '2.1.2', 'deps/npm/node_modules/debug/node_modules/ms/package.json'],
    ['busboy', '1.6.0', 'deps/undici/src/node_modules/busboy/package.json'],
    ['balanced-match', '1.0.2', 'deps/minimatch/src/node_modules/balanced-match/package.json'],
  ];
  for (const [name, version, foundIn] of expected) {
    const pkg = at(packages, foundIn);
    assert.equal(`${pkg.name}@${pkg.version}`, `${name}@${version}`);
    assert.equal(pkg.origin, 'installed');
    assert.equal(pkg.purl, `pkg:npm/${name.replace('@', '%40')}@${version}`);
  }
  // The chain the WG asked for (nodejs-dependency-vuln-assessments#89).
  const minimatch = at(packages, 'deps/npm/node_modules/minimatch/package.json');
  assert.equal(minimatch.version, '9.0.1');
  assert.equal(minimatch.direct, true);
  assert.equal(minimatch.flags.bundled, true);
  assert.ok(minimatch.paths.some((chain) => chain.join(' › ') === 'deps/npm › node_modules/@npmcli/arborist › node_modules/minimatch'));
  assert.deepEqual(at(packages, 'deps/npm/node_modules/tar/node_modules/fs-minipass/node_modules/minipass/package.json').paths[0], [
    'deps/npm',
    'node_modules/tar',
    'node_modules/tar/node_modules/fs-minipass',
    'node_modules/tar/node_modules/fs-minipass/node_modules/minipass',
  ]);
  const alias = at(packages, 'deps/npm/node_modules/string-width-cjs/package.json');
  assert.equal(alias.source, 'alias');
  assert.equal(alias.spec, 'string-width-cjs@npm:string-width@4.2.3');
  assert.equal(packages.some((pkg) => pkg.foundIn.startsWith('test/')), false, 'excluded directories are not walked');
});

test('node-tree: every package root listed in MANIFEST-npm-node_modules.tsv comes out with its name and version, and nothing else', async () => {
  // The ground truth: one row per package.json under deps/npm/node_modules (path, name, version, kind, depth).
  const rows = (await readFile(fixture('node-tree', 'MANIFEST-npm-node_modules.tsv'), 'utf8'))
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
  const expected = rows.filter((row) => row[3] === 'package').map(([path, name, version]) => `${path ?? ''} ${name ?? ''}@${version ?? ''}`);
  assert.equal(expected.length, 248);
  const { packages } = await installed(fixture('node-tree'), ['test']);
  const actual = packages.filter((pkg) => pkg.foundIn.startsWith('deps/npm/node_modules/')).map((pkg) => `${pkg.foundIn} ${pkg.name}@${pkg.version ?? ''}`);
  assert.deepEqual(actual.sort(), expected.sort());
  // The 16 dist/{cjs,mjs} markers ({"type": ...}) are not packages.
  const markers = rows.filter((row) => row[3] === 'dist-marker').map((row) => row[0]);
  assert.equal(markers.length, 16);
  assert.equal(packages.some((pkg) => markers.includes(pkg.foundIn)), false);
});

test('an npm workspace install: workspaces are roots, their own node_modules too, links and aliases recorded', async () => {
  const { packages, sources, problems } = await installed(join(fixtures, 'installed-npm-workspaces'));
  assert.deepEqual(problems, []);
  assert.deepEqual(sources.map((source) => source.path), ['node_modules', 'packages/app/node_modules']);
  assert.equal(packages.some((pkg) => pkg.name.startsWith('@fx/')), false);
  assert.deepEqual(at(packages, 'packages/app/node_modules/ms/package.json').paths, [['packages/app', 'node_modules/ms']]);
  assert.equal(at(packages, 'node_modules/ms/package.json').scope, 'dev');
  assert.deepEqual(at(packages, 'node_modules/debug/node_modules/ms/package.json').paths, [['.', 'node_modules/debug', 'node_modules/debug/node_modules/ms']]);
  const local = at(packages, 'node_modules/local-lib/package.json');
  assert.equal(local.source, 'file');
  assert.equal(local.purl, null);
  assert.deepEqual(at(packages, 'node_modules/local-lib/node_modules/has-flag/package.json').paths, [['.', 'node_modules/local-lib', 'node_modules/local-lib/node_modules/has-flag']]);
  assert.equal(at(packages, 'node_modules/react/package.json').scope, 'peer');
});

test("a pnpm install: packages in the .pnpm store are found once each and linked by name and range", async () => {
  const { packages, problems } = await installed(join(fixtures, 'installed-pnpm-workspaces'));
  assert.deepEqual(problems, []);
  const chalk = packages.find((pkg) => pkg.name === 'chalk');
  assert.equal(chalk?.direct, true);
  assert.match(chalk?.foundIn ?? '', /^node_modules\/\.pnpm\/chalk@4\.1\.2\/node_modules\/chalk\/package\.json$/);
  assert.equal(packages.find((pkg) => pkg.name === 'string-width')?.direct, true);
  assert.equal(packages.find((pkg) => pkg.name === 'yallist')?.scope, 'dev');
  assert.equal(packages.filter((pkg) => pkg.name === 'has-flag').length, 2);
});

test('a symlink loop is cut and a link out of the root is not followed', async () => {
  const root = await mkdtemp(join(tmpdir(), 'vigil-installed-'));
  const outside = await mkdtemp(join(tmpdir(), 'vigil-outside-'));
  try {
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'app', dependencies: { a: '^1.0.0', secret: '*' } }));
    await mkdir(join(root, 'node_modules', 'a', 'node_modules'), { recursive: true });
    await writeFile(join(root, 'node_modules', 'a', 'package.json'), JSON.stringify({ name: 'a', version: '1.0.0', dependencies: { a: '^1.0.0' } }));
    await symlink(join(root, 'node_modules'), join(root, 'node_modules', 'a', 'node_modules', 'loop'));
    await writeFile(join(outside, 'package.json'), JSON.stringify({ name: 'secret', version: '6.6.6' }));
    await symlink(outside, join(root, 'node_modules', 'secret'));
    const { packages } = await installed(root);
    assert.deepEqual(packages.map((pkg) => `${pkg.name}@${pkg.version}`), ['a@1.0.0']);
    assert.deepEqual(packages[0]?.paths, [['.', 'node_modules/a']]);
  } finally {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  }
});

test('--ref: lockfiles and a committed node_modules are read from git objects, and a binary bun.lockb is reported', async () => {
  const { execFileSync } = await import('node:child_process');
  const { GitRefSource } = await import('../file-source.js');
  const root = await mkdtemp(join(tmpdir(), 'vigil-ref-'));
  try {
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'app', dependencies: { a: '^1.0.0' } }));
    await writeFile(join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { a: '^1.0.0' } }, 'node_modules/a': { version: '1.0.0' } } }));
    await mkdir(join(root, 'node_modules', 'a'), { recursive: true });
    await writeFile(join(root, 'node_modules', 'a', 'package.json'), JSON.stringify({ name: 'a', version: '1.0.0' }));
    await writeFile(join(root, 'bun.lockb'), Buffer.from([0x23, 0x21, 0x2f, 0x75, 0x00, 0x01]));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root });
    git('init', '-q');
    git('add', '-f', '.');
    git('commit', '-qm', 'lock');
    const source = await GitRefSource.open(root, 'HEAD');
    try {
      const { packages, sources, problems } = await scanJavaScriptProjects(source, { installed: true, exclude: [] });
      assert.deepEqual(sources.map((item) => `${item.kind} ${item.path} ${item.packageCount}`).sort(), ['installed node_modules 1', 'lockfile package-lock.json 1']);
      assert.deepEqual(packages.map((pkg) => `${pkg.origin} ${pkg.name}@${pkg.version} ${pkg.direct}`).sort(), ['installed a@1.0.0 true', 'lockfile a@1.0.0 true']);
      assert.match(problems[0]?.message ?? '', /binary lockfile is not read/);
    } finally {
      source.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("a package's own test fixtures (resolve's test/…/node_modules) are files of the package, not installed packages, as npm ls sees it", async () => {
  const root = await mkdtemp(join(tmpdir(), 'vigil-installed-fixtures-'));
  try {
    const write = async (path: string, value: unknown): Promise<void> => {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), JSON.stringify(value));
    };
    await write('package.json', { name: 'app', version: '1.0.0', dependencies: { resolve: '1.1.7', '@scope/tool': '2.0.0' } });
    // As react-scripts 3.4.1's tree has it: browser-resolve's nested resolve ships test fixtures with node_modules.
    await write('node_modules/resolve/package.json', { name: 'resolve', version: '1.1.7' });
    await write('node_modules/resolve/test/pathfilter/deep_ref/node_modules/deep/package.json', { name: 'deep', version: '1.2.3' });
    await write('node_modules/resolve/test/subdirs/node_modules/a/package.json', { name: 'a' });
    await write('node_modules/@scope/tool/package.json', { name: '@scope/tool', version: '2.0.0', dependencies: { ms: '2.1.3' } });
    await write('node_modules/@scope/tool/node_modules/ms/package.json', { name: 'ms', version: '2.1.3' });
    await write('node_modules/.bin/.placeholder/package.json', { name: 'not-a-package', version: '0.0.0' });
    const { packages } = await installed(root);
    assert.deepEqual(packages.map((pkg) => `${pkg.foundIn} ${pkg.name}@${pkg.version}`).sort(), [
      'node_modules/@scope/tool/node_modules/ms/package.json ms@2.1.3',
      'node_modules/@scope/tool/package.json @scope/tool@2.0.0',
      'node_modules/resolve/package.json resolve@1.1.7',
    ]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a dependency in both dependencies and optionalDependencies is optional only, as npm normalises it (watchpack 1.7)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'vigil-installed-optional-'));
  try {
    const write = async (path: string, value: unknown) => {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), JSON.stringify(value));
    };
    await write('package.json', { name: 'app', version: '1.0.0', devDependencies: { watchpack: '^1.7.5' } });
    // watchpack 1.7.5's package.json as published: chokidar and watchpack-chokidar2 in both maps.
    await write('node_modules/watchpack/package.json', {
      name: 'watchpack',
      version: '1.7.5',
      dependencies: { 'graceful-fs': '^4.1.2', 'neo-async': '^2.5.0', chokidar: '^3.4.1', 'watchpack-chokidar2': '^2.0.1' },
      optionalDependencies: { chokidar: '^3.4.1', 'watchpack-chokidar2': '^2.0.1' },
    });
    await write('node_modules/graceful-fs/package.json', { name: 'graceful-fs', version: '4.2.11' });
    await write('node_modules/neo-async/package.json', { name: 'neo-async', version: '2.6.2' });
    await write('node_modules/chokidar/package.json', { name: 'chokidar', version: '3.6.0' });
    const { packages, problems } = await installed(root);
    const chokidar = at(packages, 'node_modules/chokidar/package.json');
    assert.deepEqual(chokidar.flags, { dev: true, optional: true });
    // One chain, not the same chain once per map.
    assert.deepEqual(chokidar.paths, [['.', 'node_modules/watchpack', 'node_modules/chokidar']]);
    // watchpack-chokidar2 is not installed on this platform: optional, so nothing is missing.
    assert.deepEqual(problems, []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("the project's own bundleDependencies: the listed packages, what they need deduplicated up to the project and what is nested in them are bundled, as npm marks them", async () => {
  // The tree npm 11 installs for this package.json (its lockfile says `"inBundle": true` for debug
  // and ms); debug's nested package added to show that everything inside a bundle is bundled.
  const root = await mkdtemp(join(tmpdir(), 'vigil-bundled-'));
  const write = async (location: string, manifest: Record<string, unknown>) => {
    await mkdir(join(root, location), { recursive: true });
    await writeFile(join(root, location, 'package.json'), JSON.stringify(manifest));
  };
  await write('.', { name: 'bd-root', version: '1.0.0', dependencies: { debug: '4.3.4', semver: '7.6.0' }, bundleDependencies: ['debug'] });
  await write('node_modules/debug', { name: 'debug', version: '4.3.4', dependencies: { ms: '2.1.2', nested: '1.0.0' } });
  await write('node_modules/debug/node_modules/nested', { name: 'nested', version: '1.0.0' });
  await write('node_modules/ms', { name: 'ms', version: '2.1.2' });
  await write('node_modules/semver', { name: 'semver', version: '7.6.0', dependencies: { 'lru-cache': '^6.0.0' } });
  await write('node_modules/lru-cache', { name: 'lru-cache', version: '6.0.0', dependencies: { yallist: '^4.0.0' } });
  await write('node_modules/yallist', { name: 'yallist', version: '4.0.0' });
  try {
    const { packages } = await installed(root);
    const bundled = Object.fromEntries(packages.map((pkg) => [pkg.name, pkg.flags.bundled === true]));
    assert.deepEqual(bundled, { debug: true, nested: true, ms: true, semver: false, 'lru-cache': false, yallist: false });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
