/**
 * The process test/secrets.test.ts starts once: it plants tokens in the environment, wires stdout
 * and stderr exactly as src/cli/main.ts does (the one redaction), and runs every command that
 * talks to a server in-process against each hostile server, one after the other. Starting one
 * process instead of one per run keeps the whole matrix under half a minute; the HTTP layer's own
 * retry knob (VIGIL_HTTP_RETRY_DELAY_MS) keeps the 500s from costing seconds of backoff.
 *
 * Usage: node --import tsx test/secrets-driver.ts <work dir> <result.json> [--without-redaction] [mode…]
 * The result file holds, per mode and scenario, the exit code, everything printed and the
 * headers the server received; the test makes the assertions.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fixture, projectRoot } from './fixtures.js';
import { HOSTILE_MODES, startHostileServer, type HostileMode, type HostileServer } from './hostile-servers.js';

export const GITHUB_TOKEN = 'ghp_PLANTEDgithubTOKEN0123456789abcdefABCD';
export const NVD_KEY = 'nvd-PLANTED-key-5f1e2d3c4b5a';
export const H1_TOKEN = 'h1-PLANTED-token-9a8b7c6d5e4f';
/** Every form a planted secret may take on the wire (raw, Basic-encoded as git and HackerOne send them). */
export const SECRETS = [GITHUB_TOKEN, NVD_KEY, H1_TOKEN, Buffer.from(`x-access-token:${GITHUB_TOKEN}`).toString('base64'), Buffer.from(`vigil-h1:${H1_TOKEN}`).toString('base64')];

export interface Scenario {
  name: string;
  /** Which planted secret the command sends to the server (checked to arrive, so the test can fail). */
  sends?: 'github' | 'nvd' | 'h1';
  args: (server: HostileServer, work: string) => string[];
  /** Only against these servers (a slow command whose every failure class the others already cover). */
  modes?: HostileMode[];
  env?: (server: HostileServer, work: string) => Record<string, string>;
}

const github = (server: HostileServer): Record<string, string> => ({ VIGIL_GITHUB_API_URL: server.url, VIGIL_GITHUB_GRAPHQL_URL: `${server.url}/graphql` });

/**
 * Every command that talks to a server (src/cli/commands: HttpClient, createGitHubClient), each
 * pointed at the hostile server through the environment or its URL flag.
 */
export const SCENARIOS: Scenario[] = [
  { name: 'scorecard --repo', sends: 'github', args: (_s, work) => ['scorecard', join(work, 'repo'), '--repo', 'nodejs/citgm', '--checks', 'Branch-Protection,Maintained,Code-Review,CII-Best-Practices'], env: (server) => ({ ...github(server), VIGIL_BESTPRACTICES_URL: server.url }) },
  { name: 'db sync osv', args: (_s, work) => ['db', 'sync', 'osv', '--db', join(work, 'store.db')], env: (server) => ({ VIGIL_OSV_URL: server.url }) },
  { name: 'db sync nvd', sends: 'nvd', args: (_s, work) => ['db', 'sync', 'nvd', '--db', join(work, 'store.db')], env: (server) => ({ VIGIL_NVD_URL: server.url }) },
  { name: 'db sync ghsa', sends: 'github', args: (_s, work) => ['db', 'sync', 'ghsa', '--db', join(work, 'store.db')], env: github },
  { name: 'db sync security-wg', sends: 'github', args: (_s, work) => ['db', 'sync', 'security-wg', '--db', join(work, 'store.db')], env: github },
  { name: 'harden --resolver api', sends: 'github', args: (_s, work) => ['harden', join(work, 'repo'), '--only', 'pin', '--resolver', 'api'], env: github },
  { name: 'monitor run --discover', sends: 'github', args: () => ['monitor', 'run', '--discover', 'nodejs', '--source', 'file', '--results', 'results.json', '--dry-run'], env: github },
  { name: 'monitor run --source api', args: (server) => ['monitor', 'run', '--source', 'api', '--api-url', server.url] },
  { name: 'review --open-issues', sends: 'github', args: (_s, work) => ['review', join(work, 'project'), '--fail-on', 'none', '--open-issues', 'acme/app', '--dry-run'], env: (server, work) => ({ ...github(server), VIGIL_DB: join(work, 'review.db') }) },
  { name: 'meeting prepare', sends: 'github', args: () => ['meeting', 'prepare', 'wg', '--now', '2026-12-01T00:00:00Z', '--dry-run'], env: github },
  { name: 'updates --registry', args: (server, work) => ['updates', join(work, 'project'), '--registry', server.url, '--no-cache'] },
  { name: 'updates (Node checkout)', sends: 'github', modes: ['status-401', 'echo', 'garbage', 'redirect-other-origin'], args: () => ['updates', fixture('node-tree'), '--no-cache'], env: (server) => ({ ...github(server), VIGIL_NPM_REGISTRY: server.url }) },
  { name: 'release schedule sync', args: (server) => ['release', 'schedule', 'sync', '--url', `${server.url}/schedule.json`] },
  { name: 'release notify', sends: 'github', args: (_s, work) => ['release', 'notify', '--root', join(work, 'release-notify'), '--yes', '--now', '2024-03-25T12:00:00Z'], env: github },
  { name: 'updates apply', sends: 'github', args: (server, work) => ['updates', 'apply', 'c-ares', '--root', join(work, 'node-clone'), '--mirror', server.url, '--no-cache', '--yes'], env: github },
  { name: 'release add-report', sends: 'h1', args: (_s, work) => ['release', 'add-report', '1234', '--root', join(work, 'release'), '--lines', '22.x', '--yes'], env: (server) => ({ VIGIL_H1_API_URL: server.url, VIGIL_H1_IDENTIFIER: 'vigil-h1', VIGIL_H1_TOKEN: H1_TOKEN }) },
];

/** The inputs every scenario needs, written once into the work directory. */
export function prepareWork(work: string): void {
  cpSync(fixture('workflows', 'citgm'), join(work, 'repo'), { recursive: true });
  mkdirSync(join(work, 'project'), { recursive: true });
  writeFileSync(join(work, 'project', 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { undici: '^5.0.0' } }));
  writeFileSync(join(work, 'project', 'package-lock.json'), JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'app', version: '1.0.0', dependencies: { undici: '^5.0.0' } }, 'node_modules/undici': { version: '5.28.4' } } }));
  writeFileSync(join(work, 'scope.json'), JSON.stringify({ 'github.com': { nodejs: { included: ['citgm'], excluded: [] } } }));
  // One real-shaped result: an empty results file is refused before discovery asks the forge (#17).
  writeFileSync(join(work, 'results.json'), JSON.stringify({ date: '2026-11-01', repo: { name: 'github.com/nodejs/node', commit: 'c'.repeat(40) }, score: 7.5, checks: [] }));
  // A project config that sets no network key: the meeting group lives here, its calendar on the server.
  writeFileSync(join(work, 'vigil.config.yaml'), `meetings:\n  groups:\n    wg:\n      name: Security team\n      github: { owner: nodejs, repo: security-wg }\n      calendar: { rrule: "FREQ=WEEKLY;BYDAY=TH", start: "2026-01-01T15:00", timeZone: UTC }\n`);
  // One advisory for the project's undici, so `review --open-issues` has a finding to file.
  writeFileSync(
    join(work, 'advisory.json'),
    JSON.stringify({ schema_version: '1.6.0', id: 'GHSA-test-0000-0001', modified: '2026-01-01T00:00:00Z', aliases: ['CVE-2099-0001'], summary: 'test advisory', affected: [{ package: { ecosystem: 'npm', name: 'undici' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '5.28.5' }] }] }] }),
  );
  // A release with reports, for notify (it opens the heads-up issues on GitHub).
  mkdirSync(join(work, 'release-notify', 'security-release', 'next-security-release'), { recursive: true });
  cpSync(join(projectRoot, 'src', 'release', '__fixtures__', 'april-2024-vulnerabilities.json'), join(work, 'release-notify', 'security-release', 'next-security-release', 'vulnerabilities.json'));
  // A clone of a Node checkout for `updates apply` (its upstream check asks GitHub with the token).
  const clone = join(work, 'node-clone');
  for (const path of ['common.gypi', join('src', 'node_version.h'), join('deps', 'cares')]) cpSync(fixture('node-tree', path), join(clone, path), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'v20.5.1');
  mkdirSync(join(work, 'release', 'security-release', 'next-security-release'), { recursive: true });
  writeFileSync(join(work, 'release', 'security-release', 'next-security-release', 'vulnerabilities.json'), JSON.stringify({ releaseDate: '2027-01-15', reports: [] }, null, 2));
}

export interface RunRecord {
  mode: HostileMode;
  scenario: string;
  sends?: Scenario['sends'];
  status: number | 'hung';
  output: string;
  ms: number;
  received: HostileServer['received'];
}

const PLANTED = { GITHUB_TOKEN, NVD_API_KEY: NVD_KEY, GH_TOKEN: '', VIGIL_GITHUB_TOKEN: '', NO_COLOR: '1', VIGIL_HTTP_RETRY_DELAY_MS: '1' };

async function drive(work: string, resultFile: string, modes: HostileMode[], options: { withoutRedaction?: boolean } = {}): Promise<void> {
  // The mutation that shows the test's check can fail: the one redaction turned off.
  if (options.withoutRedaction) (await import('../src/util/redact.js')).disableRedactionForTest();
  prepareWork(work);
  Object.assign(process.env, PLANTED, { XDG_CONFIG_HOME: join(work, 'xdg-config'), XDG_CACHE_HOME: join(work, 'xdg-cache'), VIGIL_DB: join(work, 'store.db') });
  // Captured below the one redaction, as main.ts stacks it over the real streams.
  let captured = '';
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const callback = rest.find((entry) => typeof entry === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  process.stdout.write = write as typeof process.stdout.write;
  process.stderr.write = write as typeof process.stderr.write;
  const { guardOutput } = await import('../src/cli/redact-output.js');
  guardOutput(process.env);
  const { main } = await import('../src/cli/program.js');
  const { forgetUnreachableHosts } = await import('../src/util/fetch-policy.js');
  process.chdir(work);
  if ((await main(['node', 'vigil', 'db', 'import', join(work, 'advisory.json'), '--db', join(work, 'review.db')])) !== 0) throw new Error(`db import failed: ${captured}`);
  const records: RunRecord[] = [];
  for (const mode of modes) {
    const server = await startHostileServer(mode);
    try {
      for (const scenario of SCENARIOS.filter((entry) => !entry.modes || entry.modes.includes(mode))) {
        const env = scenario.env?.(server, work) ?? {};
        const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
        Object.assign(process.env, env);
        forgetUnreachableHosts();
        process.exitCode = undefined;
        captured = '';
        const from = server.received.length;
        const started = Date.now();
        let timer: NodeJS.Timeout | undefined;
        const status = await Promise.race([
          main(['node', 'vigil', ...scenario.args(server, work)]).catch((error: unknown) => {
            captured += `\nunhandled: ${String((error as Error)?.stack ?? error)}`;
            return 3;
          }),
          new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 20_000))),
        ]);
        clearTimeout(timer);
        records.push({ mode, scenario: scenario.name, ...(scenario.sends ? { sends: scenario.sends } : {}), status, output: captured, ms: Date.now() - started, received: server.received.slice(from) });
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
    } finally {
      await server.close();
    }
  }
  // A project config file found in the current directory may not choose where the token goes.
  const project = join(work, 'project-config');
  cpSync(fixture('workflows', 'citgm'), project, { recursive: true });
  const echo = await startHostileServer('echo');
  writeFileSync(join(project, 'vigil.config.yaml'), `github:\n  baseUrl: ${echo.url}\n  graphqlUrl: ${echo.url}/graphql\n`);
  process.chdir(project);
  for (const key of ['VIGIL_GITHUB_API_URL', 'GITHUB_API_URL', 'VIGIL_GITHUB_GRAPHQL_URL']) delete process.env[key];
  forgetUnreachableHosts();
  captured = '';
  // No network here: api.github.com, where the token may go, is not reached either way.
  const status = await main(['node', 'vigil', 'harden', '.', '--only', 'pin', '--resolver', 'api', '--verbose']);
  const projectConfig = { status, output: captured, received: echo.received.length };
  await echo.close();
  process.exitCode = 0;
  writeFileSync(resultFile, JSON.stringify({ records, projectConfig }));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [work, resultFile, ...rest] = process.argv.slice(2);
  if (!work || !resultFile) throw new Error('usage: secrets-driver.ts <work dir> <result.json> [--without-redaction] [mode…]');
  const modes = rest.filter((arg) => arg !== '--without-redaction') as HostileMode[];
  await drive(work, resultFile, modes.length ? modes : HOSTILE_MODES, { withoutRedaction: rest.includes('--without-redaction') });
  // Open sockets and stores of a failed command must not keep the driver alive.
  process.exit(0);
}
