import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJsonInput, readInputText } from './read-input.js';
import { writeFileAtomic } from './atomic-write.js';

test('a FIFO is refused at once, naming the file, instead of hanging', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-read-'));
  const fifo = join(dir, 'package.json');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(readInputText(fifo, { kind: 'manifest' }), (error: Error) => error.message.includes(fifo) && /FIFO/.test(error.message));
});

test('/dev/zero is refused, not read into memory', async () => {
  await assert.rejects(readInputText('/dev/zero', { kind: 'config' }), /\/dev\/zero is a character device/);
});

test('a file over its kind limit is refused with the sizes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-read-'));
  const file = join(dir, 'big.json');
  writeFileSync(file, 'x'.repeat(2048));
  await assert.rejects(readInputText(file, { kind: 'config', maxBytes: 1024 }), /big\.json is .* over the .* limit/);
  assert.equal((await readInputText(file, { kind: 'config', maxBytes: 4096 })).length, 2048);
});

test('JSON nested 10,000 deep is refused with exit-2 error, not a stack overflow', () => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  assert.throws(() => parseJsonInput(deep, 'deep.json'), (error: Error & { exitCode?: number }) => error.exitCode === 2 && /deep\.json: JSON nested more than/.test(error.message));
  assert.deepEqual(parseJsonInput('{"a":[1]}', 'ok.json'), { a: [1] });
});

test('a write through a symlink out of the root is refused; stale temporaries are removed', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-root-'));
  const outside = mkdtempSync(join(tmpdir(), 'vigil-outside-'));
  symlinkSync(outside, join(root, '.github'));
  await assert.rejects(writeFileAtomic(join(root, '.github', 'dependabot.yml'), 'x', { root }), /refusing to write outside/);
  assert.deepEqual(readdirSync(outside), []);
  mkdirSync(join(root, 'a'));
  writeFileSync(join(root, 'a', '.f.json.999999999-0123456789ab.tmp'), 'half');
  await writeFileAtomic(join(root, 'a', 'f.json'), 'whole', { root });
  assert.deepEqual(readdirSync(join(root, 'a')), ['f.json']);
});
