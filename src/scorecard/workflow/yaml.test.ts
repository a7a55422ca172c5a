import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWorkflowYaml } from './yaml.js';
import { parseWorkflow } from './parse.js';

// Shapes found in real workflow histories (bench/scorecard-parsers/workflow-corpus.sh), each
// checked against go-yaml v3 (bench/scorecard-parsers/yaml-oracle).

test('a quoted scalar continued on a less-indented line is accepted, value and lines kept', () => {
  const text = [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: "npm ci &&',
    '  npm test"',
    "      - run: 'echo one",
    "two'",
    '      - uses: actions/checkout@v4',
    '',
  ].join('\n');
  const parsed = parseWorkflow('.github/workflows/ci.yml', text);
  assert.ok(parsed.ok);
  const steps = parsed.workflow.jobs[0]?.steps ?? [];
  assert.deepEqual(
    steps.map((s) => [s.line, s.run?.value ?? s.uses?.value, s.run?.line ?? s.uses?.line]),
    [
      [6, 'npm ci && npm test', 6],
      [8, 'echo one two', 8],
      [10, 'actions/checkout@v4', 10],
    ],
  );
});

test('only the first document is read, as yaml.Unmarshal does', () => {
  const read = readWorkflowYaml('on: push\njobs: {}\n---\nbroken: [\n');
  assert.ok(read.ok);
});

test('content a root node cannot continue ends the document (go-yaml accepts, reads nothing more)', () => {
  // actions/runner history: a workflow saved with its first line quoted.
  const quoted = readWorkflowYaml('"name: Lint"\n\non:\n  pull_request:\n');
  assert.ok(quoted.ok);
  assert.equal(quoted.doc.toJS(), 'name: Lint');
  // A step pasted at column 12, then the rest of it at column 2.
  const pasted = readWorkflowYaml('            - name: Upload\n  uses: actions/upload-artifact@v4\n');
  assert.ok(pasted.ok);
  assert.deepEqual(pasted.doc.toJS(), [{ name: 'Upload' }]);
});

test('what go-yaml rejects stays invalid, with the line', () => {
  const unknown = parseWorkflow('w.yml', 'on: push\njobs:\n  a: *missing\n');
  assert.ok(!unknown.ok);
  assert.equal(unknown.problem.line, 3);
  assert.match(unknown.problem.message, /unknown anchor 'missing'/);
  // Defined before use is fine; a later definition is not.
  assert.ok(readWorkflowYaml('x: &a 1\ny: *a\n').ok);
  assert.ok(!readWorkflowYaml('y: *a\nx: &a 1\n').ok);
  // An unclosed quote, a tab as indentation, a mapping broken mid-way.
  assert.ok(!readWorkflowYaml('on: push\nrun: "echo\n').ok);
  assert.ok(!readWorkflowYaml('on:\n\tpush: {}\n').ok);
  assert.ok(!readWorkflowYaml('on: push\njobs:\n  a:\n    steps: [\n').ok);
  const plain = parseWorkflow('w.yml', 'jobs:\n  a:\n    run: echo\n  hi\n');
  assert.ok(!plain.ok);
  assert.equal(plain.problem.line, 4);
});

test('duplicate keys are accepted (go-yaml does not check them when decoding to a node)', () => {
  assert.ok(readWorkflowYaml('on: push\non: pull_request\n').ok);
});
