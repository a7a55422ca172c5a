import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub } from '../../test/fake-github.js';
import { createGitHubClient } from '../forge/index.js';
import { directoryInput } from './input.js';
import { planHarden } from './plan.js';
import { planDiff } from './diff.js';
import { proposePlan, writePlan } from './apply.js';
import { loadKnowledge } from './knowledge/load.js';
import { parsePinLock } from './resolve/lock-file.js';
import { ALL_FIXES } from './fixes/registry.js';

const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';
const lock = parsePinLock(`action actions/checkout@v4 ${SHA} v4.1.1\n`);
const workflow = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n';

function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-harden-'));
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(root, '.github', 'workflows', 'ci.yml'), workflow);
  writeFileSync(join(root, 'package.json'), '{}\n');
  return root;
}

test('dry run diff, then --apply writes every file, and a second plan is empty', async () => {
  const root = checkout();
  try {
    const options = { fixes: ALL_FIXES, actions: lock, images: lock, knowledge: loadKnowledge() };
    const plan = await planHarden(await directoryInput(root), options);
    const diff = planDiff(plan);
    assert.match(diff, /^--- a\/\.github\/workflows\/ci\.yml\n\+\+\+ b\/\.github\/workflows\/ci\.yml\n/m);
    assert.match(diff, new RegExp(`^\\+      - uses: actions/checkout@${SHA} # v4\\.1\\.1$`, 'm'));
    assert.match(diff, /^--- \/dev\/null\n\+\+\+ b\/\.github\/dependabot\.yml/m);
    assert.equal(readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8'), workflow, 'a dry run writes nothing');
    await writePlan(plan);
    assert.match(readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8'), /^permissions:\n {2}contents: read/m);
    assert.match(readFileSync(join(root, '.github', 'dependabot.yml'), 'utf8'), /package-ecosystem: github-actions/);
    assert.deepEqual(readdirSync(join(root, '.github', 'workflows')), ['ci.yml'], 'no temporary file left behind');
    const again = await planHarden(await directoryInput(root), options);
    assert.deepEqual(again.files, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--pr commits on a branch and opens the pull request, then updates nothing when run again, and the same PR when the plan changes', async () => {
  const root = checkout();
  const github = await startFakeGitHub({ repos: ['nodejs/example'] });
  try {
    const client = createGitHubClient({ baseUrl: github.url, token: 'test', retries: 0 });
    const plan = await planHarden(await directoryInput(root), { fixes: ALL_FIXES, actions: lock, images: lock, knowledge: loadKnowledge() });
    const first = await proposePlan(client, plan, { owner: 'nodejs', repo: 'example' });
    assert.equal(first.action, 'created');
    const pull = github.state.pulls[0];
    assert.equal(pull?.head, 'vigil/harden');
    assert.match(pull?.body ?? '', /actions\/checkout@v4 → b4ffde65f463 # v4\.1\.1/);
    const second = await proposePlan(client, plan, { owner: 'nodejs', repo: 'example' });
    assert.equal(second.action, 'unchanged');
    // A new workflow lands upstream: the next run updates the same pull request.
    writeFileSync(join(root, '.github', 'workflows', 'lint.yml'), workflow.replace('npm test', 'npm run lint'));
    const replanned = await planHarden(await directoryInput(root), { fixes: ALL_FIXES, actions: lock, images: lock, knowledge: loadKnowledge() });
    const third = await proposePlan(client, replanned, { owner: 'nodejs', repo: 'example' });
    assert.equal(third.action, 'updated');
    assert.equal(third.number, first.number);
    assert.equal(github.state.pulls.length, 1);
    assert.match(github.state.pulls[0]?.body ?? '', /lint\.yml/);
  } finally {
    await github.close();
    rmSync(root, { recursive: true, force: true });
  }
});
