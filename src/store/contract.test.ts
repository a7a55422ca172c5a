import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { freshSchema, skipWithoutPostgres } from '../../test/postgres.js';
import type { RepoOutcome } from '../monitor/types.js';
import pg from 'pg';
import { LATEST_VERSION, MIGRATIONS, MIGRATIONS_TABLE } from './migrations/index.js';
import { openStore } from './open.js';
import { RECORD_MANY_PROGRESS_EVERY, type Store } from './types.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'vigil-contract-')), 'vigil.db');
const node = { platform: 'github.com', org: 'nodejs', repo: 'node' };
const undici = { platform: 'github.com', org: 'nodejs', repo: 'undici' };
const scored = (ref: typeof node, score: number, date: string, pinned: number): RepoOutcome => ({
  ref,
  ok: true,
  score,
  date,
  commit: 'a'.repeat(40),
  checks: [
    { name: 'Pinned-Dependencies', score: pinned, reason: 'some are not pinned', details: ['Warn: not pinned: ci.yml:3'] },
    { name: 'Token-Permissions', score: -1, reason: 'inconclusive: internal error' },
  ],
});

async function freshPostgresStore(): Promise<Store> {
  const schema = await freshSchema('contract');
  const store = Object.assign(await openStore(schema.url), { url: schema.url });
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await schema.drop();
  };
  return store;
}

/** The same contract, run against both backends: what one records, the other answers the same way. */
for (const [label, open, skip] of [
  ['sqlite', async () => openStore(tempFile()), false],
  ['postgres', freshPostgresStore, skipWithoutPostgres],
] as [string, () => Promise<Store>, string | false][]) {
  describe(`${label} store contract`, { skip, concurrency: false }, () => {
    it('applies the one migration history, and opening again changes nothing', async () => {
      const store = await open();
      try {
        assert.equal(await store.schemaVersion(), LATEST_VERSION);
        assert.equal(MIGRATIONS.map((step) => step.version).join(), MIGRATIONS.map((_, index) => index + 1).join(), 'versions are 1..n without gaps');
      } finally {
        await store.close();
      }
    });

    it('records runs with per-check scores; latest, history and runs answer from them', async () => {
      const store = await open();
      try {
        const versionBefore = await store.monitor.version();
        const first = await store.monitor.beginRun('api', '2026-11-16T00:00:00Z');
        await store.monitor.record(first, scored(node, 6, '2026-11-16T01:00:00Z', 4), '2026-11-16T00:00:00Z');
        await store.monitor.record(first, { ref: undici, ok: false, error: 'repository not found' }, '2026-11-16T00:00:00Z');
        await store.monitor.finishRun(first, '2026-11-16T00:10:00Z');
        const second = await store.monitor.beginRun('api', '2026-11-23T00:00:00Z');
        await store.monitor.record(second, scored(node, 7, '2026-11-23T01:00:00Z', 7), '2026-11-23T00:00:00Z');
        await store.monitor.record(second, scored(undici, 8, '2026-11-23T01:00:00Z', 9), '2026-11-23T00:00:00Z');
        await store.monitor.finishRun(second, '2026-11-23T00:10:00Z');
        assert.notEqual(await store.monitor.version(), versionBefore, 'the version moves when something is recorded');

        const latest = await store.monitor.latest(2);
        assert.deepEqual(latest.map((series) => [series.ref.repo, series.points.map((point) => point.score)]), [['node', [7, 6]], ['undici', [8]]]);
        assert.deepEqual(latest[0]!.points[0]!.checks.map((check) => [check.name, check.score]), [['Pinned-Dependencies', 7], ['Token-Permissions', -1]]);
        assert.equal(latest[0]!.points[0]!.checks[0]!.details, undefined, 'details only when asked');

        const history = await store.monitor.history({ platform: 'github.com', org: 'NodeJS', repo: 'Node' });
        assert.deepEqual(history.map((point) => point.score), [6, 7], 'org and repo compare case-insensitively, as GitHub does');
        assert.deepEqual(history.at(-1)!.checks[0]!.details, ['Warn: not pinned: ci.yml:3'], 'the newest point keeps its details');

        const runs = await store.monitor.runs(5);
        assert.deepEqual(runs.map((run) => [run.id, run.scored, run.failed.map((failure) => failure.error)]), [[second, 2, []], [first, 1, ['repository not found']]]);
        assert.deepEqual((await store.monitor.repos()).map((ref) => ref.repo), ['node', 'undici']);
      } finally {
        await store.close();
      }
    });

    it('a retried record replaces what the run recorded for that repository: never twice', async () => {
      const store = await open();
      try {
        const run = await store.monitor.beginRun('queue', '2026-11-23T00:00:00Z');
        await store.monitor.record(run, { ref: node, ok: false, error: 'timeout' }, '2026-11-23T00:00:00Z');
        await store.monitor.record(run, scored(node, 7, '2026-11-23T01:00:00Z', 7), '2026-11-23T00:00:00Z');
        await Promise.all([1, 2, 3].map(() => store.monitor.record(run, scored(node, 7, '2026-11-23T01:00:00Z', 7), '2026-11-23T00:00:00Z')));
        const [summary] = await store.monitor.runs(1);
        assert.equal(summary!.scored, 1);
        assert.deepEqual(summary!.failed, []);
        assert.equal((await store.monitor.history(node)).length, 1);
      } finally {
        await store.close();
      }
    });

    it('a failure\'s error is stored redacted, whoever recorded it (record and recordMany)', async () => {
      const store = await open();
      try {
        const token = `ghp_${'Q'.repeat(36)}`;
        const run = await store.monitor.beginRun('queue', '2026-11-23T00:00:00Z');
        await store.monitor.record(run, { ref: node, ok: false, error: `echoed: Authorization: token ${token}` }, '2026-11-23T00:00:00Z');
        await store.monitor.recordMany(run, [{ ref: undici, ok: false, error: `echoed ${token}` }], '2026-11-23T00:00:00Z');
        const [summary] = await store.monitor.runs(1);
        assert.equal(summary!.failed.length, 2);
        for (const failure of summary!.failed) assert.ok(!failure.error.includes(token), failure.error);
      } finally {
        await store.close();
      }
    });

    it('recordMany says how far a long import is: every RECORD_MANY_PROGRESS_EVERY outcomes and at the end', async () => {
      const store = await open();
      try {
        const run = await store.monitor.beginRun('import', '2026-11-23T00:00:00Z');
        const total = RECORD_MANY_PROGRESS_EVERY * 2 + 50;
        const outcomes = Array.from({ length: total }, (_, index) => scored({ platform: 'github.com', org: 'acme', repo: `repo-${index % 7}` }, 5, `2026-01-01T00:${String(Math.floor(index / 60)).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}Z`, 3));
        const seen: [number, number][] = [];
        await store.monitor.recordMany(run, outcomes, '2026-11-23T00:00:00Z', (done, of) => seen.push([done, of]));
        assert.deepEqual(seen, [[RECORD_MANY_PROGRESS_EVERY, total], [RECORD_MANY_PROGRESS_EVERY * 2, total], [total, total]]);
        assert.equal((await store.monitor.runs(1))[0]!.scored, total);
      } finally {
        await store.close();
      }
    });

    it('recordMany appends a whole imported history', async () => {
      const store = await open();
      try {
        const run = await store.monitor.beginRun('import', '2026-11-23T00:00:00Z');
        await store.monitor.recordMany(run, [scored(node, 5, '2026-01-01T00:00:00Z', 3), scored(node, 6, '2026-02-01T00:00:00Z', 5)], '2026-11-23T00:00:00Z');
        assert.deepEqual((await store.monitor.history(node, false)).map((point) => point.score), [5, 6]);
      } finally {
        await store.close();
      }
    });

    it('keeps review snapshots per release line (newest wins), triage, update checks and release state', async () => {
      const store = await open();
      try {
        const finding = { id: 'CVE-2024-27980', aliases: [], package: 'node', version: '20.12.1', severity: 'HIGH 8.1', summary: '<script>alert(1)</script>', fixed: '20.12.2' };
        await store.records.recordReview({ project: 'nodejs/node', line: 'v20.x', recordedAt: '2026-11-16T00:00:00Z', findings: [finding] });
        await store.records.recordReview({ project: 'nodejs/node', line: 'v20.x', recordedAt: '2026-11-23T00:00:00Z', findings: [] });
        await store.records.recordReview({ project: 'nodejs/node', line: 'v22.x', recordedAt: '2026-11-16T00:00:00Z', findings: [finding] });
        const reviews = await store.records.latestReviews();
        assert.deepEqual(reviews.map((review) => [review.line, review.recordedAt, review.findings.length]), [['v20.x', '2026-11-23T00:00:00Z', 0], ['v22.x', '2026-11-16T00:00:00Z', 1]]);
        assert.deepEqual(reviews[1]!.findings[0], finding, 'stored text comes back exactly');

        const decision = { project: 'nodejs/node', vulnerability: 'CVE-2024-0727', package: 'openssl', lines: [], status: 'not_affected' as const, justification: 'vulnerable_code_not_in_execute_path', reason: 'PKCS12 not used', decidedBy: 'rafael', decidedAt: '2026-11-20', expires: null };
        await store.records.recordTriage(decision);
        await store.records.recordTriage({ ...decision, status: 'affected', reason: 'it is used after all' });
        assert.deepEqual(await store.records.triage('nodejs/node'), [{ ...decision, status: 'affected', reason: 'it is used after all' }]);
        assert.deepEqual(await store.records.triage('nodejs/undici'), []);

        await store.records.recordUpdateCheck({ project: 'nodejs/node', dependency: 'openssl', checkedAt: '2026-11-22T00:00:00Z', current: '3.0.13', latest: '3.0.14', error: null, detail: { tag: 'openssl-3.0.14' } });
        await store.records.recordUpdateCheck({ project: 'nodejs/node', dependency: 'openssl', checkedAt: '2026-11-23T00:00:00Z', current: '3.0.13', latest: null, error: 'upstream answered 503', detail: null });
        const checks = await store.records.latestUpdateChecks('nodejs/node');
        assert.deepEqual(checks.map((check) => [check.dependency, check.error]), [['openssl', 'upstream answered 503']], 'the newest check, failure included (inconclusive is not "up to date")');

        assert.equal(await store.records.release('2026-12'), null);
        await store.records.saveRelease('2026-12', { milestones: ['start'] }, '2026-11-23T00:00:00Z');
        await store.records.saveRelease('2026-12', { milestones: ['start', 'reports'] }, '2026-11-24T00:00:00Z');
        assert.deepEqual(await store.records.release('2026-12'), { state: { milestones: ['start', 'reports'] }, updatedAt: '2026-11-24T00:00:00Z' });
      } finally {
        await store.close();
      }
    });

    it('answers the newest check of one dependency in every project, and keeps release steps in order', async () => {
      const store = await open();
      try {
        const check = (project: string, checkedAt: string, current: string) => ({ project, dependency: 'openssl', checkedAt, current, latest: '3.0.15', error: null, detail: { status: 'behind' } });
        await store.records.recordUpdateCheck(check('nodejs/node', '2026-11-20T00:00:00Z', '3.0.13'));
        await store.records.recordUpdateCheck(check('nodejs/node', '2026-11-23T00:00:00Z', '3.0.14'));
        await store.records.recordUpdateCheck(check('Nodejs/node-v20', '2026-11-21T00:00:00Z', '3.0.13'));
        await store.records.recordUpdateCheck({ ...check('nodejs/node', '2026-11-23T00:00:00Z', '1.2.13'), dependency: 'zlib' });
        const openssl = await store.records.dependencyChecks('openssl');
        assert.deepEqual(openssl.map((entry) => [entry.project, entry.current, entry.checkedAt]), [['Nodejs/node-v20', '3.0.13', '2026-11-21T00:00:00Z'], ['nodejs/node', '3.0.14', '2026-11-23T00:00:00Z']], 'newest per project, projects in code-unit order on both backends');
        assert.deepEqual(await store.records.dependencyChecks('brotli'), []);

        const step = (release: string, name: string, recordedAt: string) => ({ release, step: name, recordedAt, outcome: 'applied' as const, detail: { actions: [`${name} done`], written: [`/r/${name}.md`], issues: [] } });
        await store.records.recordReleaseStep(step('2026-12-10', 'pre-release', '2026-11-25T09:00:00Z'));
        await store.records.recordReleaseStep(step('2026-12-10', 'start', '2026-11-20T09:00:00Z'));
        await store.records.recordReleaseStep(step('2027-01-15', 'start', '2026-11-26T09:00:00Z'));
        await store.records.recordReleaseStep({ ...step('2026-12-10', 'start', '2026-11-20T09:00:00Z'), outcome: 'nothing-to-do' });
        const steps = await store.records.releaseSteps('2026-12-10');
        assert.deepEqual(steps.map((entry) => [entry.step, entry.outcome]), [['start', 'nothing-to-do'], ['pre-release', 'applied']], 'oldest first; the same step at the same time recorded again replaces it');
        assert.deepEqual(steps[1]!.detail, { actions: ['pre-release done'], written: ['/r/pre-release.md'], issues: [] });
        assert.deepEqual((await store.records.releaseSteps()).map((entry) => entry.release), ['2026-12-10', '2026-12-10', '2027-01-15']);
      } finally {
        await store.close();
      }
    });

    it('a vendored snapshot: a dependency that left the tree stops being current; a later check brings it back; lockfile rows are untouched', async () => {
      const store = await open();
      try {
        const check = (dependency: string, checkedAt: string, location?: string) => ({ project: 'nodejs/node', dependency, checkedAt, current: '1.0.0', latest: '1.1.0', error: null, detail: { status: 'behind' }, ...(location ? { location } : {}) });
        await store.records.recordLockfileChecks('nodejs/node', [check('chalk', '2026-11-01T00:00:00Z', 'package-lock.json: package.json')]);
        await store.records.recordVendoredChecks('nodejs/node', [check('c-ares', '2026-11-02T00:00:00Z'), check('acorn', '2026-11-02T00:00:00Z')], '2026-11-02T00:00:00Z');
        const names = async () => (await store.records.latestUpdateChecks('nodejs/node')).map((entry) => `${entry.dependency}@${entry.location}`);
        assert.deepEqual(await names(), ['acorn@', 'c-ares@', 'chalk@package-lock.json: package.json']);
        await store.records.recordVendoredChecks('nodejs/node', [check('acorn', '2026-11-03T00:00:00Z')], '2026-11-03T00:00:00Z');
        assert.deepEqual(await names(), ['acorn@', 'chalk@package-lock.json: package.json'], 'c-ares left the tree');
        assert.deepEqual(await store.records.dependencyChecks('c-ares'), []);
        assert.equal((await store.records.latestUpdateChecks('nodejs/node')).find((entry) => entry.dependency === 'acorn')!.checkedAt, '2026-11-03T00:00:00Z');
        // A check of c-ares after that (a worker told it is vendored again) makes it current again.
        await store.records.recordUpdateCheck(check('c-ares', '2026-11-04T00:00:00Z'));
        assert.deepEqual(await names(), ['acorn@', 'c-ares@', 'chalk@package-lock.json: package.json']);
        // An empty snapshot: nothing vendored any more.
        await store.records.recordVendoredChecks('nodejs/node', [], '2026-11-05T00:00:00Z');
        assert.deepEqual(await names(), ['chalk@package-lock.json: package.json']);
      } finally {
        await store.close();
      }
    });

    it('keeps a lockfile project\'s checks as one snapshot per recording, beside its vendored checks', async () => {
      const store = await open();
      try {
        const row = (dependency: string, location: string, checkedAt: string, current: string) => ({ project: 'acme/app', dependency, location, checkedAt, current, latest: '5.3.0', error: null, detail: { status: 'behind' } });
        await store.records.recordUpdateCheck({ ...row('zlib', '', '2026-11-20T00:00:00Z', '1.3'), latest: '1.3.1' });
        await store.records.recordLockfileChecks('acme/app', [
          row('chalk', 'package-lock.json: package.json', '2026-11-21T00:00:00Z', '4.1.2'),
          row('chalk', 'package-lock.json: packages/web/package.json', '2026-11-21T00:00:00Z', '5.0.0'),
          row('chalk', 'package-lock.json: transitive 2.4.2', '2026-11-21T00:00:00Z', '2.4.2'),
          row('debug', 'package-lock.json: package.json', '2026-11-21T00:00:00Z', '4.3.4'),
        ]);
        assert.deepEqual((await store.records.latestUpdateChecks('acme/app')).map((check) => [check.dependency, check.location, check.current]), [
          ['chalk', 'package-lock.json: package.json', '4.1.2'],
          ['chalk', 'package-lock.json: packages/web/package.json', '5.0.0'],
          ['chalk', 'package-lock.json: transitive 2.4.2', '2.4.2'],
          ['debug', 'package-lock.json: package.json', '4.3.4'],
          ['zlib', '', '1.3'],
        ], 'one package in three places is three checks');
        // The next recording: debug and the transitive chalk left the lockfile, chalk moved on.
        await store.records.recordLockfileChecks('acme/app', [row('chalk', 'package-lock.json: package.json', '2026-11-23T00:00:00Z', '4.1.3'), row('chalk', 'package-lock.json: packages/web/package.json', '2026-11-23T00:00:00Z', '5.0.0')]);
        await store.records.recordUpdateCheck(row('chalk', '', '2026-11-22T00:00:00Z', '4.1.2'));
        assert.deepEqual((await store.records.latestUpdateChecks('acme/app')).map((check) => [check.dependency, check.location, check.current, check.checkedAt]), [
          ['chalk', '', '4.1.2', '2026-11-22T00:00:00Z'],
          ['chalk', 'package-lock.json: package.json', '4.1.3', '2026-11-23T00:00:00Z'],
          ['chalk', 'package-lock.json: packages/web/package.json', '5.0.0', '2026-11-23T00:00:00Z'],
          ['zlib', '', '1.3', '2026-11-20T00:00:00Z'],
        ], 'what left the lockfiles is no longer current; a vendored check keeps its own newest');
        assert.deepEqual(await store.records.dependencyChecks('debug'), [], 'not current anywhere');
        await store.records.recordLockfileChecks('acme/api', [row('chalk', 'yarn.lock: package.json', '2026-11-01T00:00:00Z', '4.0.0')].map((check) => ({ ...check, project: 'acme/api' })));
        assert.deepEqual((await store.records.dependencyChecks('chalk')).map((check) => [check.project, check.location, check.current]), [
          ['acme/api', 'yarn.lock: package.json', '4.0.0'],
          ['acme/app', '', '4.1.2'],
          ['acme/app', 'package-lock.json: package.json', '4.1.3'],
          ['acme/app', 'package-lock.json: packages/web/package.json', '5.0.0'],
        ]);
        assert.deepEqual((await store.records.latestUpdateChecks('acme/app'))[1]!.detail, { status: 'behind' });
        await assert.rejects(store.records.recordLockfileChecks('acme/app', [row('chalk', '', '2026-11-24T00:00:00Z', '4.1.3')]), /needs this project and a location/);
      } finally {
        await store.close();
      }
    });

    it('counts a queued run\'s progress as results are recorded: retries count once, the newest attempt decides failed', async () => {
      const store = await open();
      try {
        const run = await store.monitor.beginRun('queue', '2026-11-23T00:00:00Z', 3);
        await store.monitor.record(run, { ref: node, ok: false, error: 'timeout' }, '2026-11-23T00:00:00Z');
        assert.equal(await store.monitor.finishIfComplete(run, '2026-11-23T00:01:00Z'), false);
        await store.monitor.record(run, { ref: undici, ok: false, error: 'repository not found', permanent: true }, '2026-11-23T00:00:00Z');
        await store.monitor.record(run, scored(node, 7, '2026-11-23T01:00:00Z', 7), '2026-11-23T00:00:00Z');
        await store.monitor.record(run, scored(node, 7, '2026-11-23T01:00:00Z', 7), '2026-11-23T00:00:00Z');
        assert.equal(await store.monitor.finishIfComplete(run, '2026-11-23T00:02:00Z'), false, 'two of three, however often one was retried');
        const third = { platform: 'github.com', org: 'nodejs', repo: 'undici-fetch' };
        await store.monitor.record(run, scored(third, 5, '2026-11-23T01:00:00Z', 5), '2026-11-23T00:00:00Z');
        assert.equal(await store.monitor.finishIfComplete(run, '2026-11-23T00:03:00Z'), true);
        assert.equal(await store.monitor.finishIfComplete(run, '2026-11-23T00:04:00Z'), false, 'finished once');
        const [summary] = await store.monitor.runs(1);
        assert.deepEqual([summary!.finishedAt, summary!.scored, summary!.failed.length], ['2026-11-23T00:03:00Z', 2, 1]);
        const unqueued = await store.monitor.beginRun('cli', '2026-11-23T00:00:00Z');
        await store.monitor.record(unqueued, scored(node, 7, '2026-11-23T01:00:00Z', 7), '2026-11-23T00:00:00Z');
        assert.equal(await store.monitor.finishIfComplete(unqueued, '2026-11-23T00:05:00Z'), false, 'a run nobody queued is finished by its command, not here');
      } finally {
        await store.close();
      }
    });

    it('two writers racing to record a queued run\'s last results: it finishes exactly once, counts exact', async () => {
      const one = await open();
      // The second writer is another connection (another pool, another SQLite handle) on the same store.
      const two = await openStore(one.backend === 'sqlite' ? one.location : (one as Store & { url: string }).url);
      try {
        for (let round = 0; round < 3; round += 1) {
          const repos = Array.from({ length: 12 }, (_, index) => ({ platform: 'github.com', org: 'acme', repo: `race-${round}-${index}` }));
          const run = await one.monitor.beginRun('queue', '2026-11-23T00:00:00Z', repos.length);
          const finished: boolean[] = [];
          // Each writer records a repository and asks whether the run is complete, as a worker's job does.
          const race = (refs: typeof repos) =>
            Promise.all([one, two].map(async (store, writer) => {
              for (const [index, ref] of (writer === 0 ? refs : [...refs].reverse()).entries()) {
                await store.monitor.record(run, index % 5 === 0 ? { ref, ok: false, error: 'timeout' } : scored(ref, 6, '2026-11-23T01:00:00Z', 6), '2026-11-23T00:00:00Z');
                finished.push(await store.monitor.finishIfComplete(run, `2026-11-23T00:0${writer}:00Z`));
              }
            }));
          // Both record the first eleven (each a retry racing the other's attempt): counted twice, the run would finish here.
          await race(repos.slice(0, 11));
          assert.equal(finished.filter(Boolean).length, 0, `round ${round}: finished with 11 of 12 recorded`);
          await race(repos.slice(11));
          assert.equal(finished.filter(Boolean).length, 1, `round ${round}: finished ${finished.filter(Boolean).length} times`);
          const [summary] = await one.monitor.runs(1);
          assert.equal(summary!.scored + summary!.failed.length, repos.length, 'one result per repository');
        }
      } finally {
        await two.close();
        await one.close();
      }
    });

    it('replaces a project\'s triage decisions whole: scoped by lines, removed ones go, unchanged ones keep their date', async () => {
      const store = await open();
      try {
        const base = { project: 'nodejs/node', package: 'undici', status: 'not_affected' as const, justification: 'vulnerable_code_not_present', decidedBy: 'rafael', expires: null };
        const first = [
          { ...base, vulnerability: 'CVE-2025-1', lines: ['v22.x', 'v20.x'], reason: 'not on these lines', decidedAt: '2026-11-20T00:00:00Z' },
          { ...base, vulnerability: 'CVE-2025-1', lines: ['v24.x'], status: 'affected' as const, justification: null, reason: 'fix in 24.3', decidedAt: '2026-11-20T00:00:00Z' },
          { ...base, vulnerability: 'CVE-2025-2', lines: [], reason: 'unused', decidedAt: '2026-11-20T00:00:00Z' },
        ];
        assert.deepEqual(await store.records.replaceTriage('nodejs/node', first), { added: 3, changed: 0, removed: 0 });
        await store.records.recordTriage({ ...base, project: 'nodejs/undici', vulnerability: 'CVE-2025-9', lines: [], reason: 'other project', decidedAt: '2026-11-20T00:00:00Z' });
        const stored = await store.records.triage('nodejs/node');
        assert.deepEqual(stored.map((decision) => [decision.vulnerability, decision.lines, decision.status, decision.justification]), [
          ['CVE-2025-1', ['v20.x', 'v22.x'], 'not_affected', 'vulnerable_code_not_present'],
          ['CVE-2025-1', ['v24.x'], 'affected', null],
          ['CVE-2025-2', [], 'not_affected', 'vulnerable_code_not_present'],
        ], 'two scopes of one vulnerability are two decisions; lines come back sorted');

        const second = [{ ...first[0]!, lines: ['v20.x', 'v22.x'], decidedAt: '2026-11-25T00:00:00Z' }, { ...first[2]!, reason: 'still unused, checked again', decidedAt: '2026-11-25T00:00:00Z' }];
        assert.deepEqual(await store.records.replaceTriage('nodejs/node', second), { added: 0, changed: 1, removed: 1 });
        const after = await store.records.triage('nodejs/node');
        assert.deepEqual(after.map((decision) => [decision.vulnerability, decision.lines.join(), decision.reason, decision.decidedAt]), [
          ['CVE-2025-1', 'v20.x,v22.x', 'not on these lines', '2026-11-20T00:00:00Z'],
          ['CVE-2025-2', '', 'still unused, checked again', '2026-11-25T00:00:00Z'],
        ]);
        assert.equal((await store.records.triage('nodejs/undici')).length, 1, 'another project is untouched');
        assert.deepEqual(await store.records.replaceTriage('nodejs/node', []), { added: 0, changed: 0, removed: 2 });
      } finally {
        await store.close();
      }
    });

    it('two writers replacing one project\'s triage at once: one whole set wins, never a mix', async () => {
      const one = await open();
      try {
        const decision = (vulnerability: string) => ({ project: 'nodejs/node', vulnerability, package: '', lines: [], status: 'not_affected' as const, justification: 'component_not_present', reason: 'r', decidedBy: 'b', decidedAt: '2026-11-20', expires: null });
        const sets = [Array.from({ length: 30 }, (_, index) => decision(`CVE-A-${index}`)), Array.from({ length: 30 }, (_, index) => decision(`CVE-B-${index}`))];
        for (let round = 0; round < 3; round += 1) {
          await Promise.all([one.records.replaceTriage('nodejs/node', sets[0]!), one.records.replaceTriage('nodejs/node', sets[1]!)]);
          const ids = (await one.records.triage('nodejs/node')).map((entry) => entry.vulnerability);
          assert.equal(ids.length, 30);
          assert.ok(ids.every((id) => id.startsWith('CVE-A-')) || ids.every((id) => id.startsWith('CVE-B-')), `a mix of both writers: ${ids.join(' ')}`);
        }
      } finally {
        await one.close();
      }
    });
  });
}

describe('sqlite store: files from before the one migration history', () => {
  it('adopts advisory and monitor tables created by their areas, keeping their rows', async () => {
    const file = tempFile();
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!.sqlite + MIGRATIONS[1]!.sqlite);
    old.exec("INSERT INTO advisory_meta (key, value) VALUES ('schema_version', '1')");
    old.exec("INSERT INTO monitor_repo (platform, org, repo) VALUES ('github.com', 'nodejs', 'node')");
    old.close();
    const store = await openStore(file);
    try {
      assert.equal(await store.schemaVersion(), LATEST_VERSION);
      assert.deepEqual((await store.monitor.repos()).map((ref) => ref.repo), ['node']);
    } finally {
      await store.close();
    }
  });

  it('refuses a file written by a newer vigil instead of guessing', async () => {
    const file = tempFile();
    (await openStore(file)).close();
    const newer = new Database(file);
    newer.prepare('INSERT INTO store_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST_VERSION + 1, 'future', '2030-01-01');
    newer.close();
    await assert.rejects(openStore(file), (error: Error & { exitCode?: number }) => error.exitCode === 2 && /schema version \d+; this vigil knows up to/.test(error.message));
  });

  it('refuses a file that is not SQLite, and leaves it untouched', async () => {
    const file = tempFile();
    writeFileSync(file, 'notes, not a database\n'.repeat(300));
    await assert.rejects(openStore(file), (error: Error & { exitCode?: number }) => error.exitCode === 2 && /not a usable SQLite database/.test(error.message));
  });
});

/** A store as vigil wrote it at schema version 4 (triage without justification or lines), with one decision. */
const version4 = (dialect: 'sqlite' | 'postgres') => [
  MIGRATIONS_TABLE,
  ...MIGRATIONS.filter((step) => step.version <= 4).map((step) => `${step[dialect]};INSERT INTO store_migrations (version, name, applied_at) VALUES (${step.version}, '${step.name}', '2026-11-01')`),
  "INSERT INTO triage_decision (project, vulnerability, package, status, reason, decided_by, decided_at, expires) VALUES ('nodejs/node', 'CVE-2024-0727', 'openssl', 'not_affected', 'PKCS12 not used', 'rafael', '2026-11-20', NULL)",
].join(';\n');

/** A store as vigil wrote it at schema version 5 (no release_step table), with one update check. */
const version5 = (dialect: 'sqlite' | 'postgres') => [
  MIGRATIONS_TABLE,
  ...MIGRATIONS.filter((step) => step.version <= 5).map((step) => `${step[dialect]};INSERT INTO store_migrations (version, name, applied_at) VALUES (${step.version}, '${step.name}', '2026-11-01')`),
  "INSERT INTO update_check (project, dependency, checked_at, current, latest, error, detail) VALUES ('nodejs/node', 'openssl', '2026-11-20T00:00:00Z', '3.0.13', '3.0.14', NULL, '{\"status\":\"behind\"}')",
].join(';\n');

const migratedCheck = { project: 'nodejs/node', dependency: 'openssl', location: '', checkedAt: '2026-11-20T00:00:00Z', current: '3.0.13', latest: '3.0.14', error: null, detail: { status: 'behind' } };

const migratedDecision = { project: 'nodejs/node', vulnerability: 'CVE-2024-0727', package: 'openssl', lines: [], status: 'not_affected', justification: null, reason: 'PKCS12 not used', decidedBy: 'rafael', decidedAt: '2026-11-20', expires: null };

describe('a store written by an older vigil is migrated, keeping its rows', () => {
  it('sqlite: version 4 → latest keeps the triage decisions (unscoped)', async () => {
    const file = tempFile();
    const old = new Database(file);
    old.exec(version4('sqlite'));
    old.close();
    const store = await openStore(file);
    try {
      assert.equal(await store.schemaVersion(), LATEST_VERSION);
      assert.deepEqual(await store.records.triage('nodejs/node'), [migratedDecision]);
    } finally {
      await store.close();
    }
  });

  it('postgres: version 4 → latest keeps the triage decisions (unscoped)', { skip: skipWithoutPostgres }, async () => {
    const schema = await freshSchema('migrate4');
    try {
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      await client.query(version4('postgres'));
      await client.end();
      const store = await openStore(schema.url);
      try {
        assert.equal(await store.schemaVersion(), LATEST_VERSION);
        assert.deepEqual(await store.records.triage('nodejs/node'), [migratedDecision]);
      } finally {
        await store.close();
      }
    } finally {
      await schema.drop();
    }
  });
});

describe('a version-5 store (before release steps) is migrated, keeping its update checks', () => {
  it('sqlite: version 5 → latest; the checks answer by dependency and steps can be recorded', async () => {
    const file = tempFile();
    const old = new Database(file);
    old.exec(version5('sqlite'));
    old.close();
    const store = await openStore(file);
    try {
      assert.equal(await store.schemaVersion(), LATEST_VERSION);
      assert.deepEqual(await store.records.dependencyChecks('openssl'), [migratedCheck]);
      assert.deepEqual(await store.records.releaseSteps(), []);
    } finally {
      await store.close();
    }
    const raw = new Database(file, { readonly: true });
    const plan = raw.prepare("EXPLAIN QUERY PLAN SELECT * FROM update_check WHERE dependency = 'openssl'").all() as { detail: string }[];
    raw.close();
    assert.ok(plan.some((row) => /update_check_by_dependency/.test(row.detail)), `the dependency index is used: ${plan.map((row) => row.detail).join('; ')}`);
  });

  it('postgres: version 5 → latest keeps the update checks', { skip: skipWithoutPostgres }, async () => {
    const schema = await freshSchema('migrate5');
    try {
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      await client.query(version5('postgres'));
      await client.end();
      const store = await openStore(schema.url);
      try {
        assert.equal(await store.schemaVersion(), LATEST_VERSION);
        assert.deepEqual(await store.records.dependencyChecks('openssl'), [migratedCheck]);
      } finally {
        await store.close();
      }
    } finally {
      await schema.drop();
    }
  });
});

/**
 * A store as vigil wrote it at schema version 6 (update checks keyed without a location, run
 * progress counted from the scores), with one update check and a queued run that recorded two of
 * its three repositories (one failed).
 */
const version6 = (dialect: 'sqlite' | 'postgres') => [
  MIGRATIONS_TABLE,
  ...MIGRATIONS.filter((step) => step.version <= 6).map((step) => `${step[dialect]};INSERT INTO store_migrations (version, name, applied_at) VALUES (${step.version}, '${step.name}', '2026-11-01')`),
  "INSERT INTO update_check (project, dependency, checked_at, current, latest, error, detail) VALUES ('nodejs/node', 'openssl', '2026-11-20T00:00:00Z', '3.0.13', '3.0.14', NULL, '{\"status\":\"behind\"}')",
  "INSERT INTO monitor_repo (id, platform, org, repo) VALUES (1, 'github.com', 'nodejs', 'node'), (2, 'github.com', 'nodejs', 'undici')",
  "INSERT INTO monitor_run (id, source, started_at, finished_at) VALUES (1, 'queue:engine', '2026-11-23T00:00:00Z', NULL)",
  "INSERT INTO queue_run (run_id, kind, total, enqueued_at) VALUES (1, 'monitor', 3, '2026-11-23T00:00:00Z')",
  "INSERT INTO monitor_score (id, run_id, repo_id, date, commit_sha, score, error) VALUES (1, 1, 1, '2026-11-23T01:00:00Z', 'abc', 7, NULL), (2, 1, 2, '2026-11-23T00:00:00Z', NULL, NULL, 'timeout')",
].join(';\n');

/** What a version-6 store answers once migrated: its check at location '', its run two of three along. */
async function assertVersion6Migrated(store: Store): Promise<void> {
  assert.equal(await store.schemaVersion(), LATEST_VERSION);
  assert.deepEqual(await store.records.latestUpdateChecks('nodejs/node'), [migratedCheck]);
  assert.deepEqual(await store.records.dependencyChecks('openssl'), [migratedCheck]);
  assert.equal(await store.monitor.finishIfComplete(1, '2026-11-23T02:00:00Z'), false, 'two of three recorded before the migration are counted');
  await store.monitor.record(1, scored(undici, 8, '2026-11-23T01:30:00Z', 8), '2026-11-23T00:00:00Z');
  assert.equal(await store.monitor.finishIfComplete(1, '2026-11-23T02:00:00Z'), false, 'a retry of a repository counted before the migration does not count again');
  await store.monitor.record(1, scored({ platform: 'github.com', org: 'nodejs', repo: 'llhttp' }, 6, '2026-11-23T01:30:00Z', 6), '2026-11-23T00:00:00Z');
  assert.equal(await store.monitor.finishIfComplete(1, '2026-11-23T02:00:00Z'), true);
  const [run] = await store.monitor.runs(1);
  assert.deepEqual([run!.scored, run!.failed.length], [3, 0], 'the failure was replaced by its retry');
}

describe('a version-6 store (update checks without a location, progress not counted) is migrated, keeping its rows', () => {
  it('sqlite: version 6 → latest', async () => {
    const file = tempFile();
    const old = new Database(file);
    old.exec(version6('sqlite'));
    old.close();
    const store = await openStore(file);
    try {
      await assertVersion6Migrated(store);
    } finally {
      await store.close();
    }
    const raw = new Database(file, { readonly: true });
    const plan = raw.prepare("EXPLAIN QUERY PLAN SELECT * FROM update_check WHERE dependency = 'openssl'").all() as { detail: string }[];
    raw.close();
    assert.ok(plan.some((row) => /update_check_by_dependency/.test(row.detail)), `the dependency index is made again: ${plan.map((row) => row.detail).join('; ')}`);
  });

  it('postgres: version 6 → latest', { skip: skipWithoutPostgres }, async () => {
    const schema = await freshSchema('migrate6');
    try {
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      await client.query(version6('postgres'));
      // The rows above name their ids: move the sequences past them, as rows written by vigil would have.
      await client.query("SELECT setval('monitor_repo_id_seq', 2), setval('monitor_run_id_seq', 1), setval('monitor_score_id_seq', 2)");
      await client.end();
      const store = await openStore(schema.url);
      try {
        await assertVersion6Migrated(store);
      } finally {
        await store.close();
      }
    } finally {
      await schema.drop();
    }
  });
});
