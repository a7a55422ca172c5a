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
const SHA3 = 'f43a0e5ff2bd294095638e18286ca9a3d1956744';
const lock = parsePinLock(`action actions/checkout@v4 ${SHA} v4.1.1\naction actions/checkout@v3 ${SHA3} v3.6.0\n`);
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

test('a workflow only go-yaml accepts is hardened in place, with what harden can and cannot do', async () => {
  // Quoted run: values continued on less-indented lines (as in real workflow histories): GitHub
  // and Scorecard accept the file, the strict `yaml` package does not.
  const lenient = [
    'on: push',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: "npm ci &&',
    '  npm test"',
    '      - uses: actions/checkout@v4',
    "      - run: 'echo one",
    "two'",
    '      - uses: actions/checkout@v3',
    '',
  ].join('\n');
  const root = checkout();
  try {
    writeFileSync(join(root, '.github', 'workflows', 'ci.yml'), lenient);
    const plan = await planHarden(await directoryInput(root), { fixes: ['pin', 'permissions'], actions: lock, images: lock, knowledge: loadKnowledge() });
    const after = plan.files.find((file) => file.path === '.github/workflows/ci.yml')?.after ?? '';
    const expected = lenient
      .replace('      - uses: actions/checkout@v4\n', `      - uses: actions/checkout@${SHA} # v4.1.1\n`)
      .replace('      - uses: actions/checkout@v3', `      - uses: actions/checkout@${SHA3} # v3.6.0`);
    // Only the two uses: values change and a permissions block is added; the quoted values
    // keep their original (less-indented) lines.
    assert.equal(after.replace(/^permissions:\n(?: {2}.*\n)+\n/m, ''), expected);
    assert.match(after, /^permissions:\n {2}contents: read #/m);
    const notice = plan.skipped.find((skip) => skip.path === '.github/workflows/ci.yml' && /go-yaml/.test(skip.reason));
    assert.ok(notice, JSON.stringify(plan.skipped));
    assert.equal(notice.line, 6);
    assert.match(notice.reason, /strict YAML parser rejects.*edits it in place.*cannot edit a quoted value/);
    assert.ok(!plan.skipped.some((skip) => /not valid YAML/.test(skip.reason)), 'not called invalid');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
