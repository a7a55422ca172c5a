import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeGitHub } from '../../test/fake-github.js';
import { createGitHubClient } from '../forge/index.js';
import { runReview } from './index.js';
import { syncReviewIssues } from './issues.js';
import { createMemoryLookup } from './memory-lookup.js';
import { parseTriageFile } from './triage/file.js';
import { fixtureAdvisories, nodeTreeInventory } from './__fixtures__/inventory.js';

const now = new Date('2026-11-23T12:00:00Z');
const lines = (...names: string[]) => names.map((name) => ({ inventory: nodeTreeInventory({ name, commit: 'c'.repeat(40) }) }));

test('issues: one per (vulnerability, dependency, line); re-runs update, vanished findings close with a comment; dry run writes nothing', async () => {
  const server = await startFakeGitHub({ repos: ['nodejs/node'], perPage: 2 });
  try {
    const client = createGitHubClient({ baseUrl: server.url, token: 'test-token', retries: 0 });
    const lookup = createMemoryLookup(fixtureAdvisories());
    const first = await runReview({ inventories: lines('v20.x', 'v22.x'), lookup, triage: { file: null, entries: [] }, now });

    const dry = await syncReviewIssues(client, 'nodejs', 'node', first, { dryRun: true });
    assert.deepEqual(dry.map((action) => action.action), Array(8).fill('create'));
    assert.equal(server.state.issues.length, 0, 'a dry run creates nothing');

    await syncReviewIssues(client, 'nodejs', 'node', first, { dryRun: false });
    assert.equal(server.state.issues.length, 8);
    const titles = server.state.issues.map((issue) => issue.title).sort();
    assert.ok(titles.includes('CVE-2023-45143: undici@5.22.1 (v20.x) — low'));
    assert.ok(server.state.issues.some((issue) => issue.body.includes('<!-- vigil:review:CVE-2023-5363:generic/openssl:v20.x -->')));

    const again = await syncReviewIssues(client, 'nodejs', 'node', first, { dryRun: false });
    assert.deepEqual(again.map((action) => action.action), Array(8).fill('unchanged'));
    assert.equal(server.state.issues.length, 8, 'a re-run never duplicates');

    // zlib is triaged not_affected, and only v20.x is reviewed: its v20.x issue closes; v22.x issues stay.
    const triage = parseTriageFile('entries:\n  - id: CVE-2023-45853\n    justification: vulnerable_code_not_present\n    reason: MiniZip is not built\n    by: nodejs/security-wg\n', 't');
    const second = await runReview({ inventories: lines('v20.x'), lookup, triage: { file: 't', entries: triage }, now });
    const actions = await syncReviewIssues(client, 'nodejs', 'node', second, { dryRun: false });
    assert.deepEqual(actions.map((action) => `${action.action} ${action.key}`).sort(), [
      'close review:CVE-2023-45853:generic/zlib:v20.x',
      'unchanged review:CVE-2023-45143:npm/undici:v20.x',
      'unchanged review:CVE-2023-5363:generic/openssl:v20.x',
      'unchanged review:CVE-2024-27980:generic/node:v20.x',
    ]);
    const closed = server.state.issues.filter((issue) => issue.state === 'closed');
    assert.equal(closed.length, 1);
    assert.match(closed[0]?.comments[0] ?? '', /no longer finds/);
    assert.ok(!JSON.stringify(server.state.issues).includes('test-token'));
  } finally {
    await server.close();
  }
});
