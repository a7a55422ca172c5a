import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../../../test/fixtures.js';
import { directoryRepoView, memoryRepoView } from '../test-helpers.js';
import { tokenPermissions } from './token-permissions.js';
import type { RepoView } from '../types.js';

const root = fixture('scorecard-testdata', 'checks', 'testdata');
const context = { now: new Date('2026-11-23T00:00:00Z') };

async function run(view: RepoView) {
  return tokenPermissions.evaluate(await tokenPermissions.collect(view, context), context);
}

function workflows(...names: string[]): RepoView {
  return directoryRepoView(root, names.map((name) => `.github/workflows/github-workflow-permissions-${name}.yaml`));
}

// Scores and warning counts from ossf/scorecard checks/permissions_test.go (EXPECTED.md).
const cases: [string[], number, number | null][] = [
  [['run-codeql-write'], 10, 0],
  [['run-no-codeql-write'], 10, 1],
  [['run-writes-2'], 10, 3],
  [['run-package-workflow-write'], 10, 0],
  [['run-package-write'], 10, 1],
  [['run-writes'], 10, 0],
  [['writeall'], 0, 1],
  [['readall'], 10, 0],
  [['absent'], 0, 1],
  [['writes'], 10, 0],
  [['reads'], 10, 0],
  [['nones'], 10, 0],
  [['none'], 10, 0],
  [['status-checks'], 9, 2],
  [['secevent-deployments'], 8, 2],
  [['contents'], 0, 1],
  [['actions'], 0, 1],
  [['packages'], 0, 1],
  [['contents-writes-no-release'], 10, 1],
  [['contents-writes-release'], 10, 0],
  [['contents-writes-release-mvn-release'], 10, 0],
  [['contents-writes-release-semantic-release'], 10, 0],
  [['contents-writes-release-semantic-release-yarn'], 10, 0],
  [['contents-writes-release-semantic-release-pnpm'], 10, 0],
  [['packages-writes'], 10, 0],
  [['jobs-only'], 9, 1],
  [['run-write-codeql-comment'], 10, 1],
  [['secevent-known-actions'], 10, 0],
  [['gh-pages'], 10, 0],
  [['run-multiple-writes'], 10, null],
  [['top-level-only', 'run-level-only'], 9, 1],
  [['run-level-only', 'absent'], 0, 2],
  [['top-level-only', 'absent'], 0, 1],
];

for (const [names, score, warns] of cases) {
  test(`Token-Permissions: ${names.join(' + ')} scores ${score}`, async () => {
    const result = await run(workflows(...names));
    assert.equal(result.score, score, result.details.map((d) => d.message).join('\n'));
    if (warns !== null) assert.equal(result.details.filter((d) => d.type === 'Warn').length, warns);
  });
}

test('Token-Permissions: no workflow is inconclusive, not zero', async () => {
  const result = await run(directoryRepoView(root, ['script.sh']));
  assert.equal(result.score, -1);
  assert.equal(result.reason, 'No tokens found');
});

test('Token-Permissions: a write detail points at the file and line', async () => {
  const result = await run(workflows('contents'));
  const warn = result.details.find((d) => d.type === 'Warn');
  assert.equal(warn?.path, '.github/workflows/github-workflow-permissions-contents.yaml');
  assert.equal(warn?.message, "topLevel 'contents' permission set to 'write'");
  assert.ok((warn?.line ?? 0) > 0);
});

test('Token-Permissions: invalid YAML is reported with its line and the rest still scores', async () => {
  const view = memoryRepoView({
    '.github/workflows/broken.yml': 'on: push\njobs:\n  a:\n    steps: [\n',
    '.github/workflows/ok.yml': 'on: push\npermissions: read-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n',
  });
  const result = await run(view);
  assert.equal(result.score, 10);
  const problem = result.details.find((d) => d.path === '.github/workflows/broken.yml' && d.type === 'Warn');
  assert.ok(result.details.some((d) => d.type === 'Debug' && d.message.startsWith('workflow not parsed') && d.path === '.github/workflows/broken.yml'));
  assert.match(problem?.message ?? '', /invalid workflow YAML/);
  assert.ok((problem?.line ?? 0) >= 4);
});
