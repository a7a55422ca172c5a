import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { runJob } from '../job.js';
import { engineSource } from './engine.js';

const gitIn = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });

function commitFiles(repo: string, files: Record<string, string>, message: string): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  gitIn(repo, 'add', '-A');
  gitIn(repo, 'commit', '-q', '-m', message);
}

const workflow = 'on: push\npermissions: read-all\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
const policy = [
  '# Security policy',
  '',
  'Report security bugs through https://hackerone.com/nodejs or by email to security@example.org.',
  'We acknowledge reports within 5 days and disclose vulnerabilities after a fix is released,',
  'following a coordinated disclosure process with a 90 day embargo. Supported versions are listed',
  'in the README. Please include the affected version and a proof of concept.',
].join('\n');

test('the local engine keeps clones up to date and scores them: a fix upstream shows as a moved check', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-engine-'));
  const remote = join(root, 'remote', 'nodejs', 'tool');
  mkdirSync(remote, { recursive: true });
  gitIn(remote, 'init', '-q');
  commitFiles(remote, { '.github/workflows/ci.yml': workflow, LICENSE: 'MIT License\n\nPermission is hereby granted, free of charge' }, 'initial');

  const files = { scope: join(root, 'scope.json'), database: join(root, 'database.json'), report: join(root, 'report.md') };
  writeFileSync(files.scope, JSON.stringify({ 'github.com': { nodejs: { included: ['tool', 'missing'], excluded: [] } } }));
  const opened = openSqliteStore(join(root, 'vigil.db'));
  const store = opened.monitor;
  try {
    const options = { directory: join(root, 'clones'), gitBaseUrl: `file://${join(root, 'remote')}`, depth: 50, now: new Date('2026-11-23T00:00:00Z') };
    const first = await runJob({ files, store, source: engineSource(options), parallelism: 2, now: new Date('2026-11-16T00:00:00Z') });
    const [tool, missing] = first.outcomes;
    assert.ok(tool!.ok, 'the clone was scored');
    assert.equal(missing!.ok, false, 'a repository that cannot be cloned fails alone');
    assert.match(missing!.ok ? '' : missing!.error, /^cannot clone file:\/\/.*\/nodejs\/missing \(renamed, deleted or private\?\): fatal: .*does not appear to be a git repository$/);
    const before = tool!.ok ? tool!.checks.find((check) => check.name === 'Security-Policy')!.score : NaN;

    commitFiles(remote, { 'SECURITY.md': policy }, 'add a security policy');
    const second = await runJob({ files, store, source: engineSource(options), parallelism: 2, now: new Date('2026-11-23T00:00:00Z') });
    const after = second.outcomes[0]!;
    assert.ok(after.ok);
    assert.equal(after.commit, gitIn(remote, 'rev-parse', 'HEAD').trim(), 'the clone was brought up to date');
    const moved = second.rows.find((row) => row.ref.repo === 'tool')!.moved.find((check) => check.name === 'Security-Policy');
    assert.ok(moved && moved.from === before && moved.to > before, `Security-Policy moved up (${JSON.stringify(moved)})`);
  } finally {
    await opened.close();
  }
});

test('monitor run (engine) and vigil scorecard give the same Vulnerabilities on the same commit, from the same store', async () => {
  const { fixtureAdvisories } = await import('../../review/__fixtures__/inventory.js');
  const { scoreRepository } = await import('../../scorecard/index.js');
  const root = mkdtempSync(join(tmpdir(), 'vigil-engine-vulns-'));
  const remote = join(root, 'remote', 'nodejs', 'app');
  mkdirSync(remote, { recursive: true });
  gitIn(remote, 'init', '-q');
  const lock = { name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: { semver: '7.5.1' } }, 'node_modules/semver': { version: '7.5.1' } } };
  commitFiles(remote, { 'package-lock.json': JSON.stringify(lock), 'package.json': '{"name":"app","dependencies":{"semver":"7.5.1"}}' }, 'initial');
  const files = { scope: join(root, 'scope.json'), database: join(root, 'database.json'), report: join(root, 'report.md') };
  writeFileSync(files.scope, JSON.stringify({ 'github.com': { nodejs: { included: ['app'], excluded: [] } } }));
  const opened = openSqliteStore(join(root, 'vigil.db'));
  try {
    const options = { directory: join(root, 'clones'), gitBaseUrl: `file://${join(root, 'remote')}`, depth: 50, now: new Date('2026-11-23T00:00:00Z') };
    const vulnerabilitiesOf = async () => {
      const run = await runJob({ files, store: opened.monitor, source: engineSource({ ...options, advisoryDb: (await opened.advisories.status()).advisories > 0 ? opened.advisories : undefined }), parallelism: 1, now: options.now });
      const outcome = run.outcomes[0];
      assert.ok(outcome?.ok);
      const engine = outcome.checks.find((check) => check.name === 'Vulnerabilities');
      const direct = (await scoreRepository(remote, { checks: ['Vulnerabilities'], advisoryDb: opened.advisories })).checks[0];
      return { engine, direct };
    };
    // An empty store: inconclusive in both (never "no vulnerabilities").
    const empty = await vulnerabilitiesOf();
    assert.equal(empty.engine?.score, -1);
    await opened.advisories.write({ id: 'test', kind: 'osv', location: 'fixture' }, fixtureAdvisories());
    const { engine, direct } = await vulnerabilitiesOf();
    assert.equal(engine?.score, 9);
    assert.deepEqual([engine?.score, engine?.reason], [direct?.score, direct?.reason]);
  } finally {
    await opened.close();
  }
});
