import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { loadConfig as load, type LoadConfigOptions } from './load.js';
import { readConfigFile } from './read-file.js';

const loadConfig = (options: LoadConfigOptions) => load({ ...options, readFile: readConfigFile });

function project(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  writeFileSync(join(dir, 'vigil.config.yaml'), text);
  return dir;
}
const isolatedEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ XDG_CONFIG_HOME: '/nonexistent', XDG_CACHE_HOME: '/tmp/cache', ...extra });

describe('loadConfig', () => {
  it('layers defaults < project file < VIGIL_* environment', () => {
    const cwd = project('db: ./here.db\nreview:\n  failOn: high\n');
    const config = loadConfig({ cwd, env: isolatedEnv({ VIGIL_DB: '/elsewhere.db' }) });
    assert.equal(config.db, '/elsewhere.db');
    assert.equal(config.review.failOn, 'high');
    assert.equal(config.github.baseUrl, 'https://api.github.com');
    assert.equal(config.db.startsWith('/'), true);
  });

  it('rejects unknown keys, naming the file, the key and its line', () => {
    const cwd = project('review:\n  failOn: high\n  failon: low\n');
    assert.throws(
      () => loadConfig({ cwd, env: isolatedEnv() }),
      (error: unknown) => error instanceof InputError && /review: unknown key failon/.test(error.message) && error.exitCode === 2 && error.line === 3,
    );
  });

  it('reports broken YAML with its line', () => {
    const cwd = project('review:\n  failOn: [high\n');
    assert.throws(() => loadConfig({ cwd, env: isolatedEnv() }), (error: unknown) => error instanceof InputError && /not valid YAML/.test(error.message));
  });

  it('takes tokens from the environment only', () => {
    const config = loadConfig({ cwd: project('{}\n'), env: isolatedEnv({ GITHUB_TOKEN: 'secret' }) });
    assert.equal(config.github.token, 'secret');
  });
});
