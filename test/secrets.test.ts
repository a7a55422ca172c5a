import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fixture, projectRoot } from './fixtures.js';
import { HOSTILE_MODES, startHostileServer, type HostileServer } from './hostile-servers.js';

/**
 * Issue #20: plant tokens in the environment, run every networked command against hostile
 * servers, and grep all output and every file written for them.
 */
const GITHUB_TOKEN = 'ghp_PLANTEDgithubTOKEN0123456789abcdefABCD';
const NVD_KEY = 'nvd-PLANTED-key-5f1e2d3c4b5a';
const SECRETS = [GITHUB_TOKEN, NVD_KEY, Buffer.from(`x-access-token:${GITHUB_TOKEN}`).toString('base64')];

const run = promisify(execFile);
async function cli(args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number; output: string }> {
  const options = { cwd, timeout: 90_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', GH_TOKEN: '', VIGIL_GITHUB_TOKEN: '', GITHUB_TOKEN, NVD_API_KEY: NVD_KEY, XDG_CONFIG_HOME: join(cwd, 'xdg-config'), XDG_CACHE_HOME: join(cwd, 'xdg-cache'), ...env } };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), ...args], options);
    return { status: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number | string; signal?: string; stdout: string; stderr: string };
    return { status: typeof failure.code === 'number' ? failure.code : -1, output: `${failure.stdout}${failure.stderr}${failure.signal ? ` signal ${failure.signal}` : ''}` };
  }
}

/** Every file under a directory (the store, reports, caches), read as bytes. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true }).map((entry) => join(root, String(entry))).filter((path) => statSync(path).isFile());
}

function assertNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} holds a planted secret`);
}

interface Scenario {
  name: string;
  args: (server: HostileServer, work: string) => string[];
  env: (server: HostileServer) => Record<string, string>;
}

const SCENARIOS: Scenario[] = [
  { name: 'scorecard --repo', args: (_server, work) => ['scorecard', join(work, 'repo'), '--repo', 'nodejs/citgm', '--checks', 'Branch-Protection,Maintained,Code-Review'], env: (server) => ({ VIGIL_GITHUB_API_URL: server.url, VIGIL_GITHUB_GRAPHQL_URL: `${server.url}/graphql` }) },
  { name: 'db sync nvd', args: (_server, work) => ['db', 'sync', 'nvd', '--db', join(work, 'store.db')], env: (server) => ({ VIGIL_NVD_URL: server.url }) },
  { name: 'db sync ghsa', args: (_server, work) => ['db', 'sync', 'ghsa', '--db', join(work, 'store.db')], env: (server) => ({ VIGIL_GITHUB_API_URL: server.url }) },
  { name: 'db sync security-wg', args: (_server, work) => ['db', 'sync', 'security-wg', '--db', join(work, 'store.db')], env: (server) => ({ VIGIL_GITHUB_API_URL: server.url }) },
  { name: 'harden --resolver api', args: (_server, work) => ['harden', join(work, 'repo'), '--resolver', 'api'], env: (server) => ({ VIGIL_GITHUB_API_URL: server.url }) },
];

describe('no planted token escapes, whatever the server answers', () => {
  const work = mkdtempSync(join(tmpdir(), 'vigil-secrets-'));
  before(() => {
    cpSync(fixture('workflows', 'citgm'), join(work, 'repo'), { recursive: true });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const mode of HOSTILE_MODES) {
    it(`against a server answering ${mode}`, async () => {
      const server = await startHostileServer(mode);
      try {
        const report: string[] = [];
        for (const scenario of SCENARIOS) {
          const result = await cli(scenario.args(server, work), work, scenario.env(server));
          report.push(`${scenario.name}: exit ${result.status}: ${result.output.trim().split('\n').slice(-3).join(' | ')}`);
          assertNoSecret(result.output, `${mode} / ${scenario.name}: output`);
          assert.notEqual(result.status, 3, `${mode} / ${scenario.name} crashed:\n${result.output}`);
          assert.notEqual(result.status, -1, `${mode} / ${scenario.name} was killed:\n${result.output}`);
          assert.notEqual(result.status, 0, `${mode} / ${scenario.name}: a failure looked like success:\n${result.output}`);
          assert.match(result.output, /127\.0\.0\.1:\d+|GitHub (GraphQL )?API/, `${mode} / ${scenario.name}: the failing host is named:\n${result.output}`);
        }
        for (const file of filesUnder(work)) assertNoSecret(readFileSync(file, 'latin1'), `${mode}: ${file}`);
        for (const request of server.received.filter((entry) => entry.url.startsWith('other:'))) {
          assert.equal(request.headers.authorization, undefined, `${mode}: Authorization crossed origins to ${request.url}`);
          assert.equal(request.headers.apikey, undefined, `${mode}: apiKey crossed origins to ${request.url}`);
        }
        if (process.env.VIGIL_TEST_VERBOSE) console.log(report.join('\n'));
      } finally {
        await server.close();
      }
    });
  }

  it('never sends the token where a project config file points', async () => {
    const server = await startHostileServer('echo');
    const project = join(work, 'project');
    cpSync(fixture('workflows', 'citgm'), project, { recursive: true });
    writeFileSync(join(project, 'vigil.config.yaml'), `github:\n  baseUrl: ${server.url}\n  graphqlUrl: ${server.url}/graphql\n`);
    try {
      const result = await cli(['scorecard', '.', '--repo', 'nodejs/citgm', '--checks', 'Branch-Protection', '--verbose'], project, { VIGIL_GITHUB_API_URL: '', GITHUB_API_URL: '', VIGIL_GITHUB_GRAPHQL_URL: '' });
      assert.equal(server.received.length, 0, 'the project file redirected requests');
      assert.match(result.output, /github\.baseUrl ignored: a project's config file may not choose where Vigil sends requests/);
      assertNoSecret(result.output, 'output');
    } finally {
      await server.close();
    }
  });
});
