import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { projectRoot } from '../../../test/fixtures.js';

const run = promisify(execFile);

/** `vigil release validate …` as a user types it, in a folder of their own (issue #17). */
async function validate(cwd: string, path: string): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), 'release', 'validate', path], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: cwd, VIGIL_DB: join(cwd, 'no-store.db'), GITHUB_TOKEN: '', GH_TOKEN: '', VIGIL_GITHUB_TOKEN: '' },
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('vigil release validate (CLI) on input that is not what it reads', () => {
  it('a folder that is not a vuln/ tree is exit 2 saying so and what to pass instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-validate-cli-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'README.md'), '# not advisories\n');
    const result = await validate(dir, 'docs');
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /docs: not a security-wg vuln\/ tree/);
    assert.match(result.stderr, /hint: pass the vuln\/ folder/);
    assert.doesNotMatch(result.stderr, /bug in Vigil/);
  });

  it('bad JSON is exit 2 naming the file: an entry, the index, or a vulnerabilities.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-validate-cli-'));
    mkdirSync(join(dir, 'vuln', 'core'), { recursive: true });
    writeFileSync(join(dir, 'vuln', 'core', 'index.json'), JSON.stringify({ 1: { cve: ['CVE-2024-0001'], vulnerable: '>=20.0.0' } }));
    writeFileSync(join(dir, 'vuln', 'core', '1.json'), '{"cve": ["CVE-2024-0001"],\n');
    const entry = await validate(dir, 'vuln');
    assert.equal(entry.status, 2, entry.stderr);
    assert.match(entry.stderr, /vuln\/core\/1\.json: not valid JSON/);

    writeFileSync(join(dir, 'vuln', 'core', '1.json'), JSON.stringify({ cve: ['CVE-2024-0001'], vulnerable: '>=20.0.0' }));
    writeFileSync(join(dir, 'vuln', 'core', 'index.json'), '{1: {}}');
    const index = await validate(dir, 'vuln');
    assert.equal(index.status, 2, index.stderr);
    assert.match(index.stderr, /vuln\/core\/index\.json: not valid JSON/);

    writeFileSync(join(dir, 'vulnerabilities.json'), '{"reports": [}');
    const file = await validate(dir, 'vulnerabilities.json');
    assert.equal(file.status, 2, file.stderr);
    assert.match(file.stderr, /vulnerabilities\.json: not valid JSON/);
    assert.doesNotMatch(file.stderr, /vulnerabilities\.json: not valid JSON: \S*vulnerabilities\.json: not valid JSON/, 'said once, not wrapped in itself');
  });
});
