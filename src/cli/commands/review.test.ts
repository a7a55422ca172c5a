import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fixture, projectRoot } from '../../../test/fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'vigil-review-cli-'));
const db = join(work, 'vigil.db');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', VIGIL_DB: db, XDG_CONFIG_HOME: work } });

describe('vigil review', () => {
  before(() => {
    const empty = cli('review', fixture('node-tree'));
    assert.equal(empty.status, 2, 'an empty store is an error, never "no vulnerabilities"');
    assert.match(empty.stderr, /holds no advisories/);
    assert.equal(cli('db', 'import', fixture('security-wg', 'vuln')).status, 0);
  });

  it('reviews the node-tree checkout from the store: Node.js itself, with platforms; --fail-on high exits 1', () => {
    const result = cli('review', fixture('node-tree'), '--json', '--fail-on', 'high', '--now', '2026-11-23');
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { targets: { product: string; findings: { id: string; package: string; notes: string[]; nearestFix: string | null }[] }[] };
    assert.equal(report.targets[0]?.product, 'pkg:generic/nodejs/node@v20.5.1');
    const batch = report.targets[0]?.findings.find((finding) => finding.id === 'CVE-2024-27980');
    assert.equal(batch?.package, 'node');
    assert.deepEqual(batch?.notes, ['only on: win32']);
    assert.equal(batch?.nearestFix, '20.12.2');
  });

  it('a truncated lockfile, or a package.json with no lockfile, is bad input (exit 2 naming it), never "0 findings"; a project with no dependencies is not', () => {
    const project = (name: string, files: Record<string, string>): string => {
      const dir = join(work, name);
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
      return dir;
    };
    const truncated = cli('review', project('truncated', { 'package.json': '{"name":"app","dependencies":{"abbrev":"1"}}', 'package-lock.json': '{"lockfileVersion": 3, "packages": {\n' }));
    assert.equal(truncated.status, 2, truncated.stderr);
    assert.match(truncated.stderr, /nothing could be reviewed.*package-lock\.json:2: not valid JSON/);
    const unlocked = cli('review', project('unlocked', { 'package.json': '{"name":"app","dependencies":{"abbrev":"1"},"devDependencies":{"mocha":"10"}}' }));
    assert.equal(unlocked.status, 2, unlocked.stderr);
    assert.match(unlocked.stderr, /package\.json: declares 2 dependencies but no lockfile .*`npm install --package-lock-only`/);
    const inventory = cli('inventory', join(work, 'unlocked'));
    assert.equal(inventory.status, 2, inventory.stderr);
    // Installed packages say the versions even when --no-installed leaves them unread; a
    // node_modules holding no package (only npm's hidden lockfile) says nothing.
    const installed = project('installed', { 'package.json': '{"name":"app","dependencies":{"abbrev":"1"}}' });
    mkdirSync(join(installed, 'node_modules', 'abbrev'), { recursive: true });
    writeFileSync(join(installed, 'node_modules', '.package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
    assert.equal(cli('inventory', installed, '--no-installed').status, 2, 'a node_modules with no package.json in it');
    writeFileSync(join(installed, 'node_modules', 'abbrev', 'package.json'), '{"name":"abbrev","version":"1.1.1"}');
    const notRead = cli('inventory', installed, '--no-installed');
    assert.equal(notRead.status, 0, notRead.stderr);
    assert.doesNotMatch(notRead.stderr, /no lockfile/);
    const none = cli('review', project('no-dependencies', { 'package.json': '{"name":"app"}' }));
    assert.equal(none.status, 0, none.stderr);
    assert.match(none.stderr, /no dependencies found/);
  });

  it('writes SARIF to a file; a triage file with a bad date exits 2 naming the line', () => {
    const sarif = join(work, 'review.sarif');
    const written = cli('review', fixture('node-tree'), '--format', 'sarif', '--output', sarif, '--fail-on', 'none');
    assert.equal(written.status, 0, written.stderr);
    assert.equal((JSON.parse(readFileSync(sarif, 'utf8')) as { version: string }).version, '2.1.0');
    const triage = join(work, 'triage.yaml');
    writeFileSync(triage, 'entries:\n  - id: CVE-2024-27980\n    justification: component_not_present\n    reason: no Windows builds\n    by: me\n    expires: 31/12/2026\n');
    const bad = cli('review', fixture('node-tree'), '--triage', triage);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /triage\.yaml:6: `expires` must be a date as YYYY-MM-DD, found "31\/12\/2026"\n/);
    assert.doesNotMatch(bad.stderr, /\(.*triage\.yaml:6\)/, 'the location is said once');
  });

  it('--record keeps the findings per release line for the dashboard', async () => {
    const recorded = cli('review', fixture('node-tree'), '--record', '--now', '2026-11-23', '--fail-on', 'none');
    assert.equal(recorded.status, 0, recorded.stderr);
    const { openSqliteStore } = await import('../../store/sqlite/index.js');
    const store = openSqliteStore(db);
    try {
      const [snapshot] = await store.records.latestReviews();
      assert.equal(snapshot?.project, 'nodejs/node');
      assert.equal(snapshot?.line, 'work tree');
      assert.ok(snapshot?.findings.some((finding) => finding.id === 'CVE-2024-27980' && finding.fixed === '20.12.2'));
    } finally {
      await store.close();
    }
  });

  it('node check without --vuln-dir reads the vuln/core entries from the store', () => {
    const result = cli('node', 'check', 'v20.5.1', '--platform', 'win32', '--now', '2026-11-23', '--json');
    assert.equal(result.status, 1, result.stderr);
    const check = JSON.parse(result.stdout) as { vulnerabilities: { cves: string[]; patchedIn: string | null }[] };
    assert.equal(check.vulnerabilities.find((entry) => entry.cves.includes('CVE-2024-27980'))?.patchedIn, '20.12.2');
    const empty = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'node', 'check', 'v20.5.1', '--db', join(work, 'none.db')], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: work } });
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /none\.db does not exist: run `vigil db import/);
  });

  it('node check: v20.5.1 on Windows is affected and past end-of-life (exit 1)', () => {
    const result = cli('node', 'check', 'v20.5.1', '--platform', 'win32', '--vuln-dir', fixture('security-wg', 'vuln'), '--now', '2026-11-23', '--json');
    assert.equal(result.status, 1);
    const check = JSON.parse(result.stdout) as { eol: boolean; vulnerabilities: { cves: string[] }[] };
    assert.equal(check.eol, true);
    assert.ok(check.vulnerabilities.some((entry) => entry.cves.includes('CVE-2024-27980')));
  });
});
