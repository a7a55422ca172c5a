import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixture } from '../../test/fixtures.js';
import { validatePath, validateVulnerabilitiesJson } from './validate.js';

describe('vigil release validate', () => {
  it('finds the real defects of the security-wg database', async () => {
    const problems = await validatePath(fixture('security-wg', 'vuln'));
    const twice = problems.filter((problem) => /CVE-2024-27980 is recorded twice: entries 141 and 150/.test(problem.message));
    assert.equal(twice.length, 1, JSON.stringify(problems.slice(0, 5), null, 2));
    assert.ok(twice[0]?.file.endsWith('150.json'));
    // "win32" is what the WG's validator wants (os.platform() values): nine real entries use it.
    assert.ok(!problems.some((problem) => problem.path.startsWith('affectedEnvironments')), 'win32, linux and all are valid environments');
    const errors = problems.filter((problem) => problem.severity === 'error');
    assert.deepEqual(errors.map((problem) => problem.message), ['CVE-2024-27980 is recorded twice: entries 141 and 150'], 'the one real defect is the only error');
    assert.equal(problems.filter((problem) => problem.path === 'severity' && problem.severity === 'warning').length, 13, 'old entries rated "unknown" are warned about');
    assert.ok(!problems.some((problem) => problem.file.endsWith('index.json')), 'the fixture index is in step with its entries');
  });

  it('rejects an environment that is not an os.platform() value, naming the entry and index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-vuln-'));
    mkdirSync(join(dir, 'core'));
    writeFileSync(join(dir, 'core', '1.json'), JSON.stringify({ cve: ['CVE-2024-0001'], vulnerable: '>=20.0.0', affectedEnvironments: ['linux', 'win'] }));
    writeFileSync(join(dir, 'core', 'index.json'), JSON.stringify({ 1: { cve: ['CVE-2024-0001'], vulnerable: '>=20.0.0', affectedEnvironments: ['linux', 'win'] } }));
    const problems = await validatePath(dir);
    const environment = problems.filter((problem) => problem.path.startsWith('affectedEnvironments'));
    assert.deepEqual(environment.map((problem) => [problem.file.endsWith('1.json'), problem.path]), [[true, 'affectedEnvironments[1]']]);
    assert.match(environment[0]?.message ?? '', /"win" is not one of all, aix, darwin/);
  });

  it('lists every mistake of a hand-written file with its JSON path, not only the schema\'s', () => {
    const raw: unknown = JSON.parse(readFileSync(new URL('./__fixtures__/hand-written-mistakes.json', import.meta.url), 'utf8'));
    const problems = validateVulnerabilitiesJson(raw, 'vulnerabilities.json');
    const byPath = Object.fromEntries(problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.path, problem.message]));
    assert.deepEqual(Object.keys(byPath), [
      'reports[2].id',
      'releaseDate',
      'reports[0].title',
      'reports[0].affectedVersions[0]',
      'reports[0].severity.rating',
      'reports[0].severity.cvss_vector_string',
      'reports[0].cveIds[0]',
      'reports[1].affectedVersions',
      'reports[1].cveIds[0]',
    ]);
    assert.equal(byPath['reports[2].id'], 'missing');
    assert.match(byPath['reports[1].cveIds[0]'] ?? '', /CVE-2024-1 is also assigned to reports\[0\]/);
  });

  it('refuses a path that does not exist as an input error naming it', async () => {
    await assert.rejects(validatePath('/nonexistent/vulnerabilities.json'), (error: Error & { exitCode: number }) => error.exitCode === 2 && /\/nonexistent\/vulnerabilities\.json: no such file/.test(error.message));
  });

  it('says what a wrong type is expected to be and what was found', () => {
    const problems = validateVulnerabilitiesJson({ reports: [{ id: 7, title: 'x', severity: 3, affectedVersions: '22.x' }] }, 'v.json');
    const byPath = Object.fromEntries(problems.map((problem) => [problem.path, problem.message]));
    assert.equal(byPath['reports[0].severity'], 'expected object or string, found 3');
    assert.equal(byPath['reports[0].affectedVersions'], 'expected array, found "22.x"');
  });

  it('reports semantic mistakes field by field', () => {
    const raw = {
      releaseDate: '2024-13-45',
      reports: [
        { id: '1', title: '', cveIds: ['CVE-2024-1111'], severity: { rating: 'severe', cvss_vector_string: 'CVSS:3.1/AV:N' }, affectedVersions: ['v20'] },
        { id: '2', title: 'Two', cveIds: ['CVE-2024-1111', 'CVE-24'], severity: 'TBD', affectedVersions: [] },
      ],
      releases: { '20.x': '22.1.0' },
    };
    const byPath = Object.fromEntries(validateVulnerabilitiesJson(raw, 'v.json', 'publish').map((problem) => [problem.path, problem.message]));
    assert.match(byPath.releaseDate ?? '', /not a date/);
    assert.match(byPath['reports[0].title'] ?? '', /empty/);
    assert.match(byPath['reports[0].affectedVersions[0]'] ?? '', /release line like "22.x"/);
    assert.match(byPath['reports[0].severity.rating'] ?? '', /expected one of low, medium, high, critical/);
    assert.match(byPath['reports[0].severity.cvss_vector_string'] ?? '', /not a valid CVSS vector/);
    assert.match(byPath['reports[1].cveIds[0]'] ?? '', /also assigned to reports\[0\]/);
    assert.match(byPath['reports[1].cveIds[1]'] ?? '', /not a CVE id/);
    assert.match(byPath['reports[1].affectedVersions'] ?? '', /no release line/);
    assert.match(byPath['releases.20.x'] ?? '', /not on the 20.x line/);
  });
});
