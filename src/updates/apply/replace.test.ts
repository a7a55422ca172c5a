import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { recoverInterruptedReplace, replaceDirectory } from './replace.js';

function dependency(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-replace-'));
  const target = join(dir, 'dep');
  mkdirSync(target);
  writeFileSync(join(target, 'index.js'), content);
  return target;
}

describe('replaceDirectory after a kill (#20)', () => {
  it('moves the old directory back when the kill came between the two renames', async () => {
    const target = dependency('old');
    renameSync(target, `${target}.vigil-old`);
    assert.equal(await recoverInterruptedReplace(target), 'restored');
    assert.equal(readFileSync(join(target, 'index.js'), 'utf8'), 'old');
    assert.ok(!existsSync(`${target}.vigil-old`));
  });

  it('drops the old directory when the new one was already in place, and a half copy', async () => {
    const target = dependency('new');
    mkdirSync(`${target}.vigil-old`);
    mkdirSync(`${target}.vigil-new`);
    assert.equal(await recoverInterruptedReplace(target), 'cleaned');
    assert.deepEqual(readdirSync(join(target, '..')).sort(), ['dep']);
    assert.equal(readFileSync(join(target, 'index.js'), 'utf8'), 'new');
    assert.equal(await recoverInterruptedReplace(target), undefined, 'nothing to do the second time');
  });

  it('a replacement after an interrupted one keeps the new content and nothing beside it', async () => {
    const target = dependency('old');
    renameSync(target, `${target}.vigil-old`);
    const source = dependency('new');
    await replaceDirectory(target, source);
    assert.equal(readFileSync(join(target, 'index.js'), 'utf8'), 'new');
    assert.deepEqual(readdirSync(join(target, '..')), ['dep']);
  });
});
