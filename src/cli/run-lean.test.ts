import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTestApp } from '../../test/runtime-apps.js';
import { projectRoot } from '../../test/fixtures.js';
import { parseRunArguments } from './run-lean.js';

test('the lean run parser takes the options it knows and hands everything else to the full CLI', () => {
  const parsed = parseRunArguments(['--permissions', 'p.json', '--pin=sha256-x', '--dry-run', '--json', '-v', '--', 'node', 'app.js', '--port', '3']);
  assert.deepEqual(parsed?.options, { permissions: 'p.json', pin: 'sha256-x', dryRun: true });
  assert.deepEqual(parsed?.words, ['node', 'app.js', '--port', '3']);
  assert.equal(parsed?.json, true);
  assert.equal(parsed?.verbose, true);
  assert.deepEqual(parseRunArguments(['--no-permissions', '--integrity', 'm.json', '--', 'node', 'a.js'])?.options, { permissions: false, integrity: 'm.json' });
  // The full CLI owns help, usage errors and anything ambiguous.
  for (const args of [['--help', '--', 'node'], ['--', 'node', 'a.js'].slice(1), ['--permisions', 'p', '--', 'node'], ['--pin', '--', 'node'], ['--'], ['--no-permissions', '--permissions', 'p', '--', 'node'], ['node', 'a.js']]) {
    assert.equal(parseRunArguments(args), null, args.join(' '));
  }
});

test('vigil run through the lean path: a bad policy is exit 2 naming the file; --help and a misspelt option still reach commander', (t) => {
  const app = createTestApp({ 'app.js': 'console.log("ran")', 'vigil-permissions.json': '{"version":1,"childProcess":"yes"}' });
  t.after(() => app.remove());
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), ...args], { cwd: app.dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
  const bad = cli('run', '--', 'node', 'app.js');
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /^vigil: error: .*vigil-permissions\.json: invalid permissions file: childProcess: expected true or false, found "yes"/m);
  assert.doesNotMatch(bad.stdout, /ran/);
  const help = cli('run', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--integrity-mode <mode>/);
  const typo = cli('run', '--permisions', 'x', '--', 'node', 'app.js');
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /unknown option '--permisions'/);
});
