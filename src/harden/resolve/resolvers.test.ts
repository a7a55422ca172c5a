import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestResponse } from '../../../test/http-server.js';
import { createGitHubClient } from '../../forge/index.js';
import { InputError } from '../../errors.js';
import { formatPinLock, parsePinLock } from './lock-file.js';
import { githubActionResolver } from './github-api.js';
import { lsRemoteActionResolver } from './git-ls-remote.js';
import { parseImageReference, registryImageResolver } from './registry.js';
import { mostSpecificTag } from './versions.js';

const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';

test('lock file: round trip, and a bad line names the file and line', async () => {
  const text = `# pins\naction actions/checkout@v4 ${SHA} v4.1.1\nimage node:20 sha256:${'c'.repeat(64)}\n`;
  const lock = parsePinLock(text, 'pins.lock');
  assert.deepEqual(await lock.resolveAction('actions/checkout', 'v4'), { sha: SHA, version: 'v4.1.1' });
  assert.equal(await lock.resolveAction('actions/checkout', 'v3'), null);
  assert.equal(await lock.resolveImage('node:20'), `sha256:${'c'.repeat(64)}`);
  assert.equal(formatPinLock(lock.actions, lock.images), `# vigil harden pins (src/harden/README.md)\naction actions/checkout@v4 ${SHA} v4.1.1\nimage node:20 sha256:${'c'.repeat(64)}\n`);
  assert.throws(() => parsePinLock('action actions/checkout@v4 abc123\n', 'pins.lock'), (error: unknown) => error instanceof InputError && error.line === 1 && /pins\.lock:1/.test(error.message));
});

test('the most specific tag wins', () => {
  assert.equal(mostSpecificTag(['v4', 'v4.1', 'v4.1.7'], 'v4'), 'v4.1.7');
  assert.equal(mostSpecificTag(['latest', 'v2.0.0'], 'main'), 'v2.0.0');
  assert.equal(mostSpecificTag([], 'v1'), null);
});

test('GitHub API: ref → commit → the most specific tag naming it; 404 and 422 are "not found"', async () => {
  const server = await startTestServer([
    {
      method: 'GET',
      path: '/repos/:owner/:repo/commits/:ref',
      handler: ({ params }) => {
        if (params.repo !== 'checkout') return { status: 404, body: { message: 'Not Found' } };
        if (params.ref === 'nope') return { status: 422, body: { message: 'No commit found for SHA: nope' } };
        return { body: { sha: SHA } };
      },
    },
    {
      method: 'GET',
      path: '/repos/:owner/:repo/tags',
      handler: () => ({ body: [{ name: 'v4', commit: { sha: SHA } }, { name: 'v4.1.1', commit: { sha: SHA } }, { name: 'v3', commit: { sha: 'f'.repeat(40) } }] }),
    },
  ]);
  try {
    const client = createGitHubClient({ baseUrl: server.url, token: 'test', retries: 0 });
    const resolver = githubActionResolver(client);
    assert.deepEqual(await resolver.resolveAction('actions/checkout', 'v4'), { sha: SHA, version: 'v4.1.1' });
    assert.deepEqual(await resolver.resolveAction('actions/checkout', 'v4'), { sha: SHA, version: 'v4.1.1' });
    assert.equal(await resolver.resolveAction('actions/checkout', 'nope'), null);
    assert.equal(await resolver.resolveAction('gone/away', 'v1'), null);
    // Memoised: the second v4 lookup made no request.
    assert.equal(server.requests.filter((request) => request.url.pathname.endsWith('/commits/v4')).length, 1);
  } finally {
    await server.close();
  }
});

test('git ls-remote: tags (peeled) and branches of a repository', async () => {
  const base = mkdtempSync(join(tmpdir(), 'vigil-ls-remote-'));
  try {
    const repo = join(base, 'owner', 'action');
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
    const run = (...args: string[]): string => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    writeFileSync(join(repo, 'action.yml'), 'name: a\n');
    run('add', '.');
    run('commit', '-qm', 'one');
    run('tag', '-a', 'v1.2.3', '-m', 'release');
    run('tag', 'v1');
    const head = run('rev-parse', 'HEAD');
    const resolver = lsRemoteActionResolver({ baseUrl: `file://${base}` });
    assert.deepEqual(await resolver.resolveAction('owner/action', 'v1'), { sha: head, version: 'v1.2.3' });
    assert.deepEqual(await resolver.resolveAction('owner/action', 'main'), { sha: head, version: 'v1.2.3' });
    assert.equal(await resolver.resolveAction('owner/action', 'v9'), null);
    assert.equal(await resolver.resolveAction('owner/missing', 'v1'), null);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('registry: names normalised as Docker does', () => {
  assert.deepEqual(parseImageReference('node:20'), { host: 'registry-1.docker.io', name: 'library/node', tag: '20' });
  assert.deepEqual(parseImageReference('bitnami/redis'), { host: 'registry-1.docker.io', name: 'bitnami/redis', tag: 'latest' });
  assert.deepEqual(parseImageReference('ghcr.io/owner/app:1.0'), { host: 'ghcr.io', name: 'owner/app', tag: '1.0' });
});

test('registry: HEAD manifest after the anonymous token dance; unknown tags are not found', async () => {
  const digest = `sha256:${'d'.repeat(64)}`;
  const server = await startTestServer([
    {
      method: 'GET',
      path: '/token',
      handler: ({ url }) => (url.searchParams.get('scope') === 'repository:library/node:pull' ? { body: { token: 'anon' } } : { status: 400, body: {} }),
    },
    {
      method: 'HEAD',
      path: '/v2/library/node/manifests/:tag',
      handler: ({ headers, params }): TestResponse => {
        if (headers.authorization !== 'Bearer anon') {
          return { status: 401, headers: { 'www-authenticate': `Bearer realm="${server.url}/token",service="registry.docker.io",scope="repository:library/node:pull"` } };
        }
        return params.tag === '20' ? { status: 200, headers: { 'docker-content-digest': digest } } : { status: 404 };
      },
    },
  ]);
  try {
    const resolver = registryImageResolver({ hosts: { 'registry-1.docker.io': server.url } });
    assert.equal(await resolver.resolveImage('node:20'), digest);
    assert.equal(await resolver.resolveImage('node:0'), null);
  } finally {
    await server.close();
  }
});

test('GitHub remotes: github.com and Enterprise URLs; other hosts are not GitHub', async () => {
  const { parseGitHubRemote } = await import('./github-remote.js');
  assert.deepEqual(parseGitHubRemote('git@github.com:nodejs/node.git', 'github.com'), { owner: 'nodejs', repo: 'node' });
  assert.deepEqual(parseGitHubRemote('https://github.com/nodejs/undici', 'github.com'), { owner: 'nodejs', repo: 'undici' });
  assert.deepEqual(parseGitHubRemote('https://ghe.example.com/team/app.git', 'ghe.example.com'), { owner: 'team', repo: 'app' });
  assert.equal(parseGitHubRemote('https://gitlab.com/group/project.git', 'github.com'), null);
});

test('recording resolvers remember what they answered, for --write-lock', async () => {
  const { recordingResolvers } = await import('./recording.js');
  const lock = parsePinLock(`action a/b@v1 ${SHA} v1.0.0\n`);
  const recorded = recordingResolvers(lock, lock);
  await recorded.actions?.resolveAction('a/b', 'v1');
  await recorded.actions?.resolveAction('a/b', 'v2');
  assert.equal(formatPinLock(recorded.recording.actions, recorded.recording.images), `# vigil harden pins (src/harden/README.md)\naction a/b@v1 ${SHA} v1.0.0\n`);
});
