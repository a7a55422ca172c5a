import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fixture, projectRoot } from './fixtures.js';

/**
 * Issue #20 "offline": `harden` and `updates` with their hosts unreachable (a port nothing listens
 * on: connection refused, as with no network) say so once per host, keep what they could do, mark
 * the result incomplete and exit 2.
 */
const run = promisify(execFile);

/** A local URL nothing answers on: a port taken and released. */
async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function cli(args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  const options = { cwd, timeout: 60_000, env: { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: join(cwd, 'xdg'), XDG_CACHE_HOME: join(cwd, 'cache'), VIGIL_HTTP_RETRY_DELAY_MS: '1', ...env } };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), ...args], options);
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('offline: one warning per host, results marked incomplete, exit 2', () => {
  const work = mkdtempSync(join(tmpdir(), 'vigil-offline-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('updates: every package unknown with the reason, one warning for the registry', async () => {
    const registry = await refusedUrl();
    const project = join(work, 'project');
    mkdirSync(project);
    const names = ['undici', 'semver', 'yaml', 'zod'];
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: Object.fromEntries(names.map((name) => [name, '*'])) }));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', version: '1.0.0', dependencies: Object.fromEntries(names.map((name) => [name, '*'])) }, ...Object.fromEntries(names.map((name) => [`node_modules/${name}`, { version: '1.0.0' }])) } }));
    const result = await cli(['updates', '.', '--no-cache', '--registry', registry], project, {});
    assert.equal(result.status, 2, result.stderr);
    const host = registry.replace('http://', '');
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning:') && line.includes(host));
    assert.equal(warnings.length, 1, `one warning for ${host}, got:\n${result.stderr}`);
    assert.match(warnings[0]!, /refused the connection.*4 item\(s\) of the update report left incomplete \(exit 2\)/);
    for (const name of names) assert.match(result.stdout, new RegExp(`^${name} .*unknown`, 'm'));
  });

  it('harden: pins left with the reason, the rest of the plan still shown, one warning for the forge', async () => {
    const github = await refusedUrl();
    const repo = join(work, 'repo');
    cpSync(fixture('workflows', 'citgm'), repo, { recursive: true });
    const result = await cli(['harden', '.', '--resolver', 'api'], repo, { GITHUB_TOKEN: 'ghp_offlineTEST0123456789abcdefABCDEFabcd', VIGIL_GITHUB_API_URL: github });
    assert.equal(result.status, 2, result.stderr);
    const host = github.replace('http://', '');
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning:') && line.includes(host));
    assert.equal(warnings.length, 1, `one warning for ${host}, got:\n${result.stderr}`);
    assert.match(warnings[0]!, /item\(s\) of the hardening plan left incomplete \(exit 2\)/);
    assert.match(result.stderr, /actions\/checkout@v5: not resolved, 127\.0\.0\.1:\d+ failed; left as it is/);
    // Fixes that need no network (permissions, Dependabot) are still planned.
    assert.match(result.stdout, /^\+\+\+ /m);
  });
});
