import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { freshSchema, skipWithoutPostgres } from '../../../test/postgres.js';
import { importPath } from '../../advisories/import.js';
import { openPostgresStore } from '../../store/postgres/index.js';
import { RateBudget } from '../rate-budget.js';
import { reviewProjectJob } from './review-project.js';

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: 'pipe' });

function lockfile(version: string): string {
  return JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'app', version: '1.0.0', dependencies: { bassmaster: `^${version}` } }, 'node_modules/bassmaster': { version, resolved: `https://registry.npmjs.org/bassmaster/-/bassmaster-${version}.tgz` } } }, null, 2);
}

it('review-project reviews each release line of a clone against the shared advisory store and records it', { skip: skipWithoutPostgres }, async () => {
  const schema = await freshSchema('review_job');
  const store = await openPostgresStore(schema.url);
  try {
    await importPath(store.advisories, fixture('security-wg', 'vuln'));
    // A repository with two release lines: v1.x still on the vulnerable bassmaster, main fixed.
    const remote = join(mkdtempSync(join(tmpdir(), 'vigil-review-job-')), 'acme', 'app');
    mkdirSync(remote, { recursive: true });
    git(remote, 'init', '-q');
    writeFileSync(join(remote, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { bassmaster: '^1.5.1' } }));
    writeFileSync(join(remote, 'package-lock.json'), lockfile('1.5.1'));
    git(remote, 'add', '.');
    git(remote, 'commit', '-qm', 'v1');
    git(remote, 'branch', 'v1.x');
    writeFileSync(join(remote, 'package-lock.json'), lockfile('1.5.2'));
    git(remote, 'commit', '-qam', 'fix');
    const context = { store, queue: store.queue, github: { baseUrl: 'http://127.0.0.1:1', token: undefined }, clonesDirectory: mkdtempSync(join(tmpdir(), 'vigil-review-clones-')), budget: new RateBudget(store.queue), log: () => undefined };
    const ref = { platform: 'github.com', org: 'acme', repo: 'app' };
    // The project's triage file, recorded in the store (`vigil triage record`): this machine has no checkout of it.
    const decision = { project: 'acme/app', vulnerability: 'CVE-2014-7205', package: 'bassmaster', lines: ['v1.x'], status: 'not_affected' as const, justification: 'vulnerable_code_not_in_execute_path', reason: 'batch endpoint disabled', decidedBy: 'ops', decidedAt: '2026-11-20T00:00:00Z', expires: null };
    await store.records.replaceTriage('acme/app', [decision, { ...decision, vulnerability: 'CVE-1999-0001', lines: [] }]);
    for (const line of ['v1.x', 'main']) await reviewProjectJob.run({ ref, gitBaseUrl: `file://${join(remote, '..', '..')}`, line, now: '2026-11-23T00:00:00Z' }, context, { attempt: 1, maxAttempts: 5 });
    const reviews = await store.records.latestReviews();
    assert.deepEqual(reviews.map((review) => [review.project, review.line, review.findings.map((finding) => `${finding.package}@${finding.version}`)]), [
      ['acme/app', 'main', []],
      ['acme/app', 'v1.x', ['bassmaster@1.5.1']],
    ]);
    assert.equal(reviews[1]!.findings[0]!.triage, 'not_affected', "the stored decision is applied on the worker's machine");
  } finally {
    await store.close();
    await schema.drop();
  }
});
