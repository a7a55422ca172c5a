import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../../test/fixtures.js';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('vigil CLI', () => {
  it('prints its version and exits 0', () => {
    const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const result = cli('--version');
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), version);
  });

  it('teaches in --help: commands and exit codes', () => {
    const result = cli('--help');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Exit codes: 0 clean, 1 findings/);
  });

  it('exits 2 on an unknown command or option', () => {
    assert.equal(cli('no-such-command').status, 2);
    assert.equal(cli('--no-such-flag').status, 2);
  });
});
