// The V8 flags vigil.cjs sets at start (v8-settings.cjs): V8 prints an error for a flag it does not
// know, which would land in the output of every command. A Node whose V8 renamed one fails here
// (CI runs this file on Node 20, 22, 24 and 25).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const settings = createRequire(import.meta.url)('./v8-settings.cjs') as { v8Flags(nodeMajor?: number): string[]; tuneV8(): void };
const settingsFile = createRequire(import.meta.url).resolve('./v8-settings.cjs');

test('the running Node knows every flag vigil.cjs sets, and setting them prints nothing', () => {
  const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  for (const flag of settings.v8Flags()) {
    const name = flag.replace(/^--/, '').replace(/=.*$/, '');
    assert.match(known, new RegExp(`^\\s+--${name} `, 'm'), `${flag} on Node ${process.version}`);
  }
  const run = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(settingsFile)}).tuneV8(); let keep = []; for (let i = 0; i < 2e5; i++) keep.push({ i }); console.log(keep.length)`], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '200000\n');
  assert.equal(run.stderr, '');
});

test('Node 20 gets none (its V8 names the tiering counts differently)', () => {
  assert.deepEqual(settings.v8Flags(20), []);
  assert.ok(settings.v8Flags(22).includes('--invocation-count-for-turbofan=15000'));
});
