import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { assertInside, checkWriteTarget, removeStaleTemporariesIn, writeFileAtomic, writeFileAtomicSync, writeRoot } from './atomic-write.js';

const fresh = (name: string): string => realpathSync(mkdtempSync(join(tmpdir(), `vigil-${name}-`)));

test('a dangling link out of the root is refused too (writing would create the file there)', async () => {
  const root = fresh('root');
  const outside = fresh('outside');
  symlinkSync(join(outside, 'report.md'), join(root, 'report.md'));
  await assert.rejects(writeFileAtomic(join(root, 'report.md'), 'x', { root }), /report\.md: refusing to write outside .* resolves to .*outside.*report\.md/);
  assert.deepEqual(readdirSync(outside), []);
});

test('a chain of links that ends outside is followed to its end', () => {
  const root = fresh('root');
  const outside = fresh('outside');
  symlinkSync('.', join(root, 'a'));
  symlinkSync(outside, join(root, 'b'));
  symlinkSync('a/a/b', join(root, 'c'));
  assert.throws(() => assertInside(root, join(root, 'c', 'x.json')), /refusing to write outside/);
  assert.doesNotThrow(() => assertInside(root, join(root, 'a', 'a', 'x.json')));
});

test('links that stay inside the root are written through', async () => {
  const root = fresh('root');
  mkdirSync(join(root, 'real'));
  symlinkSync('real', join(root, 'out'));
  await writeFileAtomic(join(root, 'out', 'f.json'), 'ok', { root });
  assert.equal(readFileSync(join(root, 'real', 'f.json'), 'utf8'), 'ok');
});

test('without a root, a path inside the working directory may not leave it; one outside it is written as given', () => {
  const cwd = fresh('cwd');
  const outside = fresh('outside');
  symlinkSync(outside, join(cwd, 'out'));
  assert.equal(writeRoot(join(cwd, 'out', 'x'), undefined, cwd), cwd);
  assert.equal(writeRoot(join(outside, 'x'), undefined, cwd), undefined);
  assert.equal(writeRoot(join(cwd, 'x'), false, cwd), undefined);
  const before = process.cwd();
  process.chdir(cwd);
  try {
    assert.throws(() => checkWriteTarget('out/x.json'), /out\/x\.json: refusing to write outside/);
    assert.throws(() => writeFileAtomicSync('out/y.json', 'x'), /refusing to write outside/);
    assert.doesNotThrow(() => checkWriteTarget(join(outside, 'x.json')));
    assert.doesNotThrow(() => checkWriteTarget('out/z.json', false));
  } finally {
    process.chdir(before);
  }
  assert.deepEqual(readdirSync(outside), []);
});

test('a refused write leaves the old file and no temporary', async () => {
  const root = fresh('root');
  const outside = fresh('outside');
  writeFileSync(join(outside, 'f.json'), 'old');
  symlinkSync(outside, join(root, 'data'));
  await assert.rejects(writeFileAtomic(join(root, 'data', 'f.json'), 'new', { root }), (error: Error & { exitCode?: number }) => error.exitCode === 2);
  assert.deepEqual(readdirSync(outside), ['f.json']);
  assert.equal(readFileSync(join(outside, 'f.json'), 'utf8'), 'old');
});

test('removeStaleTemporariesIn removes every dead writer\'s temporary in a folder, whatever file it was for, and keeps live ones and other files', () => {
  const dir = fresh('stale');
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  const names = [`.ci.yml.${dead}-0123456789ab.tmp`, `.release.yml.${dead}-ba9876543210.tmp`, `.ci.yml.${process.pid}-0123456789ab.tmp`, 'ci.yml', '.ci.yml.notes.tmp', `ci.yml.${dead}-0123456789ab.tmp`];
  for (const name of names) writeFileSync(join(dir, name), 'x');
  const removed = removeStaleTemporariesIn(dir).map((file) => file.slice(dir.length + 1)).sort();
  assert.deepEqual(removed, [`.ci.yml.${dead}-0123456789ab.tmp`, `.release.yml.${dead}-ba9876543210.tmp`]);
  assert.deepEqual(readdirSync(dir).sort(), [`.ci.yml.${process.pid}-0123456789ab.tmp`, '.ci.yml.notes.tmp', 'ci.yml', `ci.yml.${dead}-0123456789ab.tmp`].sort());
});
