import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startFakeUpstream } from '../../../test/fake-upstream.js';
import { projectRoot } from '../../../test/fixtures.js';
import type { ProjectUpdatesReport } from '../../updates/projects/index.js';

const project = join(projectRoot, 'src/inventory/javascript/__fixtures__/npm-v3-workspaces');

describe('vigil updates on a lockfile project', () => {
  const home = mkdtempSync(join(tmpdir(), 'vigil-updates-cli-'));
  let server: Awaited<ReturnType<typeof startFakeUpstream>>;
  before(async () => {
    server = await startFakeUpstream({ npm: { chalk: [{ version: '4.1.2' }, { version: '4.1.3' }, { version: '5.3.0' }], debug: [{ version: '4.4.3' }] } });
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });
  // Asynchronous: the fake registry answers from this process while the CLI runs.
  const cli = async (env: Record<string, string>, ...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: home, XDG_CONFIG_HOME: home, VIGIL_DB: join(home, 'none.db'), ...env } });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('--json prints current, wanted, latest and the range check per dependency (registry from --registry)', async () => {
    const result = await cli({}, 'updates', project, '--registry', server.url, '--no-cache', '--json');
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as ProjectUpdatesReport;
    const chalk = report.rows.find((row) => row.name === 'chalk')!;
    assert.deepEqual([chalk.current, chalk.range, chalk.wanted, chalk.latest, chalk.latestOutsideRange, chalk.status, chalk.securityChecked], ['4.1.2', '^4.1.2', '4.1.3', '5.3.0', true, 'behind', false]);
    assert.equal(report.rows.find((row) => row.name === 'semver')?.status, 'unknown');
    assert.match(result.stderr, /no advisory store/);
  });

  it('prints a table, the registry taken from the configuration (VIGIL_NPM_REGISTRY)', async () => {
    const result = await cli({ VIGIL_NPM_REGISTRY: server.url }, 'updates', project, '--no-cache');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^package\s+current\s+range\s+wanted\s+latest/);
    assert.match(result.stdout, /\nchalk\s+4\.1\.2\s+\^4\.1\.2\s+4\.1\.3\s+5\.3\.0 \(outside range\)/);
    assert.match(result.stdout, /left-pad .*skipped: a tarball URL/);
    assert.match(result.stdout, /in 1 lockfile\(s\): 1 behind/);
  });

  it('--fail-on for CI: outdated exits 1 when one is behind; security without advisories exits 2 (not "clean"); none exits 0', async () => {
    const outdated = await cli({}, 'updates', project, '--registry', server.url, '--no-cache', '--fail-on', 'outdated');
    assert.equal(outdated.status, 1, outdated.stderr);
    assert.match(outdated.stderr, /1 dependency behind \(exit 1; --fail-on none to report only\)/);
    const security = await cli({}, 'updates', project, '--registry', server.url, '--no-cache', '--fail-on', 'security');
    assert.equal(security.status, 2, security.stderr);
    assert.match(security.stderr, /could not be checked for advisories/);
    assert.equal((await cli({}, 'updates', project, '--registry', server.url, '--no-cache')).status, 0);
  });

  it('exits 2 on a bad --concurrency or --node', async () => {
    assert.equal((await cli({}, 'updates', project, '--concurrency', '0')).status, 2);
    assert.equal((await cli({}, 'updates', project, '--node', 'twenty')).status, 2);
  });
});
