import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../../../test/fixtures.js';
import { directoryRepoView } from '../test-helpers.js';
import { dangerousWorkflow } from './dangerous-workflow.js';
import { isUntrustedContext } from '../collect/dangerous-workflow.js';

const root = fixture('scorecard-testdata', 'checks', 'testdata');
const context = { now: new Date('2026-11-23T00:00:00Z') };

// Finding counts from ossf/scorecard checks/raw/dangerous_workflow_test.go.
const cases: [string, number][] = [
  ['untrusted-checkout-workflow_run', 1],
  ['untrusted-checkout', 1],
  ['trusted-checkout', 0],
  ['default-checkout', 0],
  ['untrusted-script-injection', 1],
  ['trusted-script-injection', 0],
  ['untrusted-multiple-script-injection', 2],
  ['untrusted-inline-script-injection', 1],
  ['untrusted-script-injection-wildcard', 1],
  ['untrusted-script-injection-tojson', 1],
];

for (const [name, count] of cases) {
  test(`Dangerous-Workflow: ${name} has ${count} finding(s)`, async () => {
    const view = directoryRepoView(root, [`.github/workflows/github-workflow-dangerous-pattern-${name}.yml`]);
    const facts = await dangerousWorkflow.collect(view, context);
    assert.equal(facts.patterns.length, count);
    const result = dangerousWorkflow.evaluate(facts, context);
    assert.equal(result.score, count > 0 ? 0 : 10);
    for (const detail of result.details.filter((d) => d.type === 'Warn')) assert.ok(detail.path !== undefined && (detail.line ?? 0) > 0);
  });
}

test('Dangerous-Workflow: no workflow is inconclusive', async () => {
  const result = dangerousWorkflow.evaluate(await dangerousWorkflow.collect(directoryRepoView(root, ['script.sh']), context), context);
  assert.equal(result.score, -1);
});

// The expression table of ossf/scorecard's TestUntrustedContextVariables.
const expressions: [string, boolean][] = [
  ['github.action', false],
  ['github.head_ref', true],
  ['github.event.issue.title', true],
  ['github.event.pull_request.body', true],
  ['github.event.pull_request.number', false],
  ['github.event.commits[0].message', true],
  ['github.event.commits[0].id', false],
  ['github.event.commits[2].author.name', true],
  ['github.event.commits[2].author.email', true],
  ['github.event.pull_request.organization.blocked_user.name', true],
  ['github.event.pull_request.organization.blocked_user.email', true],
  ['github.event.discussion.body', true],
  ['github.event.discussion.title', true],
  ['toJSON(github.event)', true],
  ['toJSON(github)', true],
  ['toJSON(github.event.pull_request)', false],
  ['TOJSON(github.event)', true],
  ['toJSON( github.event )', true],
  ['toJSON(github.repository)', false],
];

test('Dangerous-Workflow: untrusted context expressions', () => {
  for (const [expression, dangerous] of expressions) assert.equal(isUntrustedContext(expression), dangerous, expression);
});

test('Dangerous-Workflow: invalid YAML is reported with its file and line, and the other workflows still score', async () => {
  const { memoryRepoView } = await import('../test-helpers.js');
  const view = memoryRepoView({
    '.github/workflows/broken.yml': 'on: issues\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n     bad: [\n',
    '.github/workflows/ci.yml': 'on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n',
  });
  const result = dangerousWorkflow.evaluate(await dangerousWorkflow.collect(view, context), context);
  assert.equal(result.score, 0);
  assert.ok(result.details.some((d) => d.type === 'Warn' && d.path === '.github/workflows/ci.yml' && d.line === 6), JSON.stringify(result.details));
  const problem = result.details.find((d) => d.path === '.github/workflows/broken.yml' && d.type === 'Warn');
  assert.match(problem?.message ?? '', /invalid workflow YAML/);
  assert.equal(problem?.line, 6);
});
