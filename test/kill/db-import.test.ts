// kill -9 during `vigil db import` (issue #20): 100,000 NVD records arrive in 10 imports of 10,000,
// each SIGKILLed at a random moment of its run (startup, parsing, the transaction, the commit).
// After each kill the store opens, passes SQLite's integrity check, and holds the count of before
// or after that import (one transaction), never one between; the re-run then completes.
// 10 × 10,000 rather than 10 kills of one 100,000-record import: the same records are written
// under kill, at a tenth of the runtime (a 100,000-record import takes ~10 s on the shared CI box).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { killTarget, randomMoments, runAndKill, runToEnd } from './harness.js';

const BATCHES = 10;
const PER_BATCH = 10_000;

function nvdPage(batch: number): string {
  const vulnerabilities = Array.from({ length: PER_BATCH }, (_, i) => ({
    cve: {
      id: `CVE-2030-${String(batch * PER_BATCH + i).padStart(6, '0')}`,
      published: '2030-01-01T00:00:00.000',
      lastModified: '2030-01-02T00:00:00.000',
      vulnStatus: 'Analyzed',
      descriptions: [{ lang: 'en', value: `record ${i} of batch ${batch}` }],
      configurations: [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: `cpe:2.3:a:vendor${i % 50}:product${i}:*:*:*:*:*:*:*:*`, versionEndExcluding: '1.0.0' }] }] }],
    },
  }));
  return JSON.stringify({ resultsPerPage: PER_BATCH, startIndex: 0, totalResults: PER_BATCH, format: 'NVD_CVE', version: '2.0', timestamp: '2030-01-02T00:00:00.000', vulnerabilities });
}

function inspect(file: string): { advisories: number; integrity: string } {
  // Killed before the store was created: nothing there, which is "before".
  if (!existsSync(file)) return { advisories: 0, integrity: 'ok' };
  const db = new Database(file, { readonly: true });
  try {
    const advisories = Number(db.prepare('SELECT count(*) FROM advisories').pluck().get());
    const integrity = String(db.prepare('PRAGMA integrity_check').pluck().get());
    return { advisories, integrity };
  } finally {
    db.close();
  }
}

test('kill -9 at random moments of db import: the store opens, is intact, counts are before or after, the re-run completes', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-kill-import-'));
  const target = await killTarget(dir);
  for (let batch = 0; batch < BATCHES; batch++) writeFileSync(join(dir, `nvd-${batch}.json`), nvdPage(batch));
  const store = join(dir, 'vigil.db');
  const argv = (batch: number) => ['db', 'import', `nvd-${batch}.json`, '--db', store];

  // How long one import takes here, uninterrupted (into a scratch store): the kills fall inside that.
  const started = performance.now();
  const calibration = runToEnd({ ...target }, ['db', 'import', 'nvd-0.json', '--db', join(dir, 'scratch.db')]);
  assert.equal(calibration.status, 0, calibration.stderr);
  const duration = performance.now() - started;
  assert.equal(inspect(join(dir, 'scratch.db')).advisories, PER_BATCH, 'an uninterrupted import stores every record');

  const moments = randomMoments(BATCHES, duration * 0.1, duration);
  const seen = { before: 0, after: 0, exited: 0 };
  let expected = 0;
  for (let batch = 0; batch < BATCHES; batch++) {
    const kill = await runAndKill(target, argv(batch), { afterMs: moments[batch]! });
    if (!kill.killed) seen.exited++;
    const state = inspect(store);
    assert.equal(state.integrity, 'ok', `after the kill at ${moments[batch]!.toFixed(0)} ms`);
    assert.ok([expected, expected + PER_BATCH].includes(state.advisories), `after the kill at ${moments[batch]!.toFixed(0)} ms: ${state.advisories} records, expected ${expected} or ${expected + PER_BATCH}`);
    seen[state.advisories === expected ? 'before' : 'after']++;
    const rerun = runToEnd(target, argv(batch));
    assert.equal(rerun.status, 0, rerun.stderr);
    expected += PER_BATCH;
    assert.equal(inspect(store).advisories, expected, 'the re-run completes the import');
  }
  assert.ok(seen.before > 0, 'at least one kill landed before the commit');
  t.diagnostic(`one import of ${PER_BATCH}: ${(duration / 1000).toFixed(1)} s; kills left the count before ${seen.before}×, after ${seen.after}×; ${seen.exited} run(s) finished before the kill`);
});
