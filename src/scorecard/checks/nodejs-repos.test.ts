/**
 * Snapshot of the file checks on the workflows and Dockerfiles of ten `nodejs` repositories
 * (../shared/fixtures/workflows), reviewed by hand once. Regenerate with UPDATE_SNAPSHOTS=1 after
 * a deliberate change and review the diff. (The workflow checks have their own snapshot.)
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { openRepoView } from '../repo-view.js';
import { runChecks } from '../run.js';
import { checks } from './registry.js';

const root = fixture('workflows');
const snapshotPath = join(import.meta.dirname, '__fixtures__', 'nodejs-file-checks.json');
const FILE_CHECKS = ['Binary-Artifacts', 'Dependency-Update-Tool', 'Fuzzing', 'License', 'Packaging', 'SAST', 'Security-Policy'];

test('file checks on the nodejs repositories match the reviewed snapshot', async () => {
  const repos = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const actual: Record<string, unknown> = {};
  for (const repo of repos) {
    const opened = await openRepoView(join(root, repo));
    try {
      const result = await runChecks(opened.view, checks.filter((check) => FILE_CHECKS.includes(check.name)), { now: new Date('2026-11-23T00:00:00Z') }, { name: repo, commit: null });
      actual[repo] = Object.fromEntries(
        result.checks.map((check) => [check.name, { score: check.score, reason: check.reason, details: check.details.filter((detail) => detail.type !== 'Debug').map((detail) => `${detail.type}: ${detail.message}${detail.path ? ` ${detail.path}:${detail.line ?? ''}` : ''}`) }]),
      );
    } finally {
      opened.close();
    }
  }
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(snapshotPath)) writeFileSync(snapshotPath, `${JSON.stringify(actual, null, 2)}\n`);
  assert.deepEqual(actual, JSON.parse(readFileSync(snapshotPath, 'utf8')));
});
