import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fixture, projectRoot } from '../../../test/fixtures.js';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('vigil inventory', () => {
  const out = mkdtempSync(join(tmpdir(), 'vigil-inventory-cli-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('lists the node-tree fixture as a table (the README quick start)', () => {
    const result = cli('inventory', fixture('node-tree'));
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Node\.js 20\.5\.1/);
    assert.match(result.stdout, /openssl\s+3\.0\.10\+quic/);
  });

  it('--json prints the full model; --format cyclonedx --output writes a file', () => {
    const json = cli('inventory', fixture('node-tree'), '--json');
    assert.equal(json.status, 0, json.stderr);
    const inventory = JSON.parse(json.stdout) as { node: { version: string }; packages: { name: string; version: string | null }[]; partial: boolean };
    assert.equal(inventory.node.version, '20.5.1');
    assert.equal(inventory.packages.find((pkg) => pkg.name === 'v8')?.version, '11.3.244.8');
    const file = join(out, 'node.cdx.json');
    const written = cli('inventory', fixture('node-tree'), '--format', 'cyclonedx', '--output', file);
    assert.equal(written.status, 0, written.stderr);
    assert.equal(written.stdout, '');
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { bomFormat: string }).bomFormat, 'CycloneDX');
  });

  it('exits 2 naming the path when it does not exist, and on an unknown format', () => {
    const missing = cli('inventory', join(out, 'nope'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope: no such directory/);
    assert.equal(cli('inventory', '.', '--format', 'xml').status, 2);
  });
});
