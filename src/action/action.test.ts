import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { fixture, projectRoot } from '../../test/fixtures.js';
import { planInvocation, splitArgs } from './invocation.js';

/**
 * @action-validator/core validates against SchemaStore's github-action.json and
 * github-workflow.json, which it embeds (mpalmer/action-validator vendors SchemaStore). A dev
 * dependency only: GPL-3.0, never shipped with vigil.
 */
const validator = createRequire(import.meta.url)('@action-validator/core') as {
  validateAction(text: string): { errors: unknown[] };
  validateWorkflow(text: string): { errors: unknown[] };
};

const actionText = readFileSync(join(projectRoot, 'action.yml'), 'utf8');
const workflows = readdirSync(join(projectRoot, 'docs', 'workflows')).filter((file) => file.endsWith('.yml'));

describe('the GitHub Action', () => {
  it('action.yml and every example workflow validate against the published schemas (and a broken one does not)', () => {
    assert.deepEqual(validator.validateAction(actionText).errors, []);
    assert.ok(workflows.length >= 3, workflows.join());
    for (const file of workflows) assert.deepEqual(validator.validateWorkflow(readFileSync(join(projectRoot, 'docs', 'workflows', file), 'utf8')).errors, [], file);
    assert.notDeepEqual(validator.validateAction(actionText.replace('using: composite', 'using: compost')).errors, [], 'the validator rejects a bad runs.using');
    assert.notDeepEqual(validator.validateWorkflow('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n').errors, []);
  });

  it('every input reaches the entry point, and every third-party action is pinned to a commit', () => {
    const action = parse(actionText) as { inputs: Record<string, unknown>; runs: { steps: { id?: string; env?: Record<string, string>; uses?: string }[] } };
    const step = action.runs.steps.find((entry) => entry.id === 'vigil')!;
    const passed = Object.values(step.env ?? {}).map((value) => /inputs\.([\w-]+)/.exec(value)?.[1]);
    for (const name of Object.keys(action.inputs).filter((name) => !['working-directory', 'cache-store', 'upload-store', 'node-version'].includes(name))) assert.ok(passed.includes(name), `input ${name} is passed to the entry point`);
    const uses = [actionText, ...workflows.map((file) => readFileSync(join(projectRoot, 'docs', 'workflows', file), 'utf8'))].flatMap((text) => [...text.matchAll(/uses:\s*(\S+)/g)].map((match) => match[1]!));
    for (const ref of uses.filter((ref) => !ref.startsWith('your-org/vigil@'))) assert.match(ref, /@[0-9a-f]{40}$/, `${ref} is pinned by SHA`);
  });

  it('splits args like a shell for words and quotes, and runs nothing', () => {
    assert.deepEqual(splitArgs(`--ref main --ref "v22.x" --now '2026-11-23' a\\ b $(rm -rf /)`), ['--ref', 'main', '--ref', 'v22.x', '--now', '2026-11-23', 'a b', '$(rm', '-rf', '/)']);
    assert.throws(() => splitArgs('--ref "main'), /unclosed " quote/);
    const plan = planInvocation({ command: 'review', args: '', db: 'postgres://vigil:hunter2@db/vigil', format: '', output: '', failOn: 'high', githubToken: 'ghs_token', env: { INPUT_GITHUB_TOKEN: 'ghs_token', PATH: '/bin' } });
    assert.deepEqual(plan.argv, ['review', '--fail-on', 'high', '--db', 'postgres://vigil:hunter2@db/vigil']);
    assert.ok(!plan.argv.some((arg) => arg.includes('ghs_token')), 'the token is not on the command line');
    assert.equal(plan.env.GITHUB_TOKEN, 'ghs_token');
    assert.equal(plan.env.INPUT_GITHUB_TOKEN, undefined);
    assert.equal(plan.store, 'postgres://vigil:***@db/vigil');
    assert.throws(() => planInvocation({ command: 'serve', args: '', db: '', format: '', output: '', failOn: '', githubToken: '', env: {} }), /input command: expected one of/);
  });

  it('runs as Actions runs it: INPUT_* variables in, the report written, outputs in the GITHUB_OUTPUT file, the exit code kept', () => {
    const work = mkdtempSync(join(tmpdir(), 'vigil-action-'));
    const db = join(work, '.vigil-store', 'vigil.db');
    const vigil = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: work } });
    assert.equal(vigil('db', 'import', fixture('security-wg', 'vuln'), '--db', db).status, 0);
    const outputFile = join(work, 'github-output');
    const action = (inputs: Record<string, string>) =>
      // tsx by URL: the step runs in the workspace, where `tsx` does not resolve.
      spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src', 'action', 'main.ts')], {
        cwd: work,
        encoding: 'utf8',
        // As a node action receives them: upper case, dashes kept.
        env: { PATH: process.env.PATH, HOME: work, XDG_CONFIG_HOME: work, GITHUB_OUTPUT: outputFile, GITHUB_ACTIONS: 'true', ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])) },
      });
    const run = action({ command: 'review', args: `"${fixture('node-tree')}" --now 2026-11-23`, db, format: 'json', output: 'report.json', 'fail-on': 'high' });
    assert.equal(run.status, 1, `findings over --fail-on high keep exit code 1: ${run.stderr}`);
    const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as { targets: { findings: { id: string }[] }[] };
    assert.ok(report.targets[0]!.findings.some((finding) => finding.id === 'CVE-2024-27980'));
    const outputs = Object.fromEntries([...readFileSync(outputFile, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)].map((match) => [match[1], match[3]]));
    assert.deepEqual(outputs, { 'exit-code': '1', report: join(work, 'report.json'), store: db });
    const bad = action({ command: 'serve' });
    assert.equal(bad.status, 2);
    assert.match(bad.stdout, /^::error title=vigil action::input command: expected one of review/m);
  });
});
