import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validateVulnerabilitiesJson } from '../../release/validate.js';
import { parseVulnerabilitiesJson } from './read.js';
import { serialiseVulnerabilitiesJson } from './write.js';

/**
 * A vulnerabilities.json as node-core-utils (`git node security`) writes it mid-release: one report
 * picked before HackerOne had a severity (empty strings, no CVE, no reporter yet), one synced, and
 * a key Vigil does not know. Key order and layout are node-core-utils' (`JSON.stringify(content, null, 2)`).
 */
const written = JSON.stringify(
  {
    releaseDate: '2026/12/15',
    reports: [
      {
        id: '2998877',
        title: 'Path traversal in fs.cp on Windows',
        cveIds: [],
        severity: { rating: '', cvss_vector_string: '', weakness_id: '' },
        summary: '',
        patchAuthors: [],
        prURL: '',
        affectedVersions: ['22.x', '24.x'],
        link: 'https://hackerone.com/reports/2998877',
        reporter: '',
      },
      {
        id: '2991122',
        title: 'HTTP request smuggling with chunked extensions',
        cveIds: ['CVE-2026-21001'],
        severity: { rating: 'high', cvss_vector_string: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', weakness_id: '444' },
        summary: 'A malformed chunk extension lets a request be smuggled.',
        patchAuthors: ['mcollina'],
        prURL: 'https://github.com/nodejs-private/node-private/pull/700',
        affectedVersions: ['20.x', '22.x', '24.x'],
        link: 'https://hackerone.com/reports/2991122',
        reporter: 'researcher',
        nodeCoreUtilsOnly: { kept: true },
      },
    ],
  },
  null,
  2,
);

describe('vulnerabilities.json, as node-core-utils writes it', () => {
  it('reads and writes back byte for byte, unknown keys included, so a team can switch tools mid-release', () => {
    const { data } = parseVulnerabilitiesJson(written, 'vulnerabilities.json');
    assert.equal(serialiseVulnerabilitiesJson(data), written);
  });

  it('treats a report HackerOne has not scored yet (empty severity) as not assessed, not as a mistake, while drafting', () => {
    const problems = validateVulnerabilitiesJson(JSON.parse(written), 'vulnerabilities.json');
    assert.deepEqual(problems.filter((problem) => problem.severity === 'error'), []);
    assert.deepEqual(problems.map((problem) => problem.path), ['reports[0].severity']);
    const publishing = validateVulnerabilitiesJson(JSON.parse(written), 'vulnerabilities.json', 'publish').filter((problem) => problem.severity === 'error');
    assert.deepEqual(publishing.map((problem) => problem.path), ['reports[0].severity', 'reports[0].cveIds', 'reports[0].summary', 'reports[0].patchAuthors']);
  });

  it('reads the April 2024 release file Vigil rebuilds the real entries from', () => {
    const text = readFileSync(new URL('../../release/__fixtures__/april-2024-vulnerabilities.json', import.meta.url), 'utf8');
    const { data } = parseVulnerabilitiesJson(text, 'april-2024-vulnerabilities.json');
    assert.deepEqual(data.reports.map((report) => report.cveIds), [['CVE-2024-27983'], ['CVE-2024-27982']]);
  });
});
