// kill -9 during `vigil harden --apply` over 300 workflows (issue #20): 10 kills at random moments
// of the writing (at the n-th file written, n random). After each, every workflow is whole (its old text or its hardened text, never a
// mix), and the re-run completes every file and removes the dead writer's temporaries, also when
// it has nothing left to write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killTarget, randomMoments, runAndKill, runToEnd, temporaries, type KillTarget } from './harness.js';

const WORKFLOWS = 300;
const KILLS = 10;
const names = Array.from({ length: WORKFLOWS }, (_, i) => `ci-${String(i).padStart(3, '0')}.yml`);
const workflow = (i: number) => `name: ci ${i}\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${i}\n`;

function plant(repo: string): void {
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(repo, 'package.json'), '{"name":"p","version":"1.0.0"}\n');
  names.forEach((name, i) => writeFileSync(join(repo, '.github', 'workflows', name), workflow(i)));
}

const read = (repo: string) => names.map((name) => readFileSync(join(repo, '.github', 'workflows', name), 'utf8'));

test('kill -9 during harden --apply of 300 workflows: each file old or new, the re-run completes and cleans up', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-kill-harden-'));
  const repo = join(dir, 'repo');
  const target: KillTarget = await killTarget(dir);
  const argv = ['harden', 'repo', '--apply', '--only', 'permissions'];

  // The hardened text of every file, from an uninterrupted run on a copy; and how long that takes.
  plant(repo);
  const old = read(repo);
  cpSync(repo, join(dir, 'reference'), { recursive: true });
  const started = performance.now();
  const reference = runToEnd(target, ['harden', 'reference', '--apply', '--only', 'permissions']);
  const duration = performance.now() - started;
  assert.equal(reference.status, 0, reference.stderr);
  const hardened = read(join(dir, 'reference'));
  assert.ok(hardened.every((text, i) => text !== old[i] && /permissions:/.test(text)), 'every workflow is changed by the fix');

  const seen = { temporaries: 0, mixed: 0, exited: 0 };
  // Planning takes most of a run and the writes come last: a kill falls at a random write, the n-th
  // temporary seen (n random in 1..300), or else at a random moment of the whole run.
  const workflows = join(repo, '.github', 'workflows');
  for (const moment of randomMoments(KILLS, duration * 0.3, duration * 1.5)) {
    plant(repo);
    const nth = 1 + Math.floor(Math.random() * WORKFLOWS);
    const written = new Set<string>();
    const kill = await runAndKill(target, argv, {
      afterMs: moment * 4,
      when: () => {
        for (const name of temporaries(workflows)) written.add(name);
        return written.size >= nth;
      },
    });
    if (!kill.killed) seen.exited++;
    const now = read(repo);
    now.forEach((text, i) => assert.ok(text === old[i] || text === hardened[i], `${names[i]} after the kill at write ${nth} is neither old nor new`));
    if (now.some((text, i) => text === hardened[i]) && now.some((text, i) => text === old[i])) seen.mixed++;
    if (temporaries(join(repo, '.github', 'workflows')).length > 0) seen.temporaries++;
    const rerun = runToEnd(target, argv);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.deepEqual(read(repo), hardened, 'the re-run hardens every file');
    assert.deepEqual(temporaries(join(repo, '.github', 'workflows')), [], 'the re-run removed the dead writer\'s temporaries');
  }
  // A re-run with nothing left to write still removes what a killed run left.
  const dead = runToEnd(target, ['--version']).pid;
  writeFileSync(join(repo, '.github', 'workflows', `.ci-000.yml.${dead}-0123456789ab.tmp`), 'half');
  const idle = runToEnd(target, argv);
  assert.equal(idle.status, 0, idle.stderr);
  assert.deepEqual(temporaries(join(repo, '.github', 'workflows')), []);
  t.diagnostic(`one run: ${(duration / 1000).toFixed(1)} s; ${seen.mixed} kill(s) left some files written and some not, ${seen.temporaries} left a temporary, ${seen.exited} run(s) finished first`);
});
