import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type Route } from '../../test/http-server.js';
import { fakeFileOnBranch, startFakeGitHub } from '../../test/fake-github.js';
import { createGitHubClient } from '../forge/index.js';
import { runJob, renderJob, writeChanges } from './job.js';
import { changesIssueDraft, publishIssue, publishPullRequest, REPORT_BRANCH } from './publish.js';
import { scorecardApiSource } from './sources/api.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { parseReportRows } from './formats/report.js';

const sha = (n: number): string => n.toString(16).padStart(40, '0');

/** A Scorecard API that answers JSON v2 results whose Pinned-Dependencies score we control. */
function scorecardApi(state: { pinned: Record<string, number>; flaky: Set<string> }): Route[] {
  return [
    {
      method: 'GET',
      path: '/projects/:platform/:org/:repo',
      handler: ({ params }) => {
        const repo = params.repo!;
        if (state.flaky.delete(repo)) return { status: 503, headers: { 'retry-after': '0' }, body: 'busy' };
        const pinned = state.pinned[repo];
        if (pinned === undefined) return { status: 404, body: { code: 404, message: 'not found' } };
        const checks = [
          { name: 'Pinned-Dependencies', score: pinned, reason: `pinned ${pinned}`, details: ['Warn: not pinned by hash: .github/workflows/ci.yml:12'] },
          { name: 'License', score: 10, reason: 'license file detected', details: null },
        ];
        return { body: { date: '2026-11-23', repo: { name: `github.com/${params.org}/${repo}`, commit: sha(pinned + 1) }, scorecard: { version: 'v5', commit: 'x' }, score: (pinned + 10) / 2, checks } };
      },
    },
  ];
}

function workspace(scope: object): { dir: string; files: { scope: string; database: string; report: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-monitor-'));
  const files = { scope: join(dir, 'scope.json'), database: join(dir, 'database.json'), report: join(dir, 'report.md') };
  writeFileSync(files.scope, JSON.stringify(scope));
  writeFileSync(files.report, '# Scorecard\n\nKept text.\n');
  return { dir, files };
}

test('a run scores every repository, survives failures, records per-check history and says which checks moved', async () => {
  const state = { pinned: { node: 4, undici: 8 } as Record<string, number>, flaky: new Set(['undici']) };
  const api = await startTestServer(scorecardApi(state));
  const { dir, files } = workspace({ 'github.com': { nodejs: { included: ['node', 'undici', 'gone'], excluded: [] } } });
  const opened = openSqliteStore(join(dir, 'vigil.db'));
  const store = opened.monitor;
  try {
    const source = scorecardApiSource({ baseUrl: api.url, retries: 2, sleep: async () => undefined });
    const first = await runJob({ files, store, source, parallelism: 2, now: new Date('2026-11-16T00:00:00Z') });
    assert.deepEqual(first.outcomes.map((outcome) => outcome.ok), [true, true, false], 'the 503 was retried; the deleted repository failed alone');
    assert.match(first.outcomes[2]!.ok ? '' : first.outcomes[2]!.error, /gone.*renamed, deleted/);
    await writeChanges(first.changes);

    state.pinned.node = 7;
    const second = await runJob({ files, store, source, parallelism: 2, now: new Date('2026-11-23T00:00:00Z') });
    await writeChanges(second.changes);
    const node = second.rows.find((row) => row.ref.repo === 'node')!;
    assert.equal(node.delta, 1.5);
    assert.deepEqual(node.moved, [{ name: 'Pinned-Dependencies', from: 4, to: 7 }]);
    assert.equal(second.rows.find((row) => row.ref.repo === 'undici')!.delta, 0);

    const report = readFileSync(files.report, 'utf8');
    assert.ok(report.startsWith('# Scorecard\n\nKept text.\n'), 'text outside the markers is kept');
    assert.match(report, /Pinned-Dependencies 4 → 7/);
    assert.match(report, /nodejs\/gone: the Scorecard API has no result/);
    assert.deepEqual(parseReportRows(report).map((row) => [row.repo, row.score]), [['node', 8.5], ['undici', 9]]);

    const database = JSON.parse(readFileSync(files.database, 'utf8'));
    assert.equal(database['github.com'].nodejs.undici.previous.length, 0, 'as upstream, an unchanged score is not saved again (every run is in the store)');
    assert.equal(database['github.com'].nodejs.node.previous.length, 1, 'a changed score is saved');
    const history = await store.history({ platform: 'github.com', org: 'nodejs', repo: 'node' });
    assert.deepEqual(history.map((point) => point.checks.find((check) => check.name === 'Pinned-Dependencies')!.score), [4, 7]);
    assert.deepEqual(history.at(-1)!.checks[0]!.details, ['Warn: not pinned by hash: .github/workflows/ci.yml:12']);
    const runs = await store.runs();
    assert.equal(runs.length, 2);
    assert.deepEqual(runs[0]!.failed.map((failure) => failure.ref.repo), ['gone']);

    const rendered = await renderJob(files, store);
    assert.equal(rendered.changes[0]!.after, report, 'render-only gives the same report from the same data');
  } finally {
    await opened.close();
    await api.close();
  }
});

test('discovery adds an organisation\'s repositories (no archives, no forks) and the report is proposed as a pull request, updated in place', async () => {
  const github = await startFakeGitHub({
    repos: ['nodejs/security-wg'],
    perPage: 2,
    orgRepos: [
      { owner: 'nodejs', name: 'node' },
      { owner: 'nodejs', name: 'undici' },
      { owner: 'nodejs', name: 'old', archived: true },
      { owner: 'nodejs', name: 'forked', fork: true },
      { owner: 'nodejs', name: 'help' },
    ],
  });
  const api = await startTestServer(scorecardApi({ pinned: { node: 5, undici: 6 }, flaky: new Set() }));
  const { dir, files } = workspace({ 'github.com': { nodejs: { included: ['node'], excluded: ['help'] } } });
  const opened = openSqliteStore(join(dir, 'vigil.db'));
  const store = opened.monitor;
  const client = createGitHubClient({ baseUrl: github.url, token: 'test-token', retries: 0 });
  try {
    const source = scorecardApiSource({ baseUrl: api.url });
    const result = await runJob({ files, store, source, parallelism: 4, now: new Date('2026-11-23T00:00:00Z'), discover: { client, org: 'NodeJS', includeArchived: false, includeForks: false } });
    assert.deepEqual(result.addedToScope, ['undici']);
    assert.deepEqual(result.outcomes.map((outcome) => outcome.ref.repo), ['node', 'undici']);

    const files2 = result.changes.map((change) => ({ path: change.path.slice(dir.length + 1), content: change.after }));
    const first = await publishPullRequest(client, { owner: 'nodejs', repo: 'security-wg' }, files2, 'Scores updated.');
    assert.equal(first.action, 'created');
    const again = await publishPullRequest(client, { owner: 'nodejs', repo: 'security-wg' }, files2, 'Scores updated.');
    assert.equal(again.action, 'unchanged');
    assert.equal(github.state.pulls.length, 1, 'one pull request, never a duplicate');
    assert.equal(fakeFileOnBranch(github.state, 'nodejs/security-wg', 'main', 'report.md'), undefined, 'nothing pushed to the default branch');
    assert.match(fakeFileOnBranch(github.state, 'nodejs/security-wg', REPORT_BRANCH, 'report.md') ?? '', /nodejs\/undici/);

    const draft = changesIssueDraft(result.rows.map((row) => ({ ...row, delta: 0.5 })), result.outcomes, '2026-11-23')!;
    await publishIssue(client, { owner: 'nodejs', repo: 'security-wg' }, draft, false);
    await publishIssue(client, { owner: 'nodejs', repo: 'security-wg' }, draft, false);
    assert.equal(github.state.issues.filter((issue) => !issue.pull_request).length, 1, 'a re-run updates the day\'s issue');
  } finally {
    await opened.close();
    await api.close();
    await github.close();
  }
});

test('a store file that is not a database is refused, and left as it was', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-monitor-'));
  const path = join(dir, 'vigil.db');
  writeFileSync(path, 'this is not sqlite, it is somebody\'s notes '.repeat(200));
  assert.throws(() => openSqliteStore(path), (error: Error & { exitCode: number }) => error.exitCode === 2 && /not a usable SQLite database/.test(error.message));
  assert.match(readFileSync(path, 'utf8'), /^this is not sqlite/);
});
