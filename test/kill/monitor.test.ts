// kill -9 during a write (issue #20): `vigil monitor run` rewrites a large database.json; the
// writer is SIGKILLed while its temporary file exists. The old database must be whole (old bytes,
// or the new file whole if the rename had just happened), and the next run must finish and remove
// the dead writer's temporary file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killTarget, runAndKill, runToEnd, temporaries } from './harness.js';

const REPOS = 120_000;

function largeDatabase(): string {
  const repos: Record<string, unknown> = {};
  for (let i = 0; i < REPOS; i++) repos[`repo-${i}`] = { previous: [{ score: 4.1, date: '2024-12-01', commit: 'b'.repeat(40) }], current: { score: 5, date: '2025-01-01', commit: 'a'.repeat(40) } };
  return JSON.stringify({ 'github.com': { o: repos } }, null, 2);
}

test('kill -9 while monitor run writes a large database: the old file stays whole, the next run finishes and cleans up', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-kill-'));
  const target = await killTarget(dir);
  const old = largeDatabase();
  writeFileSync(join(dir, 'database.json'), old);
  writeFileSync(join(dir, 'scope.json'), JSON.stringify({ 'github.com': { o: { included: ['repo-0'], excluded: [] } } }));
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ date: '2025-02-01', repo: { name: 'github.com/o/repo-0', commit: 'c'.repeat(40) }, score: 7.5, checks: [] }));
  const argv = ['monitor', 'run', '--source', 'file', '--results', 'results.json', '--scope', 'scope.json', '--database', 'database.json', '--report', 'report.md'];

  // Kill the writer the moment its temporary file appears; a few attempts, as the window is short.
  let killedMidWrite = false;
  for (let attempt = 0; attempt < 8 && !killedMidWrite; attempt++) {
    killedMidWrite = (await runAndKill(target, argv, { when: () => temporaries(dir).some((name) => name.startsWith('.database.json.')) })).killed;
    const now = readFileSync(join(dir, 'database.json'), 'utf8');
    if (now !== old) {
      // The rename had happened (the window was missed): the new file must be whole; try again from the old one.
      assert.doesNotThrow(() => JSON.parse(now), 'database.json is whole');
      writeFileSync(join(dir, 'database.json'), old);
      killedMidWrite = false;
    }
  }
  assert.ok(killedMidWrite, 'the writer was killed while its temporary file existed');
  assert.equal(readFileSync(join(dir, 'database.json'), 'utf8'), old, 'the old database is intact, byte for byte');
  assert.ok(temporaries(dir).length > 0, 'the killed writer left its temporary file (what the next run must clean)');

  const rerun = runToEnd(target, argv);
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.deepEqual(temporaries(dir), [], 'the next run removed the dead writer\'s temporary file');
  const database = JSON.parse(readFileSync(join(dir, 'database.json'), 'utf8')) as { 'github.com': { o: Record<string, { current: { score: number } }> } };
  assert.equal(database['github.com'].o['repo-0']!.current.score, 7.5);
  assert.equal(Object.keys(database['github.com'].o).length, REPOS);
});
