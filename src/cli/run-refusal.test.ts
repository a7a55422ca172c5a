// #18, "refused up front, never a silent gap": where a policy's network can have no outer
// boundary (here: a "*" host), `vigil run` refuses (exit 2) naming the reason and the one flag
// that accepts the in-process guard alone, on the lean path and through commander alike; with the
// flag it starts and warns; `permissions check` warns in the same words and names the flag.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTestApp } from '../../test/runtime-apps.js';
import { projectRoot } from '../../test/fixtures.js';

test('vigil run refuses a policy with no outer network boundary unless --accept-in-process-guard; permissions check names the flag', (t) => {
  const app = createTestApp({ 'app.js': 'console.log("ran")', 'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: ['*'] }) });
  t.after(() => app.remove());
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), ...args], { cwd: app.dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
  const reason = /NO OUTER NETWORK BOUNDARY: .*vigil-permissions\.json allows 1 destination\(s\), enforced only by Vigil's in-process guard; .*\(the policy allows any host \(a "\*" rule\)/;
  // The lean path (`run ... -- cmd`) and commander's (no `--`: main.ts hands it to the full CLI).
  for (const words of [['--', 'node', 'app.js'], ['node', 'app.js']]) {
    const refused = cli('run', ...words);
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, /^vigil: error: refusing to start: /m);
    assert.match(refused.stderr, reason);
    assert.match(refused.stderr, /To run with the in-process guard alone, give --accept-in-process-guard/);
    assert.doesNotMatch(refused.stdout, /ran/);
    const accepted = cli('run', '--accept-in-process-guard', ...words);
    assert.equal(accepted.status, 0, accepted.stderr);
    assert.match(accepted.stdout, /^ran$/m);
    assert.match(accepted.stderr, reason);
    assert.match(accepted.stderr, /accepted with --accept-in-process-guard/);
  }
  const check = cli('permissions', 'check', '--permissions', 'vigil-permissions.json');
  assert.equal(check.status, 1, check.stderr);
  assert.match(check.stdout, /vigil run refuses to start it here unless given --accept-in-process-guard/);
  const help = cli('run', '--help');
  assert.match(help.stdout, /--accept-in-process-guard/);
  assert.match(help.stdout, /the launch is refused \(exit 2\), naming the reason, unless --accept-in-process-guard/);
});
