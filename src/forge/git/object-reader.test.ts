import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listTree, parseLsTree } from './tree.js';
import { GitObjectReader } from './object-reader.js';

function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-git-'));
  const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  run('init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'deps', 'a b'), { recursive: true });
  writeFileSync(join(dir, 'deps', 'a b', 'version.h'), '#define V "1.0"\n');
  writeFileSync(join(dir, 'big.bin'), Buffer.alloc(200_000, 7));
  run('add', '.');
  run('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'one');
  run('tag', 'v1');
  writeFileSync(join(dir, 'deps', 'a b', 'version.h'), '#define V "2.0"\n');
  run('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-am', 'two');
  return dir;
}

describe('GitObjectReader', () => {
  it('reads many files of any ref through one process, in order, including large blobs and missing paths', async () => {
    const repo = makeRepo();
    const reader = new GitObjectReader(repo);
    try {
      const [old, current, missing, big] = await Promise.all([
        reader.readText('v1', 'deps/a b/version.h'),
        reader.readText('main', 'deps/a b/version.h'),
        reader.readText('main', 'nope.txt'),
        reader.read('main:big.bin'),
      ]);
      assert.equal(old, '#define V "1.0"\n');
      assert.equal(current, '#define V "2.0"\n');
      assert.equal(missing, null);
      assert.equal(big?.length, 200_000);
    } finally {
      reader.close();
    }
  });

  it('lists a commit tree with sizes, and the index without', async () => {
    const repo = makeRepo();
    const tree = await listTree(repo, 'v1');
    assert.deepEqual(tree.map((entry) => [entry.path, entry.size]).sort(), [['big.bin', 200_000], ['deps/a b/version.h', 16]]);
    const index = await listTree(repo);
    assert.equal(index.length, 2);
  });

  it('parses ls-tree records: padded sizes, submodules without one, spaces and tabs in paths', () => {
    const oid = '0123456789abcdef0123456789abcdef01234567';
    const output = [`100644 blob ${oid}      16\tdeps/a b/version.h`, `160000 commit ${oid}       -\tsub`, `100755 blob ${oid} 1234567890\tx\ty `, ''].join('\0');
    assert.deepEqual(parseLsTree(output), [
      { path: 'deps/a b/version.h', mode: '100644', type: 'blob', oid, size: 16 },
      { path: 'sub', mode: '160000', type: 'commit', oid, size: null },
      { path: 'x\ty ', mode: '100755', type: 'blob', oid, size: 1234567890 },
    ]);
  });
});
