import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hardenPermissions } from './permissions.js';
import { loadKnowledge } from '../knowledge/load.js';
import { parseWorkflow } from '../../scorecard/workflow/parse.js';

const knowledge = loadKnowledge();
const none = (): null => null;
const run = (text: string, lookup: (path: string) => ReturnType<typeof parseWorkflow> | null = none) =>
  hardenPermissions('.github/workflows/ci.yml', text, knowledge, (path) => {
    const found = lookup(path);
    return found?.ok ? found.workflow : null;
  });

test('permissions: contents: read at the top, and each job that needs more says why', () => {
  const before = [
    'on: push',
    '',
    '# the jobs',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: npm test',
    '  release:',
    '    runs-on: ubuntu-latest',
    '    # publish',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: |',
    '          git push --tags',
    '          npm publish --provenance',
    '        env:',
    '          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}',
    '      - run: gh pr comment 1 --body done',
    '        env:',
    '          GH_TOKEN: ${{ github.token }}',
    '',
  ].join('\n');
  const after = [
    'on: push',
    '',
    'permissions:',
    '  contents: read # least privilege for every job; jobs that need more say so below',
    '',
    '# the jobs',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: npm test',
    '  release:',
    '    runs-on: ubuntu-latest',
    '    permissions:',
    "      contents: write # actions/checkout: clones the repository; git push: pushes with the checkout's credentials",
    '      id-token: write # npm publish --provenance: signs provenance with an OIDC token',
    '      pull-requests: write # gh pr comment',
    '    # publish',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: |',
    '          git push --tags',
    '          npm publish --provenance',
    '        env:',
    '          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}',
    '      - run: gh pr comment 1 --body done',
    '        env:',
    '          GH_TOKEN: ${{ github.token }}',
    '',
  ].join('\n');
  const result = run(before);
  assert.equal(result.text, after);
  assert.deepEqual(result.skipped, []);
  assert.equal(run(result.text).text, result.text, 'a second run changes nothing');
});

test('permissions: a job whose needs cannot be known is left alone, and the top level too', () => {
  const before = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: someone/unknown-action@v1\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/stale@v9\n';
  const result = run(before);
  assert.ok(!result.text.startsWith('permissions'));
  assert.match(result.text, / {4}permissions:\n {6}issues: write # actions\/stale: .*\n {6}pull-requests: write/);
  assert.ok(!/ {2}a:\n {4}permissions/.test(result.text));
  assert.ok(result.skipped.some((skip) => skip.reason.includes('someone/unknown-action is not in the action knowledge base')));
  assert.ok(result.skipped.some((skip) => skip.reason.startsWith('top-level permissions not added')));
});

test('permissions: github-script needs come from the API calls in its script', () => {
  const before = [
    'on: issues',
    'jobs:',
    '  label:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/github-script@v7',
    '        with:',
    '          script: |',
    '            await github.rest.issues.addLabels({ ...context.repo, issue_number: 1, labels: ["x"] })',
    '            await github.rest.pulls.list(context.repo)',
    '',
  ].join('\n');
  const result = run(before);
  assert.match(result.text, /issues: write # actions\/github-script: github\.issues\.addLabels/);
  assert.match(result.text, /pull-requests: read # actions\/github-script: github\.pulls\.list/);
});

test('permissions: writes granted at the top move to the jobs that need them', () => {
  const before = 'on: push\npermissions:\n  # to comment\n  issues: write\n  contents: write\njobs:\n  stale:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/stale@v9\n';
  const result = run(before);
  assert.equal(
    result.text,
    'on: push\npermissions:\n  contents: read # least privilege for every job; jobs that need more say so below\njobs:\n  stale:\n    runs-on: ubuntu-latest\n    permissions:\n      issues: write # actions/stale: labels, comments on and closes stale issues\n      pull-requests: write # actions/stale: labels, comments on and closes stale pull requests\n    steps:\n      - uses: actions/stale@v9\n',
  );
});

test('permissions: a local reusable workflow passes on what its jobs need', () => {
  const called = 'on: workflow_call\njobs:\n  pr:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: peter-evans/create-pull-request@v6\n';
  const before = 'on: push\njobs:\n  call:\n    uses: ./.github/workflows/called.yml\n';
  const result = run(before, (path) => (path === '.github/workflows/called.yml' ? parseWorkflow(path, called) : null));
  assert.match(result.text, /call:\n {4}permissions:\n {6}contents: write # peter-evans\/create-pull-request: .*\n {6}pull-requests: write .*\n {4}uses:/);
});

test('permissions: CRLF files get CRLF lines, and a read-only top level is left as it is', () => {
  const crlf = run('on: push\r\njobs:\r\n  a:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - run: echo\r\n');
  assert.ok(crlf.text.startsWith('on: push\r\npermissions:\r\n  contents: read'));
  assert.ok(!/[^\r]\n/.test(crlf.text));
  const readOnly = 'on: push\npermissions: read-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: git push\n';
  assert.equal(run(readOnly).text, readOnly);
});

test('permissions: odd indentation (4-space jobs, unindented step lists) is followed', () => {
  const before = 'on: push\njobs:\n    build:\n        runs-on: ubuntu-latest\n        steps:\n        - uses: actions/checkout@v4\n        - run: git push\n';
  const result = run(before);
  assert.equal(
    result.text,
    "on: push\npermissions:\n    contents: read # least privilege for every job; jobs that need more say so below\n\njobs:\n    build:\n        runs-on: ubuntu-latest\n        permissions:\n            contents: write # actions/checkout: clones the repository; git push: pushes with the checkout's credentials\n        steps:\n        - uses: actions/checkout@v4\n        - run: git push\n",
  );
});
