import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { pinActions } from './pin-actions.js';
import { parsePinLock } from '../resolve/lock-file.js';

const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';
const SHA2 = '8f4b7f84864484a7bf31766abe9204da3cbe65b3';
const lock = parsePinLock(
  [
    `action actions/checkout@v4 ${SHA} v4.1.1`,
    `action actions/setup-node@v4 ${SHA2} v4.0.2`,
    `action pkgjs/action@v0.1 ${SHA} v0.1.7`,
    `action octo/tool@main ${SHA2}`,
  ].join('\n'),
);

test('pin: every uses: gets the SHA and the most specific version, comments and quoting kept', async () => {
  const before = [
    'on: push',
    'jobs:',
    '  test:',
    '    uses: pkgjs/action/.github/workflows/node-test.yaml@v0.1 # shared tests',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    "      - uses: 'actions/checkout@v4'",
    '      - uses: "actions/setup-node@v4" # v4',
    '      - uses: ./.github/actions/local',
    '      - uses: octo/tool@main',
    '      - run: echo done',
    '',
  ].join('\n');
  const after = [
    'on: push',
    'jobs:',
    '  test:',
    `    uses: pkgjs/action/.github/workflows/node-test.yaml@${SHA} # v0.1.7 shared tests`,
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - uses: 'actions/checkout@${SHA}' # v4.1.1`,
    `      - uses: "actions/setup-node@${SHA2}" # v4.0.2`,
    '      - uses: ./.github/actions/local',
    `      - uses: octo/tool@${SHA2} # main`,
    '      - run: echo done',
    '',
  ].join('\n');
  const result = await pinActions('.github/workflows/ci.yml', before, lock);
  assert.equal(result.text, after);
  assert.equal(result.changes.length, 4);
  assert.deepEqual(result.skipped, []);
  const again = await pinActions('.github/workflows/ci.yml', result.text, lock);
  assert.equal(again.text, result.text);
  assert.equal(again.changes.length, 0);
});

test('pin: CRLF line endings, anchors and flow style survive', async () => {
  const before = 'jobs:\r\n  a:\r\n    steps:\r\n      - &co {uses: actions/checkout@v4, with: {fetch-depth: 0}}\r\n      - *co\r\n';
  const result = await pinActions('.github/workflows/ci.yml', before, lock);
  assert.equal(result.text, `jobs:\r\n  a:\r\n    steps:\r\n      - &co {uses: actions/checkout@${SHA}, with: {fetch-depth: 0}}\r\n      - *co\r\n`);
  assert.match(result.skipped[0]?.reason ?? '', /without a version comment/);
  const steps = (parse(result.text) as { jobs: { a: { steps: { uses: string }[] } } }).jobs.a.steps;
  assert.equal(steps[1]?.uses, `actions/checkout@${SHA}`);
});

test('pin: expressions, unknown actions and missing resolvers are reported, never guessed', async () => {
  const before = 'jobs:\n  a:\n    steps:\n      - uses: ${{ matrix.action }}@v1\n      - uses: gone/action@v9\n      - uses: docker://alpine:3\n';
  const result = await pinActions('.github/workflows/ci.yml', before, lock);
  assert.equal(result.text, before);
  assert.deepEqual(
    result.skipped.map((skip) => [skip.line, skip.reason.split(':')[0]]),
    [
      [4, '${{ matrix.action }}@v1'],
      [5, 'gone/action@v9'],
    ],
  );
  assert.match(result.skipped[1]?.reason ?? '', /not found/);
  const none = await pinActions('.github/workflows/ci.yml', 'jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n', null);
  assert.match(none.skipped[0]?.reason ?? '', /--lock/);
});

test('pin: invalid YAML is reported with its line and the file left alone', async () => {
  const before = 'jobs:\n  a:\n    steps: [\n';
  const result = await pinActions('.github/workflows/ci.yml', before, lock);
  assert.equal(result.text, before);
  assert.ok((result.skipped[0]?.line ?? 0) >= 3);
});
