import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startFakeGitHub } from '../../../test/fake-github.js';
import { createGitHubClient } from './client.js';
import { applyIssueSync, listMarkedIssues, planIssueSync, type IssueDraft } from './issues.js';

describe('issue sync by hidden marker', () => {
  let server: Awaited<ReturnType<typeof startFakeGitHub>>;
  before(async () => {
    server = await startFakeGitHub({ repos: ['acme/app'], perPage: 2 });
  });
  after(() => server.close());

  async function sync(drafts: IssueDraft[]) {
    const client = createGitHubClient({ baseUrl: server.url, token: 't', retries: 0 });
    const existing = await listMarkedIssues(client, 'acme', 'app');
    const plan = planIssueSync(drafts, existing, { closeMissing: true, keyPrefix: 'review:' });
    return applyIssueSync(client, 'acme', 'app', drafts, plan, 'No longer found by Vigil.');
  }

  it('creates once, leaves unchanged issues alone, updates changed ones and closes vanished ones', async () => {
    const drafts = [1, 2, 3].map((n) => ({ key: `review:CVE-${n}`, title: `CVE-${n}`, body: `finding ${n}` }));
    const first = await sync(drafts);
    assert.deepEqual(first.map((a) => a.action), ['create', 'create', 'create']);
    const second = await sync(drafts);
    assert.deepEqual(second.map((a) => a.action), ['unchanged', 'unchanged', 'unchanged']);
    assert.equal(server.state.issues.length, 3, 'a re-run must not duplicate issues (pagination included)');
    const third = await sync([{ ...drafts[0]!, body: 'finding 1, now fixed upstream' }, drafts[1]!]);
    assert.deepEqual(third.map((a) => a.action), ['update', 'unchanged', 'close']);
    const closed = server.state.issues.find((issue) => issue.title === 'CVE-3');
    assert.equal(closed?.state, 'closed');
    assert.deepEqual(closed?.comments, ['No longer found by Vigil.']);
  });

  it('never closes issues whose key belongs to another prefix', () => {
    const plan = planIssueSync([], [{ number: 9, title: 'x', body: '', state: 'open', url: '', key: 'monitor:x' }], { closeMissing: true, keyPrefix: 'review:' });
    assert.deepEqual(plan, []);
  });
});
