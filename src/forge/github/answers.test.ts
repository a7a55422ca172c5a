import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../../../test/fixtures.js';
import { checkAnswer, REST_ANSWERS, routeOf } from './answers.js';
import { createGitHubClient } from './client.js';

/** Every GitHub route Vigil's code calls: `client.rest.<scope>.<method>` and `request('METHOD /path')`. */
function routesCalled(): string[] {
  const client = createGitHubClient({ baseUrl: 'http://127.0.0.1:1' }) as unknown as { rest: Record<string, Record<string, { endpoint: { DEFAULTS: { method: string; url: string } } }>> };
  const routes = new Set<string>();
  const src = join(projectRoot, 'src');
  for (const file of readdirSync(src, { recursive: true }).map(String).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
    const text = readFileSync(join(src, file), 'utf8');
    for (const [, scope, method] of text.matchAll(/\.rest\.(\w+)\.(\w+)/g)) {
      const defaults = client.rest[scope!]?.[method!]?.endpoint.DEFAULTS;
      assert.ok(defaults, `${file}: rest.${scope}.${method} is not an Octokit endpoint`);
      routes.add(`${defaults.method} ${defaults.url}`);
    }
    for (const [, route] of text.matchAll(/\.request\(\s*'((?:GET|POST|PATCH|PUT|DELETE) \/[^'?]+)/g)) routes.add(route!);
  }
  return [...routes].sort();
}

describe('GitHub answers are checked where they enter', () => {
  it('every route the code calls has a schema', () => {
    const called = routesCalled();
    assert.ok(called.length >= 20, `only ${called.length} routes found: the scan is broken`);
    const missing = called.filter((route) => !(route in REST_ANSWERS));
    assert.deepEqual(missing, []);
  });

  it('names the route of later pages, which paginate requests by absolute URL', () => {
    assert.equal(routeOf('GET', '/orgs/{org}/repos', 'https://api.github.com'), 'GET /orgs/{org}/repos');
    assert.equal(routeOf('GET', 'https://api.github.com/organizations/9950313/repos?page=2', 'https://api.github.com'), 'GET /organizations/9950313/repos');
    assert.equal(routeOf('GET', 'https://ghe.example/api/v3/repos/nodejs/node/issues?page=3', 'https://ghe.example/api/v3'), 'GET /repos/{owner}/{repo}/issues');
  });

  it('refuses an echo, a wrong shape and HTML, naming the URL; passes real answers and raw media', () => {
    const url = 'http://127.0.0.1:9999/orgs/nodejs/repos';
    assert.throws(() => checkAnswer('GET /orgs/{org}/repos', url, 200, { message: 'you sent GET /orgs/nodejs/repos' }, undefined), (error: Error & { exitCode: number }) => error.exitCode === 2 && error.message.startsWith(url));
    assert.throws(() => checkAnswer('GET /orgs/{org}/repos', url, 200, [{ archived: false }], undefined), /at 0\.name/);
    assert.throws(() => checkAnswer('GET /repos/{owner}/{repo}/commits/{ref}', url, 200, { sha: 'not-a-sha' }, undefined), /commit SHA/);
    assert.throws(() => checkAnswer('GET /unknown', url, 200, '<html>', undefined), /got/);
    checkAnswer('GET /orgs/{org}/repos', url, 200, [{ name: 'node', archived: false, fork: false, extra: 1 }], undefined);
    checkAnswer('GET /repos/{owner}/{repo}/contents/{path}', url, 200, 'raw text', 'application/vnd.github.raw');
    checkAnswer('PATCH /repos/{owner}/{repo}/git/refs/{ref}', url, 204, undefined, undefined);
  });
});
