import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GitRefSource, WorkTreeSource } from '../file-source.js';
import { compareNpmNames } from './npm-order.js';
import { entryFor, loadHiddenLockfile } from './hidden-lockfile.js';
import { scanJavaScriptProjects } from './index.js';

// A tree npm 11.19.1 installed (`npm install` of debug@2.6.9, ms@2.1.3, @types/estree and a
// workspace `a` needing ms@2.0.0): its hidden lockfile as npm wrote it, the installed package.json
// files, and the workspace link (its package-lock.json left out: the inventory tests count lockfiles). Git does not keep mtimes, so each test sets them: every folder
// at T, the hidden lockfile a second later, as after an install.
const fixture = fileURLToPath(new URL('./__fixtures__/installed-npm-hidden/', import.meta.url));
const T = new Date('2026-01-02T03:04:05.000Z');
const LATER = new Date(T.getTime() + 1000);

async function installedTree(): Promise<{ root: string; [Symbol.asyncDispose](): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'vigil-hidden-'));
  await cp(fixture, root, { recursive: true, verbatimSymlinks: true });
  await settle(root);
  return { root, [Symbol.asyncDispose]: () => rm(root, { recursive: true, force: true }) };
}

/** Every folder at T (links not followed), the hidden lockfile after them: an install just finished. */
async function settle(root: string): Promise<void> {
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) if (entry.isDirectory()) await walk(join(dir, entry.name));
    await utimes(dir, T, T);
  };
  await walk(root);
  await utimes(join(root, 'node_modules', '.package-lock.json'), LATER, LATER);
}

async function inventory(root: string) {
  const notes: string[] = [];
  const scan = await scanJavaScriptProjects(new WorkTreeSource(root), { installed: true, exclude: [], note: (message) => notes.push(message) });
  const installed = scan.packages.filter((pkg) => pkg.origin === 'installed');
  return { scan, installed, notes, versions: Object.fromEntries(installed.map((pkg) => [pkg.foundIn, `${pkg.name}@${pkg.version}`])) };
}

/** The tree settled (an install just finished) and inventoried, with a note holding `fragment` (`label` heads the failure message). */
async function inventoryNoting(root: string, fragment: string, label = ''): Promise<Awaited<ReturnType<typeof inventory>>> {
  await settle(root);
  const result = await inventory(root);
  assert.ok(result.notes.some((note) => note.includes(fragment)), `${label}${result.notes.join('\n')}`);
  return result;
}

/** A package.json changed in place (its folder's mtime unchanged, as npm cannot see either). */
async function editInPlace(root: string, location: string, version: string): Promise<void> {
  const file = join(root, location, 'package.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, JSON.stringify({ ...json, version }));
  await utimes(join(root, location), T, T);
}

const USED = /^node_modules: \d+ installed packages read from npm's hidden lockfile node_modules\/\.package-lock\.json/;

test("a hidden lockfile npm would use is read instead of the package.json files: nested, scoped, a workspace link", async () => {
  await using tree = await installedTree();
  // Proof that the entries are read: a package.json edited in place (npm cannot see it either) is not.
  await editInPlace(tree.root, 'node_modules/ms', '9.9.9');
  const { versions, notes, scan } = await inventory(tree.root);
  assert.ok(notes.some((note) => USED.test(note)), notes.join('\n'));
  assert.deepEqual(versions, {
    'node_modules/@types/estree/package.json': '@types/estree@1.0.11',
    'node_modules/debug/node_modules/ms/package.json': 'ms@2.0.0',
    'node_modules/debug/package.json': 'debug@2.6.9',
    'node_modules/ms/package.json': 'ms@2.1.3',
    'packages/a/node_modules/ms/package.json': 'ms@2.0.0',
  });
  assert.deepEqual(
    scan.sources.filter((source) => source.kind === 'installed').map((source) => [source.path, source.packageCount]),
    [
      ['node_modules', 4],
      ['packages/a/node_modules', 1],
    ],
  );
});

test('the same inventory whether the hidden lockfile or the folders are read', async () => {
  await using tree = await installedTree();
  const fromLockfile = await inventory(tree.root);
  await utimes(join(tree.root, 'node_modules'), LATER.getTime() / 1000 + 1, LATER.getTime() / 1000 + 1);
  const fromFolders = await inventory(tree.root);
  assert.ok(fromLockfile.notes.some((note) => USED.test(note)));
  assert.ok(fromFolders.notes.some((note) => note.includes('not used') && note.includes('out of date, updated: node_modules')), fromFolders.notes.join('\n'));
  assert.deepEqual(JSON.parse(JSON.stringify(fromLockfile.scan)), JSON.parse(JSON.stringify(fromFolders.scan)));
});

test('a folder newer than the hidden lockfile (by more than npm’s 10 ms): the folders are read', async () => {
  await using tree = await installedTree();
  await editInPlace(tree.root, 'node_modules/debug/node_modules/ms', '9.9.9');
  // Within 10 ms of the lockfile npm still trusts it.
  await utimes(join(tree.root, 'node_modules/@types'), new Date(LATER.getTime() + 10), new Date(LATER.getTime() + 10));
  assert.equal((await inventory(tree.root)).versions['node_modules/debug/node_modules/ms/package.json'], 'ms@2.0.0');
  // A scope folder, a nested package folder, a workspace's installed package: each one counts.
  for (const folder of ['node_modules/@types', 'node_modules/debug/node_modules/ms', 'packages/a/node_modules/ms']) {
    await settle(tree.root);
    await utimes(join(tree.root, folder), new Date(LATER.getTime() + 11), new Date(LATER.getTime() + 11));
    const { versions, notes } = await inventory(tree.root);
    assert.ok(notes.some((note) => note.endsWith(`out of date, updated: ${folder} (npm would not use it either)`)), notes.join('\n'));
    assert.equal(versions['node_modules/debug/node_modules/ms/package.json'], 'ms@9.9.9', folder);
  }
});

test('a package.json rewritten by rename (its folder’s mtime changes): the folders are read', async () => {
  await using tree = await installedTree();
  const file = join(tree.root, 'node_modules/ms/package.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(`${file}.tmp`, JSON.stringify({ ...json, version: '2.1.4' }));
  await rename(`${file}.tmp`, file);
  const { versions, notes } = await inventory(tree.root);
  assert.equal(versions['node_modules/ms/package.json'], 'ms@2.1.4');
  assert.ok(notes.some((note) => note.includes('out of date, updated: node_modules/ms')), notes.join('\n'));
});

test('a package folder the hidden lockfile does not hold, or an entry whose folder is gone: the folders are read', async () => {
  await using tree = await installedTree();
  await mkdir(join(tree.root, 'node_modules/left-pad'));
  await writeFile(join(tree.root, 'node_modules/left-pad/package.json'), '{"name":"left-pad","version":"1.3.0"}');
  let result = await inventoryNoting(tree.root, 'missing from lockfile: node_modules/left-pad');
  assert.equal(result.versions['node_modules/left-pad/package.json'], 'left-pad@1.3.0');

  await rm(join(tree.root, 'node_modules/left-pad'), { recursive: true });
  await rm(join(tree.root, 'node_modules/@types'), { recursive: true });
  result = await inventoryNoting(tree.root, 'missing from node_modules: node_modules/@types/estree');
  assert.equal(result.versions['node_modules/@types/estree/package.json'], undefined);
});

test('links: a stale workspace link and a link out of the tree are checked as npm checks them', async () => {
  await using tree = await installedTree();
  // A link to a folder npm did not record: npm walks its target and finds no entry for it.
  const outside = await mkdtemp(join(tmpdir(), 'vigil-hidden-outside-'));
  try {
    await writeFile(join(outside, 'package.json'), '{"name":"ext","version":"1.0.0"}');
    await utimes(outside, T, T);
    await symlink(outside, join(tree.root, 'node_modules/ext'));
    await settle(tree.root);
    const { notes } = await inventory(tree.root);
    assert.ok(notes.some((note) => /missing from lockfile: (\.\.\/)+/.test(note)), notes.join('\n'));
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
  await rm(join(tree.root, 'node_modules/ext'));
  // The workspace link gone: its entry is no longer seen.
  await rm(join(tree.root, 'node_modules/a'));
  await inventoryNoting(tree.root, 'missing from node_modules: node_modules/a');
});

test('what npm does not trust (empty, not JSON, no packages) and what npm never wrote (a pnpm store) is not used', async () => {
  await using tree = await installedTree();
  const lockfile = join(tree.root, 'node_modules/.package-lock.json');
  const original = await readFile(lockfile, 'utf8');
  for (const [text, reason] of [
    ['', 'it is empty'],
    ['{"lockfileVersion": 3, "packages": ', 'it cannot be read'],
    ['{"lockfileVersion": 1, "dependencies": {}}', 'it has no "packages"'],
  ] as const) {
    await writeFile(lockfile, text);
    await inventoryNoting(tree.root, reason, `${reason}: `);
  }
  await writeFile(lockfile, original);
  await mkdir(join(tree.root, 'node_modules/.pnpm'));
  await inventoryNoting(tree.root, 'a pnpm store (.pnpm)');
});

test('a tree with no link is listed from the entries, and still matches its folders', async () => {
  await using tree = await installedTree();
  // The same install without the workspace: what npm writes for a project with no workspaces.
  const lockfile = join(tree.root, 'node_modules/.package-lock.json');
  const lock = JSON.parse(await readFile(lockfile, 'utf8')) as { packages: Record<string, unknown> };
  for (const key of ['node_modules/a', 'packages/a', 'packages/a/node_modules/ms']) delete lock.packages[key];
  await writeFile(lockfile, JSON.stringify(lock, null, 2));
  await rm(join(tree.root, 'node_modules/a'));
  await rm(join(tree.root, 'packages'), { recursive: true });
  const manifest = JSON.parse(await readFile(join(tree.root, 'package.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(tree.root, 'package.json'), JSON.stringify({ ...manifest, workspaces: undefined, dependencies: { debug: '2.6.9', ms: '2.1.3', '@types/estree': '1.0.11' } }));
  await settle(tree.root);
  const loaded = loadHiddenLockfile(tree.root, '.');
  assert.ok(loaded !== null && 'lockfile' in loaded && loaded.lockfile.links.size === 0);
  const fromLockfile = await inventory(tree.root);
  assert.ok(fromLockfile.notes.some((note) => USED.test(note)), fromLockfile.notes.join('\n'));
  assert.equal(Object.keys(fromLockfile.versions).length, 4);
  await utimes(join(tree.root, 'node_modules'), LATER.getTime() / 1000 + 1, LATER.getTime() / 1000 + 1);
  const fromFolders = await inventory(tree.root);
  assert.deepEqual(JSON.parse(JSON.stringify(fromLockfile.scan)), JSON.parse(JSON.stringify(fromFolders.scan)));
});

test('entryFor follows links to the folder npm recorded', () => {
  const lockfile = {
    dir: '.',
    packages: { 'node_modules/a': { resolved: 'packages/a', link: true }, 'packages/a': { version: '0.1.0' }, 'packages/a/node_modules/ms': { version: '2.0.0' } },
    links: new Map([['node_modules/a', 'packages/a']]),
    pnpmStore: false,
  };
  assert.deepEqual(entryFor(lockfile, 'node_modules/a'), { key: 'packages/a', entry: { version: '0.1.0' } });
  assert.deepEqual(entryFor(lockfile, 'node_modules/a/node_modules/ms'), { key: 'packages/a/node_modules/ms', entry: { version: '2.0.0' } });
  assert.equal(entryFor(lockfile, 'node_modules/b'), null);
  assert.equal(entryFor({ ...lockfile, dir: 'sub' }, 'node_modules/a'), null);
});

test("npm's name order without ICU: the same as localeCompare(b, 'en')", () => {
  const names = ['a-b', 'ab', 'a_b', 'a.b', '@a/b', '@a-b', 'A', 'a', 'aB', 'Ab', 'a~', 'a0', 'a-c', 'a1', 'a-', 'ba', 'é', 'a!b', '@types/node', 'lodash.get', 'lodash_get'];
  for (const a of names) for (const b of names) assert.equal(compareNpmNames(a, b), Math.sign(a.localeCompare(b, 'en')), `${a} ${b}`);
});

test('--verbose says when there is no hidden lockfile, and that a git ref never uses one', async () => {
  await using tree = await installedTree();
  const { execFileSync } = await import('node:child_process');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: tree.root });
  git('init', '-q');
  git('add', '-f', '.');
  git('commit', '-qm', 'installed');
  const source = await GitRefSource.open(tree.root, 'HEAD');
  try {
    const notes: string[] = [];
    const scan = await scanJavaScriptProjects(source, { installed: true, exclude: [], note: (message) => notes.push(message) });
    assert.ok(scan.packages.some((pkg) => pkg.foundIn === 'node_modules/ms/package.json'));
    assert.ok(notes.some((note) => note.startsWith('node_modules: ') && note.endsWith("read from git objects, which keep no folder times to check npm's hidden lockfile against")), notes.join('\n'));
  } finally {
    source.close();
  }
  await rm(join(tree.root, 'node_modules/.package-lock.json'));
  const { notes } = await inventory(tree.root);
  // The workspace's folder is counted through its link too, as the walk of the folders lists it.
  assert.ok(notes.includes('node_modules: 6 installed package.json files read: no npm hidden lockfile (node_modules/.package-lock.json)'), notes.join('\n'));
  assert.ok(notes.some((note) => note.startsWith('packages/a/node_modules: 1 installed package.json files read')), notes.join('\n'));
});

test('a project below the scanned root: its hidden lockfile is found and its locations keep the prefix', async () => {
  const root = await mkdtemp(join(tmpdir(), 'vigil-hidden-nested-'));
  try {
    await cp(fixture, join(root, 'app'), { recursive: true, verbatimSymlinks: true });
    await settle(join(root, 'app'));
    await editInPlace(join(root, 'app'), 'node_modules/ms', '9.9.9');
    const { versions, notes } = await inventory(root);
    assert.ok(notes.some((note) => note.startsWith("app/node_modules: 6 installed packages read from npm's hidden lockfile app/node_modules/.package-lock.json")), notes.join('\n'));
    assert.equal(versions['app/node_modules/ms/package.json'], 'ms@2.1.3');
    assert.equal(versions['app/node_modules/debug/node_modules/ms/package.json'], 'ms@2.0.0');
    assert.equal(versions['app/packages/a/node_modules/ms/package.json'], 'ms@2.0.0');
    assert.equal(notes.filter((note) => note.startsWith('app/')).length, 1, notes.join('\n'));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
