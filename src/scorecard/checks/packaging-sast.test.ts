import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { packagingJob } from '../collect/packaging.js';
import { parseWorkflow, type ParsedWorkflow } from '../collect/workflows.js';
import { memoryView } from '../memory-view.js';
import { dependencyUpdateTool } from './dependency-update-tool.js';
import { fuzzing } from './fuzzing.js';
import { packaging } from './packaging.js';
import { sast } from './sast.js';

const context = { now: new Date() };
const workflowsDir = fixture('scorecard-testdata', 'checks', 'testdata', '.github', 'workflows');
const rawWorkflowsDir = fixture('scorecard-testdata', 'checks', 'raw', 'testdata', '.github', 'workflows');
const text = (dir: string, name: string): string => readFileSync(`${dir}/${name}`, 'utf8');
const parsed = (dir: string, name: string): ParsedWorkflow => parseWorkflow(`.github/workflows/${name}`, text(dir, name)) as ParsedWorkflow;

describe('Packaging (checks/fileparser/github_workflow_test.go TestIsPackagingWorkflow)', () => {
  const cases: [string, boolean][] = [
    ['npm', true], ['npm-github', false], ['maven', true], ['maven-multi-line', true], ['gradle', true], ['sbt-ci-release', true], ['gem', true],
    ['nuget', true], ['docker-action', true], ['docker-push', true], ['pypi', true], ['pypi-minimal', true], ['pypi-failing', false],
    ['python-semantic-release', true], ['go', true], ['cargo', true], ['semantic-release', true], ['elixir', true],
  ];
  for (const [name, expected] of cases) {
    it(`github-workflow-packaging-${name}.yaml is ${expected ? '' : 'not '}a packaging workflow`, () => {
      assert.equal(packagingJob(parsed(workflowsDir, `github-workflow-packaging-${name}.yaml`)) !== null, expected);
    });
  }

  it('scores 10 with a publishing workflow and −1, never 0, without', async () => {
    const yes = memoryView({ '.github/workflows/release.yml': text(workflowsDir, 'github-workflow-packaging-npm.yaml') });
    assert.equal(packaging.evaluate(await packaging.collect(yes, context), context).score, 10);
    const no = memoryView({ '.github/workflows/ci.yml': text(workflowsDir, 'github-workflow-packaging-npm-github.yaml') });
    assert.equal(packaging.evaluate(await packaging.collect(no, context), context).score, -1);
  });

  it('reports an invalid workflow with its line and still scores the others', async () => {
    const view = memoryView({ '.github/workflows/bad.yml': 'on: push\njobs:\n  a: [\n', '.github/workflows/release.yml': text(workflowsDir, 'github-workflow-packaging-npm.yaml') });
    const result = packaging.evaluate(await packaging.collect(view, context), context);
    assert.equal(result.score, 10);
    const problem = result.details.find((detail) => detail.path === '.github/workflows/bad.yml');
    assert.equal(problem?.type, 'Debug');
    assert.ok((problem?.line ?? 0) >= 3);
  });
});

describe('SAST (checks/raw/sast_test.go, checks/sast_test.go without commits)', () => {
  const score = async (files: Record<string, string>) => sast.evaluate(await sast.collect(memoryView(files), context), context);
  it('finds CodeQL, Snyk, Pysa, Qodana and Hadolint workflows', async () => {
    assert.equal((await score({ '.github/workflows/a.yml': text(workflowsDir, 'github-workflow-sast-codeql.yaml') })).score, 10);
    assert.equal((await score({ '.github/workflows/a.yml': text(workflowsDir, 'airflow-codeql-workflow.yaml') })).reason, 'SAST tool detected: CodeQL');
    for (const name of ['github-workflow-snyk.yaml', 'github-pysa-workflow.yaml', 'github-qodana-workflow.yaml', 'github-hadolint-workflow.yaml']) {
      const result = await score({ '.github/workflows/a.yml': text(rawWorkflowsDir, name) });
      assert.equal(result.score, 10, name);
      assert.equal(result.reason, 'SAST tool detected', name);
    }
  });

  it('scores 0 without a SAST tool, and finds Sonar in pom.xml', async () => {
    assert.equal((await score({ '.github/workflows/a.yml': text(workflowsDir, 'github-workflow-sast-no-codeql.yaml') })).score, 0);
    const sonar = await score({ 'pom.xml': text(rawWorkflowsDir, 'pom.xml') });
    assert.equal(sonar.score, 10);
    assert.equal(sonar.details[0]?.message, 'SAST configuration detected: Sonar');
  });

  it('weighs run ratio 3 and CodeQL 7 when the forge gives merged pull requests (Airflow case: 7)', () => {
    const result = sast.evaluate({ configs: [{ tool: 'CodeQL', path: '.github/workflows/a.yml', line: 1 }], commits: [{ sha: 'a', compliant: false }], problems: [] }, context);
    assert.equal(result.score, 7);
    const none = sast.evaluate({ configs: [], commits: [{ sha: 'a', compliant: true }, { sha: 'b', compliant: false }], problems: [] }, context);
    assert.equal(none.score, 5);
  });
});

describe('Dependency-Update-Tool and Fuzzing', () => {
  it('detects Dependabot, Renovate and scala-steward by file name only', async () => {
    for (const path of ['.github/dependabot.yml', '.github/DEPENDABOT.yaml', 'renovate.json5', '.renovaterc', '.config/scala-steward.conf']) {
      assert.equal(dependencyUpdateTool.evaluate(await dependencyUpdateTool.collect(memoryView({ [path]: '' }), context), context).score, 10, path);
    }
    assert.equal(dependencyUpdateTool.evaluate(await dependencyUpdateTool.collect(memoryView({ 'docs/renovate.json': '' }), context), context).score, 0);
  });

  it('finds fast-check property tests, libFuzzer targets and ClusterFuzzLite', async () => {
    const score = async (files: Record<string, string>) => fuzzing.evaluate(await fuzzing.collect(memoryView(files), context), context);
    assert.equal((await score({ 'test/a.test.js': "const fc = require('fast-check')\n" })).score, 10);
    assert.equal((await score({ 'test/a.test.ts': "import fc from 'fast-check';\n" })).details[0]?.line, 1);
    assert.equal((await score({ 'fuzz/f.cc': 'extern "C" int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) {}' })).score, 10);
    assert.equal((await score({ '.clusterfuzzlite/Dockerfile': '# only a comment\n' })).score, 0);
    assert.equal((await score({ '.clusterfuzzlite/Dockerfile': 'FROM gcr.io/oss-fuzz-base/base-builder\n' })).score, 10);
    assert.equal((await score({ 'src/a.js': 'console.log(1)' })).score, 0);
    // A file over 8 MB named like source is skipped, not read.
    const huge = memoryView({ 'dist/bundle.js': `${' '.repeat(9 * 1024 * 1024)}require('fast-check')` });
    assert.equal(fuzzing.evaluate(await fuzzing.collect(huge, context), context).score, 0);
  });
});
