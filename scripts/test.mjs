// Runs every *.test.ts under src/ and test/ with node's own test runner (tsx compiles on the fly).
// Node 20's `--test` does not expand globs, so the file list is built here.
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['src', 'test', 'bench'];
const only = process.argv.slice(2);
const files = roots
  .flatMap((root) => {
    try {
      return readdirSync(root, { recursive: true, withFileTypes: false }).map((file) => join(root, String(file)));
    } catch {
      return [];
    }
  })
  .filter((file) => file.endsWith('.test.ts') && !file.includes('node_modules'))
  .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Every temporary directory the tests (and the programs they start) make goes below one that is
// removed at the end: ~200 per run were left in the system's temporary directory by tests that
// end early, are killed, or do not clean up. tsx keeps its compile cache in tmpdir()/tsx-<uid>:
// the run's directory points there, so the cache outlives the run.
const systemTmp = tmpdir();
const runTmp = mkdtempSync(join(systemTmp, 'vigil-tests-'));
const tsxCache = `tsx-${userInfo().uid}`;
if (existsSync(join(systemTmp, tsxCache))) symlinkSync(join(systemTmp, tsxCache), join(runTmp, tsxCache));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], { stdio: 'inherit', env: { ...process.env, TMPDIR: runTmp } });
try {
  rmSync(runTmp, { recursive: true, force: true });
} catch (error) {
  console.error(`test: could not remove ${runTmp}: ${error.message}`);
}
process.exit(result.status ?? 1);
