import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

test('npm run build copies every file reachability reads beside its code (knowledge/*.json) into dist', () => {
  // The files the code reads through new URL('./…', import.meta.url), found in the source itself.
  const here = join(repo, 'src/reachability');
  const wanted = new Set<string>();
  for (const name of readdirSync(here)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    for (const match of readFileSync(join(here, name), 'utf8').matchAll(/new URL\('\.\/([^']+\.json)', import\.meta\.url\)/g)) wanted.add(match[1] as string);
  }
  assert.ok(wanted.has('knowledge/dynamic-loads.json') && wanted.has('knowledge/vulnerable-code.json'), [...wanted].join(', '));
  const work = mkdtempSync(join(tmpdir(), 'vigil-assets-'));
  try {
    symlinkSync(join(repo, 'src'), join(work, 'src'));
    execFileSync(process.execPath, [join(repo, 'scripts/copy-assets.mjs')], { cwd: work });
    for (const file of wanted) {
      const copied = join(work, 'dist/reachability', file);
      assert.ok(existsSync(copied), `dist/reachability/${file} is missing after copy-assets`);
      assert.ok(Array.isArray((JSON.parse(readFileSync(copied, 'utf8')) as { entries: unknown }).entries));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
