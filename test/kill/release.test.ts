// kill -9 during `vigil release finalize --record` (issue #20), the release step that writes the
// most: a vuln/core entry per report, the regenerated index.json, the OpenVEX file,
// vulnerabilities.json last, then the step in the store. 10 kills, half at a random moment, half
// at the n-th temporary file seen in vuln/core (n random). After each: every file is its old text
// or the text an uninterrupted run writes, never a part; the store opens (through `vigil release
// history`) with the step recorded with its state or not at all; the re-run completes, writes
// exactly what an uninterrupted run writes (no entry renumbered or written twice) and removes the
// killed run's temporaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../fixtures.js';
import { renderCoreIndex } from '../../src/formats/security-wg/core-entry.js';
import { killTarget, randomMoments, runAndKill, runToEnd, temporaries, type KillTarget } from './harness.js';

const REPORTS = 40;
const KILLS = 10;
const NOW = '2024-04-03T20:00:00Z';

/** vulnerabilities.json of the April 2024 release, its two reports repeated to REPORTS distinct ones. */
function releaseFile(): string {
  const april = JSON.parse(readFileSync(new URL('../../src/release/__fixtures__/april-2024-vulnerabilities.json', import.meta.url), 'utf8')) as { reports: { id: string; cveIds: string[] }[] };
  const reports = Array.from({ length: REPORTS }, (_, i) => ({ ...april.reports[i % april.reports.length]!, id: String(3_000_000 + i), cveIds: [`CVE-2024-${String(90_000 + i)}`] }));
  return `${JSON.stringify({ ...april, reports }, null, 2)}\n`;
}

/** A security-wg vuln/ directory as it stood before April 2024 (entries 1–138 and their index). */
function plant(dir: string, release: string): void {
  rmSync(dir, { recursive: true, force: true });
  const core = join(dir, 'security-wg', 'vuln', 'core');
  mkdirSync(core, { recursive: true });
  const kept: { id: number; raw: unknown }[] = [];
  for (const name of readdirSync(fixture('security-wg', 'vuln', 'core'))) {
    const id = Number(name.replace('.json', ''));
    if (name === 'index.json' || id >= 139) continue;
    cpSync(fixture('security-wg', 'vuln', 'core', name), join(core, name));
    kept.push({ id, raw: JSON.parse(readFileSync(join(core, name), 'utf8')) });
  }
  writeFileSync(join(core, 'index.json'), renderCoreIndex(kept));
  const folder = join(dir, 'security-release', 'security-release', 'next-security-release');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'vulnerabilities.json'), release);
}

/** Every file the step may write, relative to `dir`, and its text (absent files left out). */
function written(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const sub of [join('security-wg', 'vuln', 'core'), join('security-release', 'security-release', 'next-security-release')]) {
    for (const name of readdirSync(join(dir, sub))) out.set(join(sub, name), readFileSync(join(dir, sub, name), 'utf8'));
  }
  return out;
}

test('kill -9 during release finalize --record: files old or new, the store before or after, the re-run completes and cleans up', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-kill-release-'));
  const release = releaseFile();
  const base = await killTarget(dir);
  const target: KillTarget = { ...base, env: { ...base.env, XDG_CACHE_HOME: join(dir, 'cache'), XDG_CONFIG_HOME: join(dir, 'config'), VIGIL_DB: join(dir, 'store.db') } };
  const argv = (work: string) => ['release', 'finalize', '--root', join(work, 'security-release'), '--vuln-dir', join(work, 'security-wg', 'vuln'), '--yes', '--record', '--now', NOW];
  const history = () => {
    const result = runToEnd(target, ['release', 'history', '--json']);
    assert.equal(result.status, 0, `the store opens: ${result.stderr}`);
    return (JSON.parse(result.stdout) as { steps: { step: string; outcome: string }[] }).steps;
  };

  // An uninterrupted run: what every file must become, and how long a run takes.
  const reference = join(dir, 'reference');
  plant(reference, release);
  const old = written(reference);
  const started = performance.now();
  const done = runToEnd(target, argv(reference));
  const duration = performance.now() - started;
  assert.equal(done.status, 0, done.stderr);
  const wanted = written(reference);
  assert.equal([...wanted.keys()].filter((name) => !old.has(name)).length, REPORTS + 1, 'an entry per report, and the OpenVEX file');
  rmSync(target.env.VIGIL_DB!);

  const work = join(dir, 'work');
  const core = join(work, 'security-wg', 'vuln', 'core');
  const seen = { partial: 0, temporaries: 0, recorded: 0, exited: 0 };
  // Reading and planning come first, the writes last: the random moments cover the whole run, the
  // others fall at the n-th entry written (with the whole run as a fallback, should n never come).
  for (const [i, moment] of randomMoments(KILLS, 0, duration).entries()) {
    plant(work, release);
    rmSync(target.env.VIGIL_DB!, { force: true });
    const nth = 1 + Math.floor(Math.random() * (REPORTS + 1));
    const files = new Set<string>();
    const kill = await runAndKill(target, argv(work), {
      afterMs: i % 2 === 1 ? duration * 3 : moment,
      ...(i % 2 === 1 ? { when: () => (temporaries(core).forEach((name) => files.add(name)), files.size >= nth) } : {}),
    });
    if (!kill.killed) seen.exited++;

    const now = written(work);
    for (const [name, text] of now) {
      if (/\.tmp$/.test(name)) continue;
      assert.ok(text === old.get(name) || text === wanted.get(name), `kill ${i}: ${name} is neither its old text nor the new one`);
    }
    for (const name of old.keys()) assert.ok(now.has(name), `kill ${i}: ${name} disappeared`);
    const changing = [...wanted].filter(([name, text]) => old.get(name) !== text);
    const changed = changing.filter(([name, text]) => now.get(name) === text).length;
    if (changed > 0 && changed < changing.length) seen.partial++;
    if ([...now.keys()].some((name) => name.endsWith('.tmp'))) seen.temporaries++;
    if (existsSync(target.env.VIGIL_DB!)) {
      const steps = history();
      assert.ok(steps.length <= 1, `kill ${i}: the step is recorded once or not at all`);
      if (steps.length === 1) seen.recorded++;
    }

    const rerun = runToEnd(target, argv(work));
    assert.equal(rerun.status, 0, `kill ${i}: ${rerun.stderr}`);
    assert.deepEqual(written(work), wanted, `kill ${i}: the re-run writes exactly what an uninterrupted run does, and no temporary is left`);
    const steps = history();
    assert.deepEqual(steps.map((step) => step.step), ['finalize'], `kill ${i}: the store holds the step once`);
  }
  t.diagnostic(`one run: ${(duration / 1000).toFixed(1)} s; of ${KILLS} kills, ${seen.partial} left some files written and some not, ${seen.temporaries} left a temporary, ${seen.recorded} had recorded the step; ${seen.exited} run(s) finished first`);
});
