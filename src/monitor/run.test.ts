import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub } from '../../test/fake-github.js';
import { startTestServer } from '../../test/http-server.js';
import { createGitHubClient } from '../forge/index.js';
import { discoverRepositories } from './discover.js';
import { runMonitor } from './run.js';
import { scorecardApiSource } from './sources/api.js';
import type { ScoreSource } from './sources/source.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { RepoRef } from './types.js';

const refs = (names: string[]): RepoRef[] => names.map((repo) => ({ platform: 'github.com', org: 'nodejs', repo }));

test('at most --parallel repositories are scored at once, and one that throws is recorded as failed while the others go on', async () => {
  const opened = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'vigil-monitor-run-')), 'vigil.db'));
  const store = opened.monitor;
  let inFlight = 0;
  let peak = 0;
  // Each score waits for the event loop to turn a few times, so workers overlap when allowed to.
  const source: ScoreSource = {
    name: 'test',
    async score(ref) {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      if (ref.repo === 'broken') throw new Error('clone failed: repository not found');
      return { ref, ok: true, score: 5, date: '2026-11-23', commit: 'a'.repeat(40), checks: [] };
    },
  };
  try {
    const progress: number[] = [];
    const run = await runMonitor({ refs: refs(['a', 'b', 'broken', 'c', 'd', 'e', 'f']), source, store, parallelism: 3, now: new Date('2026-11-23T00:00:00Z'), onProgress: (done) => progress.push(done) });
    assert.equal(peak, 3, 'three workers, never more');
    assert.deepEqual(progress, [1, 2, 3, 4, 5, 6, 7], 'progress is reported for every repository');
    assert.deepEqual(run.outcomes.map((outcome) => outcome.ok), [true, true, false, true, true, true, true]);
    assert.deepEqual((await store.runs())[0]!.failed.map((failure) => [failure.ref.repo, failure.error]), [['broken', 'clone failed: repository not found']]);
  } finally {
    await opened.close();
  }
});

test('a Scorecard API that rate-limits (429 with Retry-After) is waited out as it asks, then scored', async () => {
  let calls = 0;
  const api = await startTestServer([
    {
      method: 'GET',
      path: '/projects/:platform/:org/:repo',
      handler: ({ params }) => {
        calls += 1;
        if (calls <= 2) return { status: 429, headers: { 'retry-after': '7' }, body: { message: 'rate limit exceeded' } };
        return { body: { date: '2026-11-23', repo: { name: `github.com/nodejs/${params.repo}`, commit: 'b'.repeat(40) }, scorecard: { version: 'v5', commit: 'x' }, score: 6.1, checks: [] } };
      },
    },
  ]);
  const waits: number[] = [];
  const notes: number[] = [];
  const opened = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'vigil-monitor-run-')), 'vigil.db'));
  const store = opened.monitor;
  try {
    const source = scorecardApiSource({ baseUrl: api.url, retries: 3, sleep: async (ms) => void waits.push(ms), onRetry: ({ waitMs }) => notes.push(waitMs) });
    const run = await runMonitor({ refs: refs(['node']), source, store, parallelism: 1, now: new Date('2026-11-23T00:00:00Z') });
    assert.deepEqual(run.outcomes.map((outcome) => outcome.ok && outcome.score), [6.1]);
    assert.deepEqual(waits, [7000, 7000], 'waited as Retry-After said, twice');
    assert.deepEqual(notes, [7000, 7000], 'and told the user each time');
  } finally {
    await opened.close();
    await api.close();
  }
});

test('discovery reads every page of an organisation, leaves archives and forks out unless asked, and ignores the name\'s case', async () => {
  const github = await startFakeGitHub({
    repos: [],
    perPage: 2,
    orgRepos: [
      { owner: 'nodejs', name: 'node' },
      { owner: 'nodejs', name: 'undici' },
      { owner: 'nodejs', name: 'http-parser', archived: true },
      { owner: 'nodejs', name: 'node-fork', fork: true },
      { owner: 'nodejs', name: 'help' },
    ],
  });
  try {
    const client = createGitHubClient({ baseUrl: github.url, token: 't', retries: 0, throttle: false });
    assert.deepEqual(await discoverRepositories(client, 'NodeJS'), ['help', 'node', 'undici']);
    assert.deepEqual(await discoverRepositories(client, 'nodejs', { includeArchived: true }), ['help', 'http-parser', 'node', 'undici']);
    assert.deepEqual(await discoverRepositories(client, 'nodejs', { includeArchived: true, includeForks: true }), ['help', 'http-parser', 'node', 'node-fork', 'undici']);
    assert.ok(github.requests.some((request) => request.url.searchParams.get('page') === '3'), 'five repositories, two a page: three pages read');
  } finally {
    await github.close();
  }
});
