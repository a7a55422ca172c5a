import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { projectRoot } from '../../../test/fixtures.js';
import { openStore } from '../../store/index.js';

describe('vigil release <step> --record and release history', () => {
  const home = mkdtempSync(join(tmpdir(), 'vigil-release-record-'));
  const root = join(home, 'security-release-checkout');
  mkdirSync(root);
  const db = join(home, 'vigil.db');
  after(() => rmSync(home, { recursive: true, force: true }));
  const cli = async (...args: string[]) => {
    const env = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: home, XDG_CONFIG_HOME: home, VIGIL_DB: db };
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'release', ...args], { cwd: projectRoot, encoding: 'utf8', env });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('history before any store exists says so (exit 0, no file created)', async () => {
    const result = await cli('history', '--json');
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { steps: [] });
  });

  it('keeps each step carried out, a re-run with nothing to do, never a dry run; history lists them oldest first', async () => {
    assert.equal((await cli('start', '--root', root, '--date', '2026-12-15', '--yes', '--record', '--now', '2026-11-20T09:00:00Z')).status, 0);
    assert.equal((await cli('set-date', '2026-12-16', '--root', root, '--dry-run', '--record', '--now', '2026-11-21T09:00:00Z')).status, 0);
    assert.equal((await cli('set-date', '2026-12-16', '--root', root, '--yes', '--record', '--now', '2026-11-22T09:00:00Z')).status, 0);
    assert.equal((await cli('set-date', '2026-12-16', '--root', root, '--yes', '--record', '--now', '2026-11-23T09:00:00Z')).status, 0);
    assert.equal((await cli('set-date', '2026-12-17', '--root', root, '--yes', '--now', '2026-11-24T09:00:00Z')).status, 0, 'without --record nothing is kept');

    const all = await cli('history', '--json');
    assert.equal(all.status, 0, all.stderr);
    const steps = (JSON.parse(all.stdout) as { steps: { release: string; step: string; recordedAt: string; outcome: string; detail: { written: string[] } }[] }).steps;
    assert.deepEqual(steps.map((step) => [step.release, step.step, step.recordedAt, step.outcome]), [
      ['2026-12-15', 'start', '2026-11-20T09:00:00.000Z', 'applied'],
      ['2026-12-16', 'set-date', '2026-11-22T09:00:00.000Z', 'applied'],
      ['2026-12-16', 'set-date', '2026-11-23T09:00:00.000Z', 'nothing-to-do'],
    ]);
    assert.match(steps[0]!.detail.written[0]!, /next-security-release\/vulnerabilities\.json$/);

    const one = JSON.parse((await cli('history', '--json', '--release', '2026-12-15')).stdout) as { steps: unknown[] };
    assert.equal(one.steps.length, 1);
    const table = await cli('history');
    assert.match(table.stdout, /2026-12-16\s+set-date\s+2026-11-23T09:00:00.000Z\s+nothing-to-do/);

    const store = await openStore(db);
    try {
      const state = await store.records.release('2026-12-16');
      const milestones = (state?.state as { milestones: { milestone: string; done: boolean }[] }).milestones;
      assert.deepEqual(milestones.filter((entry) => entry.done).map((entry) => entry.milestone), ['start', 'set-date'], 'where the release stands, not its embargoed reports');
      assert.equal(state?.updatedAt, '2026-11-23T09:00:00.000Z');
    } finally {
      await store.close();
    }
  });
});
