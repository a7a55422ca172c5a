import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { fixture, projectRoot } from '../../../test/fixtures.js';
import { startFakeScorecardGitHub } from '../../../test/fake-github-scorecard.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openAdvisoryStore } from '../../advisories/index.js';
import { fixtureAdvisories } from '../../review/__fixtures__/inventory.js';

const run = promisify(execFile);
/** The CLI in a child process; async so that a fake server in this process can answer it. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, env: { ...process.env, NO_COLOR: '1', GITHUB_TOKEN: '', GH_TOKEN: '', VIGIL_GITHUB_TOKEN: '', ...env } });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { status: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('vigil scorecard', () => {
  it('prints a table for a directory, with forge checks left out of the aggregate without a token', async () => {
    const result = await cli(['scorecard', fixture('workflows', 'llhttp')]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Aggregate score: \d+\.\d \/ 10/);
    assert.match(result.stdout, /\?\s+Branch-Protection\s+High\s+forge\s+needs the GitHub API/);
    assert.match(result.stdout, /10\s+Dependency-Update-Tool/);
  });

  it('writes Scorecard JSON v2 and rejects unknown checks and formats', async () => {
    const json = await cli(['scorecard', fixture('workflows', 'llhttp'), '--format', 'json', '--checks', 'SAST,license']);
    assert.equal(json.status, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as { checks: { name: string; score: number }[] };
    assert.deepEqual(parsed.checks.map((check) => check.name), ['License', 'SAST']);
    assert.equal((await cli(['scorecard', '.', '--checks', 'Nope'])).status, 2);
    assert.equal((await cli(['scorecard', '.', '--format', 'xml'])).status, 2);
    const badDate = await cli(['scorecard', '.', '--now', 'yesterday']);
    assert.equal(badDate.status, 2);
    assert.match(badDate.stderr, /--now "yesterday": not a date/);
  });

  it('scores owner/repo on the forge alone when a token is given, and refuses without one', async () => {
    assert.equal((await cli(['scorecard', 'nodejs/undici'])).status, 2);
    const server = await startFakeScorecardGitHub({
      'nodejs/undici': {
        repository: { isArchived: true, createdAt: '2018-01-01T00:00:00Z', defaultBranchRef: { name: 'main', refUpdateRule: null, branchProtectionRule: null, target: { history: { nodes: [] } } }, issues: { nodes: [] } },
        branches: {},
        releases: [],
        contributors: [],
        users: {},
        hooks: [],
        bestPractices: [],
      },
    });
    try {
      const result = await cli(['scorecard', 'nodejs/undici', '--format', 'json', '--show-details'], { GITHUB_TOKEN: 'secret-token', VIGIL_GITHUB_API_URL: server.url, VIGIL_BESTPRACTICES_URL: server.url });
      assert.equal(result.status, 0, result.stderr);
      assert.doesNotMatch(result.stdout + result.stderr, /secret-token/);
      const parsed = JSON.parse(result.stdout) as { checks: { name: string; score: number; reason: string }[] };
      assert.equal(parsed.checks.find((check) => check.name === 'Maintained')?.reason, 'project is archived');
      assert.equal(parsed.checks.some((check) => check.name === 'License'), false);
    } finally {
      await server.close();
    }
  });

  it('names an invalid workflow with its line, scores the others, and keeps Debug details out of the table', async () => {
    const project = mkdtempSync(join(tmpdir(), 'vigil-scorecard-bad-yaml-'));
    execFileSync('git', ['init', '-q', '-b', 'main', project]);
    mkdirSync(join(project, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(project, '.github', 'workflows', 'bad.yml'), 'on: push\njobs:\n  a:\n    steps:\n      - run: echo hi\n     bad: [\n');
    writeFileSync(join(project, '.github', 'workflows', 'ok.yml'), 'on: push\npermissions: read-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n');
    execFileSync('git', ['add', '.'], { cwd: project });
    execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '-m', 'init'], { cwd: project });
    const result = await cli(['scorecard', project, '--checks', 'Token-Permissions,Pinned-Dependencies', '--show-details']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /problem: \.github\/workflows\/bad\.yml:6: workflow not parsed: .*line 6/);
    assert.match(result.stdout, /10\s+Token-Permissions/);
    assert.match(result.stdout, /GitHub-owned GitHubAction not pinned by hash: \.github\/workflows\/ok\.yml:7/);
    assert.doesNotMatch(result.stdout, /Debug:|::/);
  });

  it('reviews the clone against the advisory store for Vulnerabilities (--db), and is inconclusive without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-scorecard-cli-'));
    const project = join(dir, 'app');
    execFileSync('git', ['init', '-q', '-b', 'main', project]);
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: { semver: '7.5.1' } }, 'node_modules/semver': { version: '7.5.1' } } }));
    execFileSync('git', ['add', '.'], { cwd: project });
    execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '-m', 'init'], { cwd: project });
    const db = join(dir, 'vigil.db');
    const none = await cli(['scorecard', project, '--checks', 'Vulnerabilities', '--format', 'json', '--db', db]);
    assert.equal((JSON.parse(none.stdout) as { checks: { score: number }[] }).checks[0]?.score, -1);
    const store = await openAdvisoryStore(db);
    await store.write({ id: 'test', kind: 'osv', location: 'fixture' }, fixtureAdvisories());
    await store.close();
    const result = await cli(['scorecard', project, '--checks', 'Vulnerabilities', '--format', 'json', '--db', db]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { checks: { score: number }[] }).checks[0]?.score, 9);
  });

  // A clone whose origin is on GitHub, scored with a token while GitHub fails three ways.
  it('makes forge checks inconclusive with one warning per failing host and exit 2 (5xx, refused, DNS), retries only under --verbose', async () => {
    const project = mkdtempSync(join(tmpdir(), 'vigil-scorecard-forge-down-'));
    execFileSync('git', ['init', '-q', '-b', 'main', project]);
    writeFileSync(join(project, 'LICENSE'), 'MIT License\n');
    execFileSync('git', ['add', '.'], { cwd: project });
    execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '-m', 'init'], { cwd: project });
    execFileSync('git', ['remote', 'add', 'origin', 'https://github.com/example/app.git'], { cwd: project });
    const failing = createServer((request, response) => {
      request.resume();
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"Service Unavailable"}');
    });
    await new Promise<void>((done) => failing.listen(0, '127.0.0.1', done));
    const down = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const refused = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((done) => closed.close(() => done()));
    const checks = ['--checks', 'License,Branch-Protection,Maintained,CII-Best-Practices', '--format', 'json'];
    try {
      for (const [api, host] of [[down, new URL(down).host], [refused, new URL(refused).host], ['http://vigil-no-such-host.invalid', 'vigil-no-such-host.invalid']] as const) {
        const result = await cli(['scorecard', project, ...checks], { GITHUB_TOKEN: 'secret-token', VIGIL_GITHUB_API_URL: api, VIGIL_BESTPRACTICES_URL: api });
        assert.equal(result.status, 2, `${api}: ${result.stderr}`);
        assert.doesNotMatch(result.stdout + result.stderr, /secret-token/);
        const parsed = JSON.parse(result.stdout) as { score: number; checks: { name: string; score: number; reason: string }[] };
        const byName = new Map(parsed.checks.map((check) => [check.name, check]));
        for (const name of ['Branch-Protection', 'Maintained', 'CII-Best-Practices']) {
          assert.equal(byName.get(name)?.score, -1, `${api} ${name}`);
          assert.match(byName.get(name)?.reason ?? '', new RegExp(`^inconclusive: could not ask ${host.replace(/\./g, '\\.')}`), `${api} ${name}`);
        }
        assert.equal(byName.get('License')?.score, 9);
        // Inconclusive checks leave the aggregate, as Scorecard leaves out checks that errored.
        assert.equal(parsed.score, 9);
        const warnings = result.stderr.split('\n').filter((line) => line.includes(`${host} failed`));
        assert.equal(warnings.length, 1, result.stderr);
        assert.match(warnings[0] ?? '', /Branch-Protection, CII-Best-Practices, Maintained are inconclusive/);
        assert.doesNotMatch(result.stderr, /retrying/);
      }
      const verbose = await cli(['scorecard', project, ...checks, '--verbose'], { GITHUB_TOKEN: 'secret-token', VIGIL_GITHUB_API_URL: down, VIGIL_BESTPRACTICES_URL: down });
      assert.equal(verbose.status, 2);
      assert.match(verbose.stderr, /answered HTTP 503; retrying in/);
    } finally {
      await new Promise<void>((done) => failing.close(() => done()));
    }
  });
});
