import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../../../test/fixtures.js';
import { directoryRepoView, memoryRepoView } from '../test-helpers.js';
import { evaluatePinnedDependencies, pinnedDependencies } from './pinned-dependencies.js';
import { isActionPinned } from '../collect/pinned-workflows.js';
import type { Dependency, PinningFacts } from '../pinning-types.js';
import { parseWorkflow } from '../workflow/parse.js';
import { unfixableFindings } from '../../harden/unfixable.js';

const raw = fixture('scorecard-testdata', 'checks', 'raw', 'testdata');
const checks = fixture('scorecard-testdata', 'checks', 'testdata');
const context = { now: new Date('2026-11-23T00:00:00Z') };

async function facts(root: string, path: string): Promise<PinningFacts> {
  return pinnedDependencies.collect(directoryRepoView(root, [path]), context);
}

function unpinned(f: PinningFacts, which: (d: Dependency) => boolean): number {
  return f.dependencies.filter((d) => !d.pinned && which(d)).length;
}
const actions = (d: Dependency): boolean => d.type === 'GitHubAction';
const images = (d: Dependency): boolean => d.type === 'containerImage';
const commands = (d: Dependency): boolean => d.type !== 'GitHubAction' && d.type !== 'containerImage';

// Unpinned counts asserted by ossf/scorecard checks/raw/pinned_dependencies_test.go (EXPECTED.md).
const workflowActions: [string, number][] = [
  ['github-workflow-empty.yaml', 0],
  ['github-workflow-comments.yaml', 0],
  ['workflow-pinned.yaml', 0],
  ['workflow-local-action.yaml', 0],
  ['workflow-not-pinned.yaml', 2],
  ['github-workflow-matrix-expression.yaml', 0],
  ['github-workflow-unknown-os.yaml', 2],
  ['workflow-anchor.yaml', 1],
  ['workflow-non-github-pinned.yaml', 0],
  ['workflow-mix-github-and-non-github-not-pinned.yaml', 2],
  ['workflow-mix-github-and-non-github-pinned.yaml', 0],
  ['workflow-mix-pinned-and-non-pinned-github.yaml', 1],
  ['workflow-mix-pinned-and-non-pinned-non-github.yaml', 1],
];
for (const [file, count] of workflowActions) {
  test(`Pinned-Dependencies: actions in ${file}: ${count} unpinned`, async () => {
    assert.equal(unpinned(await facts(raw, `.github/workflows/${file}`), actions), count);
  });
}

const runSteps: [string, number, number][] = [
  ['github-workflow-pkg-managers.yaml', 52, 0],
  ['github-workflow-curl-default.yaml', 1, 0],
  ['github-workflow-curl-no-default.yaml', 1, 0],
  ['github-workflow-wget-across-steps.yaml', 2, 0],
  ['github-workflow-unknown-os.yaml', 1, 1],
];
for (const [file, count, errors] of runSteps) {
  test(`Pinned-Dependencies: run steps of ${file}: ${count} unpinned, ${errors} processing error(s)`, async () => {
    const f = await facts(raw, `.github/workflows/${file}`);
    assert.equal(unpinned(f, commands), count);
    assert.equal(f.errors.length, errors);
  });
}

test('Pinned-Dependencies: run-step findings carry Scorecard lines and snippets', async () => {
  const f = await facts(raw, '.github/workflows/github-workflow-download-lines.yaml');
  const found = f.dependencies.filter(commands).map((d) => [d.snippet, d.line, d.endLine]);
  for (const expected of [['bash /tmp/file', 27, 27], ['/tmp/file2', 29, 29], ['curl bla | bash', 32, 32]]) {
    assert.ok(found.some((d) => JSON.stringify(d) === JSON.stringify(expected)), `${JSON.stringify(expected)} in ${JSON.stringify(found)}`);
  }
});

test('Pinned-Dependencies: which uses: values are pinned', () => {
  const table: [string, boolean][] = [
    ['actions/checkout@v3', false],
    ['actions/checkout@v3.2.0', false],
    ['actions/checkout@main', false],
    ['actions/aws@v2.0.1', false],
    ['actions/aws/ec2@main', false],
    ['actions/checkout@a81bbbf', false],
    ['actions/checkout@a81bbbf8298c0fa03ea29cdc473d45769f953675', true],
    ['./.github/uses.yml', true],
    ['docker://gcr.io/distroless/static-debian11@sha256:9e6f8952f12974d088f648ed6252ea1887cdd8641719c8acd36bf6d2537e71c0', true],
    ['docker://gcr.io/distroless/static-debian11:sha256-3876708467ad6f38f263774aa107d331e8de6558a2874aa223b96fc0d9dfc820.sig', false],
    ['docker://rhysd/actionlint:latest', false],
    ['docker://rhysd/actionlint:latest@sha256:5f957b2a08d223e48133e1a914ed046bea12e578fe2f6ae4de47fdbe691a2468', true],
  ];
  for (const [uses, pinned] of table) assert.equal(isActionPinned(uses), pinned, uses);
});

test('Pinned-Dependencies: job-level reusable workflows count as actions', async () => {
  const f = await facts(raw, '.github/workflows/github-workflow-job-uses.yaml');
  assert.ok(f.dependencies.some((d) => d.type === 'GitHubAction' && d.snippet.includes('.github/workflows/')));
});

const dockerImages: [string, number][] = [
  ['Dockerfile-invalid', 0],
  ['Dockerfile-empty', 0],
  ['Dockerfile-comments', 0],
  ['Dockerfile-pinned', 0],
  ['Dockerfile-pinned-as', 0],
  ['Dockerfile-from-scratch', 0],
  ['Dockerfile-not-pinned-as', 2],
  ['vendor/Dockerfile-not-pinned-as', 0],
  ['Dockerfile-not-pinned', 1],
  ['Dockerfile-not-pinned-as-simple', 1],
  ['Dockerfile-not-pinned-with-parser-error', 1],
  ['Dockerfile-pinned-arg', 0],
  ['Dockerfile-pinned-as-without-hash', 4],
  ['Dockerfile-args', 2],
];
for (const [file, count] of dockerImages) {
  test(`Pinned-Dependencies: FROM images of ${file}: ${count} unpinned`, async () => {
    assert.equal(unpinned(await facts(raw, file), images), count);
  });
}

const dockerRuns: [string, number, number][] = [
  ['Dockerfile-curl-sh', 5, 0],
  ['Dockerfile-empty', 0, 0],
  ['Dockerfile-comments', 0, 0],
  ['Dockerfile-wget-bin-sh', 4, 0],
  ['Dockerfile-script-ok', 0, 0],
  ['Dockerfile-curl-file-sh', 12, 0],
  ['Dockerfile-proc-subs', 6, 0],
  ['Dockerfile-wget-file', 10, 0],
  ['Dockerfile-gsutil-file', 17, 0],
  ['Dockerfile-aws-file', 15, 0],
  ['Dockerfile-pkg-managers', 63, 0],
  ['Dockerfile-some-python', 1, 0],
  ['Dockerfile-not-pinned-with-parser-error', 2, 1],
  ['Dockerfile-no-curl-sh', 0, 0],
  ['Dockerfile-no-curl-sh-with-parser-error', 0, 1],
];
for (const [file, count, errors] of dockerRuns) {
  test(`Pinned-Dependencies: RUN lines of ${file}: ${count} unpinned, ${errors} processing error(s)`, { skip: !existsSync(join(raw, file)) && 'not in the fixture' }, async () => {
    const f = await facts(raw, file);
    assert.equal(unpinned(f, commands), count);
    assert.equal(f.errors.length, errors);
  });
}

test('Pinned-Dependencies: Dockerfile RUN lines and heredocs carry Scorecard lines', async () => {
  const lines = await facts(raw, 'Dockerfile-download-lines');
  const found = lines.dependencies.map((d) => `${d.line}-${d.endLine} ${d.type} ${d.snippet}`);
  assert.ok(found.includes('35-36 downloadThenRun curl bla | bash'), found.join('\n'));
  assert.ok(found.includes('41-42 pipCommand pip install -r requirements.txt'));
  assert.ok(found.includes('49-49 pipCommand pip install --no-deps -e git+https://github.com/username/repo.git'));

  const heredoc = await facts(raw, 'Dockerfile-download-heredoc');
  assert.equal(heredoc.errors.length, 1);
  const got = heredoc.dependencies.filter(commands).map((d) => `${d.line}-${d.endLine} ${d.pinned} ${d.snippet}`);
  const v1 = 'pip install --no-deps -e git+https://github.com/username/repo.git@v1.0#egg=package';
  const sha = 'pip install --no-deps -e git+https://github.com/username/repo.git@0123456789abcdef0123456789abcdef01234567';
  for (const expected of [`20-20 false ${v1}`, `24-24 true ${sha}`, '28-28 false curl bla | bash', `32-32 true ${sha}`, `36-36 false ${v1}`, '38-38 false curl bla | bash']) {
    assert.ok(got.includes(expected), `${expected} in\n${got.join('\n')}`);
  }
});

test('Pinned-Dependencies: RUN [] is a processing error, not a crash', async () => {
  const f = await facts(raw, 'Dockerfile-empty-run-array');
  assert.equal(f.errors.length, 1);
});

const scripts: [string, string, number, number][] = [
  [checks, 'script-sh', 7, 0],
  [raw, 'script-empty.sh', 0, 0],
  [raw, 'script-comments.sh', 0, 0],
  [raw, 'script-bash', 11, 0],
  [checks, 'script.sh', 7, 0],
  [raw, 'script-pkg-managers', 56, 0],
  [raw, 'script-invalid.sh', 0, 1],
  [raw, 'script-wget-pinned', 0, 0],
  [raw, 'script-free-from-download.sh', 0, 0],
];
for (const [root, file, count, errors] of scripts) {
  test(`Pinned-Dependencies: script ${file}: ${count} unpinned, ${errors} processing error(s)`, async () => {
    const f = await facts(root, file);
    assert.equal(unpinned(f, commands), count);
    assert.equal(f.errors.length, errors);
  });
}

test('Pinned-Dependencies: shell script findings carry Scorecard lines and snippets', async () => {
  const f = await facts(raw, 'shell-download-lines.sh');
  const found = f.dependencies.map((d) => `${d.line} ${d.snippet}`);
  for (const expected of ['6 bash /tmp/file', '11 curl bla | bash', '18 bash <(wget -qO- http://website.com/my-script.sh)', '20 bash <(wget -qO- http://website.com/my-script.sh)', '26 pip install -r requirements.txt', '28 curl bla | bash', "30 choco install 'some-package'", '59 nuget install some-package', '70 curl -sSL https://dot.net/v1/dotnet-install.sh | bash /dev/stdin']) {
    assert.ok(found.includes(expected), expected);
  }
});

test('Pinned-Dependencies: which files are shell scripts (shebang first, then extension)', async () => {
  const expectations: [string, boolean][] = [
    ['shell_file_awk_shebang.sh', false],
    ['shell_file_bash_shebang1.sh', true],
    ['shell_file_bash_shebang2.sh', true],
    ['shell_file_bash_shebang3.sh', true],
    ['shell_file_mksh_shebang.sh', true],
    ['shell_file_no_shebang.sh', true],
    ['shell_file_sh_shebang.sh', true],
    ['shell_file_zsh_shebang.sh', false],
  ];
  const { isSupportedShellScript } = await import('../collect/shell-scripts.js');
  const { readFileSync } = await import('node:fs');
  for (const [file, expected] of expectations) assert.equal(isSupportedShellScript(file, readFileSync(join(raw, file), 'utf8')), expected, file);
});

// Scoring, as checks/evaluation/pinned_dependencies.go computes it.
function dep(type: Dependency['type'], pinned: boolean, snippet = 'x'): Dependency {
  return { type, pinned, snippet, path: 'f', line: 1, endLine: 1 };
}

test('Pinned-Dependencies score: no dependencies is inconclusive', () => {
  assert.equal(evaluatePinnedDependencies({ dependencies: [], errors: [] }).score, -1);
  assert.equal(evaluatePinnedDependencies({ dependencies: [], errors: [{ path: 'a', message: 'x' }] }).score, -1);
});

test('Pinned-Dependencies score: GitHub-owned and third-party actions weigh 2 and 8 when both appear', () => {
  const both = evaluatePinnedDependencies({ dependencies: [dep('GitHubAction', true, 'actions/checkout@abc'), dep('GitHubAction', false, 'other/action@v1')], errors: [] });
  assert.equal(both.score, 2);
  const onlyGitHub = evaluatePinnedDependencies({ dependencies: [dep('GitHubAction', true, 'actions/a@x'), dep('GitHubAction', false, 'github/b@v1')], errors: [] });
  assert.equal(onlyGitHub.score, 5);
});

test('Pinned-Dependencies score: each dependency counts, integer division', () => {
  const result = evaluatePinnedDependencies({
    dependencies: [dep('pipCommand', true), dep('pipCommand', false), dep('npmCommand', false), dep('containerImage', true)],
    errors: [],
  });
  assert.equal(result.score, 5);
  assert.equal(result.reason, 'dependency not pinned by hash detected -- score normalized to 5');
  assert.equal(result.details.filter((d) => d.type === 'Warn').length, 2);
  assert.equal(evaluatePinnedDependencies({ dependencies: [dep('pipCommand', true)], errors: [] }).reason, 'all dependencies are pinned');
});

test('Pinned-Dependencies: invalid workflow YAML is reported and the rest still scores', async () => {
  const view = memoryRepoView({
    '.github/workflows/bad.yml': 'jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n     bad: [\n',
    'Dockerfile': 'FROM node:20\n',
  });
  const result = pinnedDependencies.evaluate(await pinnedDependencies.collect(view, context), context);
  assert.equal(result.score, 0);
  assert.ok(result.details.some((d) => d.path === '.github/workflows/bad.yml' && (d.line ?? 0) > 0));
});

test('Pinned-Dependencies: files no rule needs are never read', async () => {
  const view = memoryRepoView({ 'src/index.js': 'x', 'README.md': '# hi', 'build.sh': '#!/bin/sh\ncurl x | sh\n' });
  await pinnedDependencies.collect(view, context);
  assert.deepEqual(view.reads, ['build.sh']);
});

test('Pinned-Dependencies: every line and snippet Scorecard asserts for RUN lines, heredocs and scripts', async () => {
  const { readFileSync } = await import('node:fs');
  const expectations = JSON.parse(readFileSync(join(import.meta.dirname, '__fixtures__', 'scorecard-line-expectations.json'), 'utf8')) as {
    files: Record<string, [string, number, number, string, boolean?][]>;
  };
  for (const [file, expected] of Object.entries(expectations.files)) {
    const f = await facts(raw, file);
    for (const [snippet, line, endLine, type, pinned] of expected) {
      const found = f.dependencies.some(
        (d) => d.snippet === snippet && d.line === line && d.endLine === endLine && d.type === type && (pinned === undefined || d.pinned === pinned),
      );
      assert.ok(found, `${file}: ${line}-${endLine} ${type} ${snippet}`);
    }
  }
});

test('Pinned-Dependencies: huge and binary files named like scripts are not parsed', async () => {
  const huge = `#!/bin/sh\n${'echo x\n'.repeat(200_000)}curl x | sh\n`;
  const view = memoryRepoView({ 'huge.sh': huge, 'blob.sh': Buffer.from([0x23, 0x21, 0x2f, 0x62, 0x69, 0x6e, 0x2f, 0x73, 0x68, 0x0a, 0x00, 0x01]) });
  const f = await pinnedDependencies.collect(view, context);
  assert.equal(f.dependencies.length, 0);
  assert.match(f.errors[0]?.message ?? '', /huge|bytes not analysed/);
  assert.ok(!view.reads.includes('huge.sh'));
});

test('Pinned-Dependencies: a single-line run: step is found on its own line, a block below its |', async () => {
  // Shaped like nodejs/node-addon-api's ci.yml (a one-line `run:`) and a `run: |` block.
  const workflow = [
    'on: push', // 1
    'jobs:', // 2
    '  test:', // 3
    '    runs-on: ubuntu-latest', // 4
    '    steps:', // 5
    '      - name: Use node-gyp@13', // 6
    '        run: npm install --no-save node-gyp@13', // 7
    '      - run: |', // 8
    '          echo start', // 9
    '          pip install gcovr', // 10
    '      - run: "curl -sSL https://example.com/x.sh | bash"', // 11
    '      - run: "if true; then"', // 12
    '',
  ].join('\n');
  const view = memoryRepoView({ '.github/workflows/ci.yml': workflow });
  const f = (await pinnedDependencies.collect(view, { now: new Date(0) })) as PinningFacts;
  assert.deepEqual(
    f.dependencies.filter(commands).map((d) => [d.snippet, d.line, d.endLine]),
    [
      ['npm install --no-save node-gyp@13', 7, 7],
      ['pip install gcovr', 10, 10],
      ['curl -sSL https://example.com/x.sh | bash', 11, 11],
    ],
  );
  assert.deepEqual(f.errors.map((e) => [e.line, e.endLine]), [[12, 12]]);
  // harden reports the same lines for what it cannot fix.
  const parsed = parseWorkflow('.github/workflows/ci.yml', workflow);
  assert.ok(parsed.ok);
  const skips = await unfixableFindings([parsed.workflow], {});
  assert.deepEqual(skips.map((s) => s.line), [7, 10, 11]);
});
