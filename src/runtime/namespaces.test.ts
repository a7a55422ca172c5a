import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cachedNamespaces, probeNamespaces } from './run.js';

test('the namespace probe is remembered for an hour per kernel, uid and unshare; a forged or stale answer is not used', (t) => {
  const cache = mkdtempSync(join(tmpdir(), 'vigil-ns-'));
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CACHE_HOME: cache };
  const file = join(cache, 'vigil', 'namespaces-2.json');
  const now = Date.now();
  const probed = probeNamespaces();
  assert.deepEqual(cachedNamespaces(env, now), probed);
  const written = JSON.parse(readFileSync(file, 'utf8')) as { key: string; at: number; answer: string[] | null };
  assert.deepEqual(written.answer, probed);
  // The cached answer is what the next launch uses (here a different one, to tell it from a probe).
  const other = probed === null ? ['unshare'] : null;
  writeFileSync(file, JSON.stringify({ ...written, answer: other }));
  assert.deepEqual(cachedNamespaces(env, now + 1000), other);
  // Older than an hour: probed again.
  assert.deepEqual(cachedNamespaces(env, now + 2 * 60 * 60 * 1000), probed);
  // Words that are not unshare's own are never run from the cache.
  writeFileSync(file, JSON.stringify({ ...written, at: now, answer: ['sh', '-c', 'true'] }));
  assert.deepEqual(cachedNamespaces(env, now), probed);
  // Another kernel, uid or unshare binary: another key, probed again.
  writeFileSync(file, JSON.stringify({ ...written, key: 'other', at: now, answer: other }));
  assert.deepEqual(cachedNamespaces(env, now), probed);
  // No unshare on PATH: no namespaces, nothing probed.
  assert.equal(cachedNamespaces({ PATH: cache, XDG_CACHE_HOME: cache }, now), null);
});
