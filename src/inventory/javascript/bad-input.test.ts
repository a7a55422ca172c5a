import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../errors.js';
import { WorkTreeSource, type FileSource } from '../file-source.js';
import { countDistinct } from '../distinct.js';
import { scanJavaScriptProjects } from './index.js';

// Issue #2, "Bad input": what a user's tree can throw at the lockfile scan, and what comes out.
const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

/** A work tree whose reads are recorded, and which can make chosen files unreadable (EACCES). */
function spiedSource(root: string, unreadable: string[] = []): FileSource & { reads: string[] } {
  const inner = new WorkTreeSource(root);
  const reads: string[] = [];
  return {
    root: inner.root,
    ref: null,
    reads,
    list: (prefix, options) => inner.list(prefix, options),
    size: (path) => inner.size(path),
    read: async (path) => {
      reads.push(path);
      // What WorkTreeSource.read throws for EACCES; tests run as root, where chmod 000 still reads.
      if (unreadable.includes(path)) throw new InputError(`${join(root, path)}: cannot read: EACCES: permission denied`, { file: path });
      return inner.read(path);
    },
    close: () => inner.close(),
  };
}

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'vigil-bad-input-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

const GOOD_LOCK = JSON.stringify({ name: 'ok', lockfileVersion: 3, packages: { '': { dependencies: { a: '^1.0.0' } }, 'node_modules/a': { version: '1.0.0' } } });

test('a lockfile over the size limit is reported by size and never read; the other projects are', async () => {
  // A real-shaped package-lock.json just over 1 MB, with the limit at 1 MB (the CLI test uses 200 MB).
  const entries = Array.from({ length: 12000 }, (_, index) => `"node_modules/p${index}": {"version": "1.0.${index}", "resolved": "https://registry.npmjs.org/p${index}/-/p${index}-1.0.${index}.tgz"}`);
  const root = await tree({ 'huge/package-lock.json': `{"name": "huge", "lockfileVersion": 3, "packages": {"": {}, ${entries.join(',\n')}}}`, 'ok/package-lock.json': GOOD_LOCK });
  try {
    const source = spiedSource(root);
    const { packages, sources, problems } = await scanJavaScriptProjects(source, { installed: false, exclude: [], maxLockfileSize: 1024 * 1024 });
    assert.equal(source.reads.includes('huge/package-lock.json'), false, 'the huge lockfile is never loaded');
    assert.deepEqual(sources.map((item) => item.path), ['ok/package-lock.json']);
    assert.deepEqual(packages.map((pkg) => `${pkg.foundIn} ${pkg.name}@${pkg.version}`), ['ok/package-lock.json a@1.0.0']);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, 'huge/package-lock.json');
    assert.equal(problems[0]?.severity, 'error');
    assert.match(problems[0]?.message ?? '', /^huge\/package-lock\.json: 1\.\d MB is more than the 1\.0 MB a lockfile may have; not read \(raise the limit with --max-lockfile-size/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('--ref: an oversized lockfile is refused by the size git records, before its blob is read', async () => {
  const { execFileSync } = await import('node:child_process');
  const { GitRefSource } = await import('../file-source.js');
  const root = await tree({ 'package-lock.json': GOOD_LOCK, 'small/package-lock.json': GOOD_LOCK.slice(0, 40) });
  try {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: root });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'locks');
    const source = await GitRefSource.open(root, 'HEAD');
    try {
      assert.equal(await source.size('package-lock.json'), GOOD_LOCK.length);
      const { problems } = await scanJavaScriptProjects(source, { installed: false, exclude: [], maxLockfileSize: 100 });
      assert.deepEqual(problems.map((problem) => problem.path), ['package-lock.json', 'small/package-lock.json']);
      assert.match(problems[0]?.message ?? '', /more than the 0\.0 MB a lockfile may have; not read/);
      assert.match(problems[1]?.message ?? '', /small\/package-lock\.json:1: not valid JSON/, 'the small one is read (and is malformed)');
    } finally {
      source.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('an unreadable lockfile is an error problem naming it; the rest is read; strict rethrows it (exit 2)', async () => {
  const root = await tree({ 'locked/package-lock.json': GOOD_LOCK, 'ok/package-lock.json': GOOD_LOCK });
  try {
    const { packages, problems } = await scanJavaScriptProjects(spiedSource(root, ['locked/package-lock.json']), { installed: false, exclude: [] });
    assert.deepEqual(packages.map((pkg) => pkg.foundIn), ['ok/package-lock.json']);
    assert.deepEqual(problems.map((problem) => [problem.path, problem.severity]), [['locked/package-lock.json', 'error']]);
    assert.match(problems[0]?.message ?? '', /locked\/package-lock\.json: cannot read: EACCES/);
    await assert.rejects(scanJavaScriptProjects(spiedSource(root, ['locked/package-lock.json']), { installed: false, exclude: [], strict: true }), (error: unknown) => error instanceof InputError && error.exitCode === 2);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('WorkTreeSource: a file that cannot be read is an InputError naming it, a missing one is null', async () => {
  const root = await tree({ 'a/keep.txt': 'x' });
  try {
    const source = new WorkTreeSource(root);
    await assert.rejects(source.read('a'), (error: unknown) => error instanceof InputError && error.file === join(root, 'a') && /cannot read|is a directory/.test(error.message));
    assert.equal(await source.read('missing.json'), null);
    assert.equal(await source.size('a/keep.txt'), 1);
    assert.equal(await source.size('a'), null);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('symlink loops anywhere in the tree end the walk: each lockfile is read once, nothing hangs', async () => {
  const root = await tree({ 'package-lock.json': GOOD_LOCK, 'packages/app/package-lock.json': GOOD_LOCK });
  try {
    await symlink('../..', join(root, 'packages', 'app', 'up')); // a loop through a parent
    await symlink('self', join(root, 'self')); // ELOOP on its own
    await symlink('missing', join(root, 'dangling'));
    const { sources } = await scanJavaScriptProjects(new WorkTreeSource(root), { installed: true, exclude: [] });
    assert.deepEqual(sources.map((item) => item.path), ['package-lock.json', 'packages/app/package-lock.json']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

/** The real npm 11 install of the workspace monorepo, with the real lockfile npm wrote for it. */
async function npmInstallWithLockfile(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'vigil-contradict-'));
  await cp(join(fixtures, 'installed-npm-workspaces'), root, { recursive: true, verbatimSymlinks: true });
  await cp(join(fixtures, 'npm-v3-workspaces', 'package-lock.json'), join(root, 'package-lock.json'));
  return root;
}

test('a lockfile and the node_modules installed from it agree: no warning (npm and pnpm)', async () => {
  const npm = await npmInstallWithLockfile();
  const pnpm = await mkdtemp(join(tmpdir(), 'vigil-contradict-'));
  try {
    await cp(join(fixtures, 'installed-pnpm-workspaces'), pnpm, { recursive: true, verbatimSymlinks: true });
    await cp(join(fixtures, 'pnpm-v9-workspaces', 'pnpm-lock.yaml'), join(pnpm, 'pnpm-lock.yaml'));
    for (const root of [npm, pnpm]) {
      const { sources, problems } = await scanJavaScriptProjects(new WorkTreeSource(root), { installed: true, exclude: [] });
      assert.deepEqual(sources.map((item) => item.kind).sort(), ['installed', 'installed', 'lockfile'].slice(root === npm ? 0 : 1));
      assert.deepEqual(problems, [], root);
    }
  } finally {
    await rm(npm, { recursive: true, force: true });
    await rm(pnpm, { recursive: true, force: true });
  }
});

test('a lockfile that contradicts node_modules is one warning naming both sides; both versions stay in the inventory', async () => {
  const root = await npmInstallWithLockfile();
  try {
    // node_modules moved on (semver installed at 7.6.0) and has a package the lockfile never saw.
    const semver = join(root, 'node_modules', 'semver', 'package.json');
    await writeFile(semver, (await readFile(semver, 'utf8')).replace('"version": "7.5.4"', '"version": "7.6.0"'));
    await mkdir(join(root, 'node_modules', 'stray'), { recursive: true });
    await writeFile(join(root, 'node_modules', 'stray', 'package.json'), JSON.stringify({ name: 'stray', version: '0.0.1' }));
    const { packages, problems } = await scanJavaScriptProjects(new WorkTreeSource(root), { installed: true, exclude: [] });
    const contradiction = problems.filter((problem) => /contradicts/.test(problem.message));
    assert.equal(contradiction.length, 1);
    assert.equal(contradiction[0]?.path, 'package-lock.json');
    assert.equal(contradiction[0]?.severity, 'warning');
    assert.match(contradiction[0]?.message ?? '', /on 2 packages/);
    assert.match(contradiction[0]?.message ?? '', /node_modules\/semver\/package\.json is semver@7\.6\.0, the lockfile locks 7\.5\.4/);
    assert.match(contradiction[0]?.message ?? '', /node_modules\/stray\/package\.json is stray@0\.0\.1, which the lockfile does not list/);
    assert.deepEqual(packages.filter((pkg) => pkg.name === 'semver').map((pkg) => `${pkg.origin} ${pkg.version}`).sort(), ['installed 7.6.0', 'lockfile 7.5.4']);

    // A separate project below it, installed without a lockfile, is not the root lockfile's business.
    await mkdir(join(root, 'tools', 'lint', 'node_modules', 'eslint'), { recursive: true });
    await writeFile(join(root, 'tools', 'lint', 'package.json'), JSON.stringify({ name: 'lint', devDependencies: { eslint: '^8.0.0' } }));
    await writeFile(join(root, 'tools', 'lint', 'node_modules', 'eslint', 'package.json'), JSON.stringify({ name: 'eslint', version: '8.57.0' }));
    const again = await scanJavaScriptProjects(new WorkTreeSource(root), { installed: true, exclude: [] });
    assert.match(again.problems.find((problem) => /contradicts/.test(problem.message))?.message ?? '', /on 2 packages/);
    assert.ok(again.packages.some((pkg) => pkg.foundIn === 'tools/lint/node_modules/eslint/package.json'));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('npm-shrinkwrap.json beside package-lock.json: only the shrinkwrap is read, as npm does, and the other is listed as ignored', async () => {
  const shrinkwrap = JSON.stringify({ name: 'ok', lockfileVersion: 3, packages: { '': { dependencies: { a: '^2.0.0' } }, 'node_modules/a': { version: '2.0.0' } } });
  const root = await tree({ 'app/npm-shrinkwrap.json': shrinkwrap, 'app/package-lock.json': GOOD_LOCK, 'other/package-lock.json': GOOD_LOCK });
  try {
    const scan = await scanJavaScriptProjects(new WorkTreeSource(root), { installed: false, exclude: [] });
    assert.deepEqual(scan.packages.map((pkg) => `${pkg.foundIn} ${pkg.name}@${pkg.version}`), ['app/npm-shrinkwrap.json a@2.0.0', 'other/package-lock.json a@1.0.0']);
    assert.deepEqual(scan.ignored, [{ path: 'app/package-lock.json', reason: 'npm-shrinkwrap.json beside it wins, as in npm' }]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('malformed lockfiles of every format are error problems naming the file, never an empty success; strict rethrows', async () => {
  const files: Record<string, string> = {
    'null/package-lock.json': 'null',
    'array/package-lock.json': '{"lockfileVersion": 3, "packages": ["node_modules/a"]}',
    'truncated/package-lock.json': GOOD_LOCK.slice(0, 60),
    'garbage/bun.lock': '\u0000\u0001 not a lockfile [[[[',
    'deep/bun.lock': '['.repeat(100000),
    'tuple/bun.lock': '{"lockfileVersion": 1, "workspaces": {"": {"dependencies": {"a": "^1"}}}, "packages": {"a": [1, 2], "b": ["b@1.0.0", "", {}, "sha512-x"]}}',
    'pnpm/pnpm-lock.yaml': ': : not yaml [',
    'yarn/yarn.lock': 'garbage here',
  };
  const root = await tree(files);
  try {
    const scan = await scanJavaScriptProjects(new WorkTreeSource(root), { installed: false, exclude: [] });
    const errors = scan.problems.filter((problem) => problem.severity === 'error');
    assert.deepEqual([...new Set(errors.map((problem) => problem.path))].sort(), Object.keys(files).sort());
    assert.deepEqual(scan.packages.map((pkg) => `${pkg.name}@${pkg.version}`), ['b@1.0.0']);
    assert.equal(errors.find((problem) => problem.path === 'tuple/bun.lock')?.message, 'entry "a" is [a number, …], expected ["name@version", …]; entry skipped');
    await assert.rejects(scanJavaScriptProjects(new WorkTreeSource(root), { installed: false, exclude: [], strict: true }), InputError);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a lockfile and the node_modules installed from it: each package is one distinct package, though found in two places', async () => {
  const lock = JSON.stringify({ name: 'ok', lockfileVersion: 3, packages: { '': { dependencies: { a: '^1.0.0', b: '^2.0.0' } }, 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0', dependencies: { a: '^1.0.0' } } } });
  const root = await tree({
    'package.json': JSON.stringify({ name: 'ok', dependencies: { a: '^1.0.0', b: '^2.0.0' } }),
    'package-lock.json': lock,
    'node_modules/a/package.json': JSON.stringify({ name: 'a', version: '1.0.0' }),
    'node_modules/b/package.json': JSON.stringify({ name: 'b', version: '2.0.0', dependencies: { a: '^1.0.0' } }),
  });
  try {
    const scan = await scanJavaScriptProjects(new WorkTreeSource(root), { installed: true, exclude: [] });
    assert.equal(scan.packages.length, 4);
    assert.equal(countDistinct(scan.packages), 2);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
