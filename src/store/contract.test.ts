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
import type { Store } from './types.js';

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
  const store = await openStore(schema.url);
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

const migratedCheck = { project: 'nodejs/node', dependency: 'openssl', checkedAt: '2026-11-20T00:00:00Z', current: '3.0.13', latest: '3.0.14', error: null, detail: { status: 'behind' } };

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
