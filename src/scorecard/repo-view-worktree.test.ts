/**
 * Reading from a clean work tree (issue #16): only when the bytes on disk are the commit's blob.
 * Every case that could make them differ must fall back to git objects.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { attributesRewrite, parseCachedPaths, parseStatus } from '../forge/git/worktree.js';
import { openRepoView } from './repo-view.js';
import { tempTree } from '../../test/fixtures.js';

const git = (cwd: string, ...args: string[]): string => execFileSync('git', ['-c', 'user.email=a@example.com', '-c', 'user.name=A', ...args], { cwd, stdio: 'pipe' }).toString();

function makeRepo(files: Record<string, string>): string {
  const dir = tempTree(files, 'vigil-worktree-');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'first');
  return dir;
}

async function readAll(dir: string, paths: string[], ref?: string): Promise<{ texts: string[]; heads: string[]; fromWorkTree: number }> {
  const opened = await openRepoView(dir, ref ? { ref } : {});
  try {
    const texts = await Promise.all(paths.map(async (path) => (await opened.view.readText(path)) ?? '<null>'));
    const heads = await Promise.all(paths.map(async (path) => (await opened.view.readHead?.(path, 4))?.toString('utf8') ?? '<null>'));
    return { texts, heads, fromWorkTree: opened.stats.fromWorkTree ?? 0 };
  } finally {
    opened.close();
  }
}

describe('RepoView from a clean work tree', () => {
  it('reads clean files from disk, with the same bytes as the objects', async () => {
    const dir = makeRepo({ 'a.txt': 'alpha\n', 'b.sh': '#!/bin/sh\necho b\n' });
    try {
      const result = await readAll(dir, ['a.txt', 'b.sh']);
      assert.deepEqual(result.texts, ['alpha\n', '#!/bin/sh\necho b\n']);
      assert.deepEqual(result.heads, ['alph', '#!/b']);
      assert.ok(result.fromWorkTree >= 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("modified, staged, assume-unchanged, skip-worktree and replaced-by-symlink files are read from the commit's objects", async () => {
    const dir = makeRepo({ 'mod.txt': 'committed\n', 'staged.txt': 'committed\n', 'assumed.txt': 'committed\n', 'skipped.txt': 'committed\n', 'link.txt': 'committed\n', 'same.txt': 'committed\n' });
    try {
      writeFileSync(join(dir, 'mod.txt'), 'changed!!\n');
      writeFileSync(join(dir, 'staged.txt'), 'changed!!\n');
      git(dir, 'add', 'staged.txt');
      git(dir, 'update-index', '--assume-unchanged', 'assumed.txt');
      writeFileSync(join(dir, 'assumed.txt'), 'changed!!\n');
      git(dir, 'update-index', '--skip-worktree', 'skipped.txt');
      writeFileSync(join(dir, 'skipped.txt'), 'changed!!\n');
      writeFileSync(join(dir, 'secret'), 'changed!!\n');
      rmSync(join(dir, 'link.txt'));
      symlinkSync(join(dir, 'secret'), join(dir, 'link.txt'));
      const paths = ['mod.txt', 'staged.txt', 'assumed.txt', 'skipped.txt', 'link.txt', 'same.txt'];
      const result = await readAll(dir, paths);
      assert.deepEqual(result.texts, paths.map(() => 'committed\n'));
      assert.deepEqual(result.heads, paths.map(() => 'comm'));
      assert.ok(result.fromWorkTree >= 1, 'the one unchanged file still comes from disk');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('another commit than HEAD, or attributes that rewrite content on checkout, turn the work tree off', async () => {
    const dir = makeRepo({ 'a.txt': 'old\n' });
    try {
      const first = git(dir, 'rev-parse', 'HEAD').trim();
      writeFileSync(join(dir, 'a.txt'), 'new\n');
      git(dir, 'commit', '-q', '-am', 'second');
      const old = await readAll(dir, ['a.txt'], first);
      assert.deepEqual(old.texts, ['old\n']);
      assert.equal(old.fromWorkTree, 0);

      writeFileSync(join(dir, '.gitattributes'), '*.txt text eol=crlf\n');
      git(dir, 'add', '.gitattributes');
      git(dir, 'commit', '-q', '-m', 'crlf');
      rmSync(join(dir, 'a.txt'));
      git(dir, 'checkout', '--', 'a.txt');
      const crlf = await readAll(dir, ['a.txt']);
      assert.deepEqual(crlf.texts, ['new\n'], 'the blob, not the CRLF checkout');
      assert.equal(crlf.fromWorkTree, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a sweep visits clean and modified files in the given order, each with its own bytes, though the buffer is reused', async () => {
    const files: Record<string, string> = { 'big.txt': 'B'.repeat(70_000), 'empty.txt': '', 'x.txt': 'committed x\n', 'y.txt': 'committed y\n', 'z.txt': 'zz\n' };
    const dir = makeRepo(files);
    try {
      writeFileSync(join(dir, 'y.txt'), 'changed y!!\n');
      const opened = await openRepoView(dir);
      try {
        const { sweep } = opened.view;
        assert.ok(sweep);
        const paths = ['z.txt', 'y.txt', 'missing.txt', 'big.txt', 'x.txt', 'empty.txt'];
        const whole: [string, string][] = [];
        await sweep(paths, (path, bytes) => whole.push([path, bytes.toString('latin1')]));
        assert.deepEqual(whole, paths.filter((path) => path !== 'missing.txt').map((path) => [path, files[path]]));
        const heads: [string, string][] = [];
        await sweep(paths, (path, bytes) => heads.push([path, bytes.toString('latin1')]), { head: 4 });
        assert.deepEqual(heads, whole.map(([path, text]) => [path, text.slice(0, 4)]));
        assert.ok((opened.stats.fromWorkTree ?? 0) >= 8, 'the clean files came from disk');
      } finally {
        opened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sweeps asked for together share one read of each file, and each still sees its own paths, order and length', async () => {
    const files: Record<string, string> = { 'a.js': 'alpha alpha\n', 'b.bin': 'binary bytes\n', 'c.js': 'gamma gamma\n', 'd.txt': 'delta\n' };
    const dir = makeRepo(files);
    try {
      const opened = await openRepoView(dir);
      try {
        const { sweep } = opened.view;
        assert.ok(sweep);
        const heads: string[] = [];
        const whole: string[] = [];
        const unordered: string[] = [];
        await Promise.all([
          sweep(['a.js', 'b.bin', 'c.js', 'd.txt'], (path, bytes) => heads.push(`${path}=${bytes.toString('latin1')}`), { head: 3 }),
          sweep(['a.js', 'c.js'], (path, bytes) => whole.push(`${path}=${bytes.toString('latin1')}`)),
          // Not in listing order: visited in its own order, by a pass of its own.
          sweep(['d.txt', 'a.js'], (path, bytes) => unordered.push(`${path}=${bytes.toString('latin1')}`), { head: 2 }),
        ]);
        assert.deepEqual(heads, ['a.js=alp', 'b.bin=bin', 'c.js=gam', 'd.txt=del']);
        assert.deepEqual(whole, ['a.js=alpha alpha\n', 'c.js=gamma gamma\n']);
        assert.deepEqual(unordered, ['d.txt=de', 'a.js=al']);
        assert.equal(opened.stats.fromWorkTree, 6, 'four files read once for the two merged sweeps, two for the third');
        await assert.rejects(
          sweep(['a.js'], () => {
            throw new Error('visitor failed');
          }),
          /visitor failed/,
        );
      } finally {
        opened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a work tree, a sweep of more files than it asks git for ahead reads each blob of the scored commit, in order', async () => {
    // Deep folders (git resolves `<commit>:<path>` through every tree; blobs are now asked by id),
    // the same bytes at two paths, a blob over the shared-head size, and an older --ref whose
    // blobs differ from HEAD's at the same paths.
    const files: Record<string, string> = {};
    for (let index = 0; index < 700; index++) files[`d${index % 7}/e${index % 3}/f${index}.txt`] = `file ${index}\n`.repeat(1 + (index % 5));
    files['d0/twin.txt'] = 'file 1\n';
    files['d1/big.bin'] = '\u0000ELF'.repeat(30_000);
    const dir = makeRepo(files);
    const clone = `${dir}-clone`;
    try {
      const first = git(dir, 'rev-parse', 'HEAD').trim();
      for (const path of Object.keys(files)) writeFileSync(join(dir, path), `second ${path}\n`);
      git(dir, 'commit', '-q', '-am', 'second');
      git(tmpdir(), 'clone', '-q', '--no-checkout', dir, clone);
      for (const [ref, expected] of [
        [undefined, (path: string): string => `second ${path}\n`],
        [first, (path: string): string => files[path] ?? ''],
      ] as const) {
        const opened = await openRepoView(clone, ref === undefined ? {} : { ref });
        try {
          const { sweep } = opened.view;
          assert.ok(sweep);
          const paths = opened.view.files.map((file) => file.path);
          assert.equal(paths.length, 702);
          const heads: string[] = [];
          const whole: string[] = [];
          await Promise.all([
            sweep(paths, (path, bytes) => heads.push(`${path}=${bytes.toString('latin1')}`), { head: 9 }),
            sweep(paths.filter((path) => path.startsWith('d0/')), (path, bytes) => whole.push(`${path}=${bytes.toString('latin1')}`)),
          ]);
          assert.deepEqual(heads, paths.map((path) => `${path}=${expected(path).slice(0, 9)}`));
          assert.deepEqual(whole, paths.filter((path) => path.startsWith('d0/')).map((path) => `${path}=${expected(path)}`));
          assert.equal(opened.stats.fromWorkTree, 0);
        } finally {
          opened.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it('parses attributes, status and ls-files -v output', () => {
    assert.equal(attributesRewrite(['* text=auto eol=lf\n*.png binary\n*.js -diff\n']), false);
    assert.equal(attributesRewrite(['# filter=lfs in a comment\nMakefile text\n']), false);
    assert.equal(attributesRewrite(['*.bin filter=lfs diff=lfs merge=lfs -text\n']), true);
    assert.equal(attributesRewrite(['*.bat eol=crlf\n']), true);
    assert.equal(attributesRewrite(['*.c ident\n']), true);
    assert.equal(attributesRewrite(['*.txt working-tree-encoding=UTF-16\n']), true);
    assert.equal(attributesRewrite(['ident.txt text\n']), false, 'a pattern named like an attribute is not one');
    assert.deepEqual([...parseStatus(' M a b.txt\0M  c\0')], ['a b.txt', 'c']);
    assert.deepEqual([...parseCachedPaths('H a\0h b\0S c\0H d e\0')], ['a', 'd e']);
  });
});
