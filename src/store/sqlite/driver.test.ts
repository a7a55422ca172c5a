import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSqliteDriver } from './driver.js';

test('the driver takes the installed addon by path, and it opens a database', () => {
  const driver = loadSqliteDriver();
  assert.ok(driver.nativeBinding !== undefined && existsSync(driver.nativeBinding), String(driver.nativeBinding));
  assert.match(driver.nativeBinding, /node_modules[/\\]better-sqlite3[/\\]build[/\\]Release[/\\]better_sqlite3\.node$/);
  const db = new driver.Database(':memory:', { nativeBinding: driver.nativeBinding });
  assert.deepEqual(db.prepare('SELECT 1 + 1 AS two').get(), { two: 2 });
  db.close();
});

test('another release of better-sqlite3 installed, or no addon where its build puts it: the installed package as a whole', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-driver-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const ours = (createRequire(import.meta.url)('better-sqlite3/package.json') as { version: string }).version;
  for (const [version, addon] of [['0.0.1', true], [ours, false]] as const) {
    const dir = join(root, version + String(addon), 'node_modules', 'better-sqlite3');
    mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version, main: 'index.js' }));
    writeFileSync(join(dir, 'index.js'), `module.exports = function Installed() {}; module.exports.installed = ${JSON.stringify(version)};`);
    if (addon) writeFileSync(join(dir, 'build', 'Release', 'better_sqlite3.node'), '');
    const driver = loadSqliteDriver(createRequire(join(root, version + String(addon), 'index.js')));
    assert.equal((driver.Database as unknown as { installed?: string }).installed, version);
    assert.equal(driver.nativeBinding, undefined);
  }
});
