import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nodeLikeRepo, startFakeScorecardGitHub, type FakeScorecardRepo } from '../../../test/fake-github-scorecard.js';
import type { TestServer } from '../../../test/http-server.js';
import { createGitHubClient } from '../../forge/github/client.js';
import { checks } from '../checks/registry.js';
import { memoryView } from '../memory-view.js';
import { runChecks } from '../run.js';
import { createBestPracticesLookup } from './best-practices.js';
import { createGitHubForge } from './github.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const REPO: FakeScorecardRepo = nodeLikeRepo(NOW);
/** Shortened from nodejs/.github's SECURITY.md. */
const ORG_POLICY = [
  '# Security',
  '',
  '## Reporting a bug in Node.js',
  '',
  'Report security bugs in Node.js via [HackerOne](https://hackerone.com/nodejs).',
  '',
  "Your report will be acknowledged within 5 days, and you'll receive a more",
  'detailed response to your report within 10 days indicating the next steps.',
  '',
  '## Disclosure policy',
  '',
  'Here is the security disclosure policy for Node.js',
  '',
].join('\n');

describe('Scorecard forge checks against a local GitHub', () => {
  let server: TestServer;
  before(async () => {
    server = await startFakeScorecardGitHub({
      'nodejs/node': REPO,
      'nodejs/private': { ...REPO, hooks: 403 },
      // The shape of nodejs/.github: community health files at the root, the policy among them.
      'nodejs/.github': { ...REPO, files: { 'CONTRIBUTING.md': '# Contributing\n', 'profile/README.md': '# Node.js\n', 'SECURITY.md': ORG_POLICY } },
      'pkgjs/.github': { ...REPO, files: { 'README.md': 'no policy here\n' } },
    });
  });
  after(() => server.close());

  const score = async (repo: string) => {
    const client = createGitHubClient({ baseUrl: server.url, token: 'test-token', retries: 0 });
    const forge = createGitHubForge({ api: client, repo, bestPractices: createBestPracticesLookup({ baseUrl: server.url }) });
    const view = memoryView({ '.github/CODEOWNERS': '* @nodejs/tsc', '.github/workflows/codeql.yml': 'jobs:\n  a:\n    steps:\n      - uses: github/codeql-action/analyze@v3\n' }, { name: `github.com/${repo}` });
    const result = await runChecks(view, checks, { now: NOW, forge }, { name: view.name, commit: 'c'.repeat(40), apiCalls: () => forge.apiCalls() });
    return { result, byName: new Map(result.checks.map((check) => [check.name, check])) };
  };

  it('scores every forge check as Scorecard does', async () => {
    const { byName } = await score('nodejs/node');
    const get = (name: string) => byName.get(name);
    // 4 commits and 2 active issues in 90 days: 10·6/12 = 5.
    assert.equal(get('Maintained')?.score, 5);
    assert.equal(get('Maintained')?.measured, 'forge');
    // Changesets: 1, 2 approved; 3 not; the bot's is approved by its merger and left out; 30 approved: 3/4.
    assert.equal(get('Code-Review')?.score, 7);
    assert.equal(get('Code-Review')?.reason, 'Found 3/4 approved changesets -- score normalized to 7');
    assert.equal(get('CI-Tests')?.score, 8);
    assert.equal(get('Contributors')?.score, 10, get('Contributors')?.reason);
    assert.match(get('Contributors')?.details[0]?.message ?? '', /found contributions from: nearform, nodejs, redhat/);
    // CodeQL configured (7) and 4 of 5 commits analysed (8): floor((8·3 + 10·7)/10) = 9.
    assert.equal(get('SAST')?.score, 9);
    // Releases: one signed (8), one not (0): floor(8/2) = 4.
    assert.equal(get('Signed-Releases')?.score, 4);
    assert.equal(get('Webhooks')?.score, 5);
    assert.equal(get('CII-Best-Practices')?.score, 5);
    // main: basic 2/2 (3), approvers 1 but up-to-date etc. unknown without admin: review 2/2 → tier 2 complete (3),
    // contexts (2), thorough review 0/1 + codeowners 0/1 stops there; v22.x is unprotected, so tier 1 fails: 3·2/4.
    assert.equal(get('Branch-Protection')?.score, 1);
    assert.match(get('Branch-Protection')?.details.map((detail) => detail.message).join('\n') ?? '', /branch protection not enabled for branch 'v22.x'/);
  });

  it('uses a handful of API calls where Scorecard uses about 70', async () => {
    const { result } = await score('nodejs/node');
    // GraphQL: repository, branches, users; REST: releases, contributors, hooks, the org's .github
    // tree and its SECURITY.md (the view has no policy); bestpractices.dev: 1.
    assert.equal(result.apiCalls, 9);
    const graphql = server.requests.filter((request) => request.url.pathname === '/graphql');
    assert.ok(graphql.every((request) => request.headers.authorization === 'token test-token'));
  });

  it('is inconclusive, not zero, for Webhooks without admin rights', async () => {
    const { byName } = await score('nodejs/private');
    assert.equal(byName.get('Webhooks')?.score, -1);
  });

  it('leaves forge checks inconclusive without a token', async () => {
    const view = memoryView({ LICENSE: 'x' });
    const result = await runChecks(view, checks, { now: NOW }, { name: 'x', commit: null });
    for (const name of ['Branch-Protection', 'CI-Tests', 'Contributors', 'Signed-Releases', 'CII-Best-Practices', 'Webhooks']) {
      const check = result.checks.find((candidate) => candidate.name === name);
      assert.equal(check?.score, -1, name);
      assert.match(check?.reason ?? '', /token/);
    }
    assert.equal(result.apiCalls, 0);
  });

  it("reads the organisation's .github SECURITY.md when the repository has none, as Scorecard does", async () => {
    const client = createGitHubClient({ baseUrl: server.url, token: 'test-token', retries: 0 });
    const policy = async (repo: string, files: Record<string, string>) => {
      const forge = createGitHubForge({ api: client, repo });
      const view = memoryView(files, { name: `github.com/${repo}` });
      const result = await runChecks(view, checks.filter((check) => check.name === 'Security-Policy'), { now: NOW, forge }, { name: view.name, commit: null, apiCalls: () => forge.apiCalls() });
      return { check: result.checks[0], apiCalls: result.apiCalls };
    };
    const org = await policy('nodejs/node', { 'README.md': '# node\n' });
    // A link (6), text (3), "disclosure" and numbers (1).
    assert.equal(org.check?.score, 10);
    assert.equal(org.check?.measured, 'forge');
    assert.equal(org.check?.details[0]?.path, 'github.com/nodejs/.github/SECURITY.md');
    assert.equal(org.apiCalls, 2);
    // The repository's own policy wins and the forge is not asked.
    const own = await policy('nodejs/node', { 'SECURITY.md': 'security@example.com\n' });
    assert.deepEqual([own.check?.score, own.check?.measured, own.apiCalls], [6, 'files', 0]);
    // An org .github without a policy, and an org without a .github repository: 0, as Scorecard.
    for (const repo of ['pkgjs/undici', 'example/app']) {
      const none = await policy(repo, { 'README.md': 'x\n' });
      assert.deepEqual([none.check?.score, none.check?.reason, none.apiCalls], [0, 'security policy file not detected', 1]);
    }
    // Offline the reason says what could not be looked at.
    const offline = await runChecks(memoryView({ 'README.md': 'x\n' }), checks.filter((check) => check.name === 'Security-Policy'), { now: NOW }, { name: 'x', commit: null });
    assert.equal(offline.checks[0]?.reason, "security policy file not detected (the organisation's .github repository was not checked: no forge token)");
  });
});
