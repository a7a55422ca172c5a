import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../../../test/fixtures.js';
import { InputError } from '../../errors.js';
import { loadKnowledge } from './load.js';

test('knowledge base: every file loads, and at least 40 actions are covered', () => {
  const knowledge = loadKnowledge();
  assert.ok(knowledge.actions().length >= 40, `${knowledge.actions().length} actions`);
  assert.deepEqual(
    knowledge.lookup('actions/checkout')?.permissions.map((grant) => [grant.scope, grant.level]),
    [['contents', 'read']],
  );
  assert.equal(knowledge.lookup('github/codeql-action/analyze')?.permissions[0]?.scope, 'security-events');
  assert.equal(knowledge.lookup('no/such-action'), null);
});

test('knowledge base: every action the nodejs workflows use is covered', () => {
  const knowledge = loadKnowledge();
  const root = fixture('workflows');
  const missing = new Set<string>();
  for (const repo of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    const dir = join(root, repo.name, '.github', 'workflows');
    let files: string[] = [];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const file of files) {
      for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/uses:\s*['"]?([^\s'"#]+)/g)) {
        const uses = match[1] ?? '';
        if (uses.startsWith('./') || uses.startsWith('docker://')) continue;
        const name = uses.split('@')[0] ?? uses;
        if (knowledge.lookup(name) === null) missing.add(name);
      }
    }
  }
  assert.deepEqual([...missing], []);
});

test('knowledge base: a malformed file is an input error naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-kb-'));
  try {
    mkdirSync(join(dir, 'o'));
    writeFileSync(join(dir, 'o', 'a.yml'), 'repo: o/a\nsource: https://example.com\npermissions:\n  - scope: everything\n    level: write\n    reason: all of it\n');
    assert.throws(() => loadKnowledge(dir), (error: unknown) => error instanceof InputError && error.message.includes('a.yml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
