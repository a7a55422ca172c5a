/**
 * Snapshot of the three workflow checks on the real workflows and Dockerfiles of ten `nodejs`
 * repositories (../shared/fixtures/workflows). Reviewed by hand once; regenerate with
 * UPDATE_SNAPSHOTS=1 after a deliberate change, and review the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../../../test/fixtures.js';
import { directoryRepoView } from '../test-helpers.js';
import { workflowChecks } from './workflow-checks.js';

const root = fixture('workflows');
const snapshotPath = join(import.meta.dirname, '__fixtures__', 'nodejs-workflows.json');
const context = { now: new Date('2026-11-23T00:00:00Z') };

async function summarise(repo: string): Promise<Record<string, unknown>> {
  const view = directoryRepoView(join(root, repo));
  const out: Record<string, unknown> = {};
  for (const check of workflowChecks) {
    const result = check.evaluate(await check.collect(view, context), context);
    out[check.name] = {
      score: result.score,
      reason: result.reason,
      warnings: result.details.filter((d) => d.type === 'Warn').map((d) => `${d.path ?? ''}:${d.line ?? ''} ${d.message}${d.snippet ? ` | ${d.snippet.split('\n')[0] ?? ''}` : ''}`),
    };
  }
  return out;
}

test('workflow checks on the nodejs repositories match the reviewed snapshot', async () => {
  const repos = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const actual: Record<string, unknown> = {};
  for (const repo of repos) actual[repo] = await summarise(repo);
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(snapshotPath)) {
    writeFileSync(snapshotPath, `${JSON.stringify(actual, null, 2)}\n`);
  }
  assert.deepEqual(actual, JSON.parse(readFileSync(snapshotPath, 'utf8')));
});
