import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fixture, projectRoot } from '../../../test/fixtures.js';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

/** A real-shaped package-lock.json v3 of at least `bytes`, written in chunks (never held in memory whole). */
function writeHugeLockfile(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  try {
    let written = writeSync(fd, '{\n  "name": "huge",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "": { "name": "huge" }');
    for (let chunk = 0; written < bytes; chunk++) {
      const entries: string[] = [];
      for (let index = 0; index < 5000; index++) {
        const name = `pkg-${chunk}-${index}`;
        entries.push(`,\n    "node_modules/${name}": { "version": "1.0.${index}", "resolved": "https://registry.npmjs.org/${name}/-/${name}-1.0.${index}.tgz", "integrity": "sha512-${'A'.repeat(86)}==" }`);
      }
      written += writeSync(fd, entries.join(''));
    }
    writeSync(fd, '\n  }\n}\n');
  } finally {
    closeSync(fd);
  }
}

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

  it('malformed lockfiles: the file and line are named; nothing readable is exit 2, partial is marked (exit 2 with --strict)', () => {
    const broken = join(out, 'broken');
    mkdirSync(join(broken, 'web'), { recursive: true });
    writeFileSync(join(broken, 'package-lock.json'), '{\n  "name": "x",\n  "lockfileVersion": 3,\n  "packages": {\n    "": {,\n  }\n}\n');
    writeFileSync(join(broken, 'web', 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: [a\n  b: }\n");
    const table = cli('inventory', broken);
    assert.equal(table.status, 2, 'no input could be read at all');
    assert.match(table.stdout, /error: package-lock\.json:5: not valid JSON/);
    assert.match(table.stdout, /error: web\/pnpm-lock\.yaml:\d+: not valid YAML/);
    assert.doesNotMatch(table.stdout, /package-lock\.json:5: package-lock\.json:5/, 'the location is said once');
    assert.match(table.stderr, /no usable input: 2 input\(s\) found, none could be read/);

    // One good lockfile beside the broken ones: a partial result, exit 0, or 2 with --strict.
    mkdirSync(join(broken, 'ok'));
    writeFileSync(join(broken, 'ok', 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { a: '^1.0.0' } }, 'node_modules/a': { version: '1.0.0' } } }));
    const json = cli('inventory', broken, '--json');
    assert.equal(json.status, 0, json.stderr);
    const inventory = JSON.parse(json.stdout) as { partial: boolean; packages: { name: string }[]; problems: { path: string; line?: number; severity: string }[] };
    assert.equal(inventory.partial, true);
    assert.deepEqual(inventory.packages.map((pkg) => pkg.name), ['a']);
    assert.deepEqual(inventory.problems.map((problem) => [problem.path, problem.severity]), [['package-lock.json', 'error'], ['web/pnpm-lock.yaml', 'error']]);
    assert.equal(inventory.problems[0]?.line, 5);
    assert.match(json.stderr, /partial result: 2 input\(s\) could not be read completely; first: package-lock\.json:5: not valid JSON/);
    assert.equal(cli('inventory', broken, '--strict').status, 2);
  });

  it('a 200 MB lockfile is refused by its size before it is read: exit 2, the file named, within a 160 MB heap', () => {
    const huge = join(out, 'huge');
    mkdirSync(huge);
    writeHugeLockfile(join(huge, 'package-lock.json'), 200 * 1024 * 1024);
    assert.ok(statSync(join(huge, 'package-lock.json')).size >= 200 * 1024 * 1024);
    // Reading the file into one string alone would exceed this heap and abort the process.
    const result = spawnSync(process.execPath, ['--max-old-space-size=160', '--import', 'tsx', 'src/cli/main.ts', 'inventory', huge, '--json'], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    rmSync(huge, { recursive: true, force: true });
    assert.equal(result.status, 2, result.stderr);
    const inventory = JSON.parse(result.stdout) as { partial: boolean; problems: { path: string; message: string }[] };
    assert.equal(inventory.partial, true);
    assert.equal(inventory.problems[0]?.path, 'package-lock.json');
    assert.match(inventory.problems[0]?.message ?? '', /^package-lock\.json: 20\d MB is more than the 64 MB a lockfile may have; not read/);
    assert.match(result.stderr, /no usable input/);
    assert.equal(cli('inventory', out, '--max-lockfile-size', 'lots').status, 2);
  });

  it('exits 2 naming the path when it does not exist, and on an unknown format', () => {
    const missing = cli('inventory', join(out, 'nope'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope: no such directory/);
    assert.equal(cli('inventory', '.', '--format', 'xml').status, 2);
  });
});
