import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fixture } from '../../test/fixtures.js';
import { buildInventory, inventoryPath } from './index.js';
import { GitRefSource, WorkTreeSource } from './file-source.js';
import type { JavaScriptScan } from './javascript/index.js';
import type { Package } from './types.js';

const nodeTree = fixture('node-tree');

/** A JavaScript package as the lockfile/installed scanner reports one. */
function installed(name: string, version: string, foundIn: string, chain: string[]): Package {
  return { id: `installed:${foundIn}:${name}@${version}`, ecosystem: 'npm', name, version, purl: `pkg:npm/${name}@${version}`, cpe: null, origin: 'installed', foundIn, scope: 'prod', direct: false, flags: {}, source: 'registry', paths: [chain] };
}

describe('buildInventory', () => {
  it('merges the JavaScript scan, attaching packages inside a vendored directory to it', async () => {
    let seenOptions: unknown;
    const scanJavaScript = async (_source: unknown, options: unknown): Promise<JavaScriptScan> => {
      seenOptions = options;
      return {
        packages: [
          // The scanner may give chains relative to the project (npm's own root) or from the tree root.
          installed('minimatch', '9.0.1', 'deps/npm/node_modules/minimatch/package.json', ['node_modules/@npmcli/arborist', 'node_modules/minimatch']),
          installed('ms', '2.1.2', 'deps/npm/node_modules/debug/node_modules/ms/package.json', ['deps/npm', 'node_modules/debug', 'node_modules/ms']),
          installed('left-pad', '1.3.0', 'tools/x/node_modules/left-pad/package.json', ['tools/x', 'node_modules/left-pad']),
          // The vendored npm itself, if the scanner reports a project root: not repeated.
          { ...installed('npm', '9.8.0', 'deps/npm/package.json', ['deps/npm']), origin: 'installed' },
        ],
        sources: [{ kind: 'installed', path: 'deps/npm/node_modules', format: 'node_modules', packageCount: 3 }],
        problems: [],
      };
    };
    const inventory = await buildInventory(new WorkTreeSource(nodeTree), { scanJavaScript });
    assert.deepEqual(seenOptions, { installed: true, exclude: ['test', 'benchmark'] });
    assert.equal(inventory.node?.version, '20.5.1');
    assert.equal(inventory.partial, false);
    const minimatch = inventory.packages.find((pkg) => pkg.name === 'minimatch' && pkg.origin === 'installed');
    assert.deepEqual(minimatch?.paths, [['deps/npm', 'node_modules/@npmcli/arborist', 'node_modules/minimatch']]);
    assert.equal(minimatch?.nestedIn, 'npm');
    assert.deepEqual(inventory.packages.find((pkg) => pkg.name === 'ms')?.paths, [['deps/npm', 'node_modules/debug', 'node_modules/ms']]);
    assert.equal(inventory.packages.find((pkg) => pkg.name === 'left-pad')?.nestedIn, undefined);
    assert.equal(inventory.packages.filter((pkg) => pkg.name === 'npm').length, 1);
    assert.equal(inventory.sources.length, 2);
  });

  it('marks the result partial when a scanner reports an error', async () => {
    const scanJavaScript = async (): Promise<JavaScriptScan> => ({ packages: [], sources: [], problems: [{ path: 'package-lock.json', line: 3, message: 'not JSON', severity: 'error' }] });
    const inventory = await buildInventory(new WorkTreeSource(nodeTree), { scanJavaScript });
    assert.equal(inventory.partial, true);
  });
});

describe('inventory of a git ref, without a checkout', () => {
  const repo = mkdtempSync(join(tmpdir(), 'vigil-ref-'));
  after(() => rmSync(repo, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
  cpSync(join(nodeTree, 'src'), join(repo, 'src'), { recursive: true });
  cpSync(join(nodeTree, 'deps', 'uv'), join(repo, 'deps', 'uv'), { recursive: true });
  cpSync(join(nodeTree, 'deps', 'v8'), join(repo, 'deps', 'v8'), { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'v20.5.1 files');
  git('tag', 'v20.5.1');
  // The work tree moves on; the tag must still read the committed files.
  writeFileSync(join(repo, 'deps', 'uv', 'include', 'uv', 'version.h'), '#define UV_VERSION_MAJOR 1\n#define UV_VERSION_MINOR 48\n#define UV_VERSION_PATCH 0\n');

  it('reads versions from the tagged commit and reports <ref>:<path>', async () => {
    const source = await GitRefSource.open(repo, 'v20.5.1');
    try {
      const inventory = await buildInventory(source);
      const uv = inventory.packages.find((pkg) => pkg.name === 'libuv');
      assert.equal(uv?.version, '1.46.0');
      assert.equal(uv?.foundIn, 'v20.5.1:deps/uv/include/uv/version.h');
      assert.equal(inventory.ref?.name, 'v20.5.1');
      assert.match(inventory.ref?.commit ?? '', /^[0-9a-f]{40}$/);
      assert.equal(inventory.packages.find((pkg) => pkg.name === 'jinja2')?.nestedIn, 'v8');
    } finally {
      source.close();
    }
    const worktree = await inventoryPath(repo);
    assert.equal(worktree.packages.find((pkg) => pkg.name === 'libuv')?.version, '1.48.0');
  });

  it('refuses a path that is not a directory (exit 2)', async () => {
    await assert.rejects(inventoryPath(join(repo, 'no-such-dir')), (error: Error & { exitCode?: number }) => error.exitCode === 2 && /no such directory/.test(error.message));
    await assert.rejects(inventoryPath(join(repo, 'src', 'node_version.h')), (error: Error & { exitCode?: number }) => error.exitCode === 2);
  });
});

describe('a bare git directory without --ref', () => {
  it('is read at HEAD, never an empty inventory', async () => {
    const work = mkdtempSync(join(tmpdir(), 'vigil-bare-src-'));
    const bare = `${work}-bare.git`;
    after(() => {
      rmSync(work, { recursive: true, force: true });
      rmSync(bare, { recursive: true, force: true });
    });
    writeFileSync(join(work, 'package-lock.json'), JSON.stringify({ name: 'x', lockfileVersion: 3, packages: { '': { dependencies: { a: '^1.0.0' } }, 'node_modules/a': { version: '1.0.0' } } }));
    const git = (cwd: string, ...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
    git(work, 'init', '-q');
    git(work, 'add', '.');
    git(work, 'commit', '-qm', 'lock');
    git(tmpdir(), 'clone', '-q', '--bare', work, bare);
    const inventory = await inventoryPath(bare);
    assert.equal(inventory.ref?.name, 'HEAD');
    assert.deepEqual(inventory.packages.map((pkg) => `${pkg.name}@${pkg.version}`), ['a@1.0.0']);
  });
});
