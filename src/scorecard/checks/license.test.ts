import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { matchLicenseFile } from '../collect/license.js';
import { memoryView } from '../memory-view.js';
import { openRepoView } from '../repo-view.js';
import { license } from './license.js';

const context = { now: new Date() };
// The file-name table of ossf/scorecard checks/raw/license_test.go (TestLicenseFileSubdirectory cases).
const NAMES = JSON.parse(readFileSync(new URL('./__fixtures__/license-file-names.json', import.meta.url), 'utf8')) as { name: string; isLicense: boolean }[];

describe('License', () => {
  for (const { name, isLicense } of NAMES) {
    it(`${isLicense ? 'accepts' : 'rejects'} ${name}`, () => assert.equal(matchLicenseFile(name) !== null, isLicense));
  }

  it('gives 9 for a LICENSE without an SPDX id in its name, 0 without one (checks/testdata/licensedir)', async () => {
    for (const [folder, expected] of [['withlicense', 9], ['withoutlicense', 0]] as const) {
      const opened = await openRepoView(fixture('scorecard-testdata', 'checks', 'testdata', 'licensedir', folder));
      try {
        assert.equal(license.evaluate(await license.collect(opened.view, context), context).score, expected);
      } finally {
        opened.close();
      }
    }
  });

  it('adds 1 when the name carries an FSF/OSI-approved SPDX id', async () => {
    const result = license.evaluate(await license.collect(memoryView({ 'LICENSE-MIT': 'MIT', 'src/a.js': '' }), context), context);
    assert.equal(result.score, 10);
    const other = license.evaluate(await license.collect(memoryView({ 'LICENSE-binary': 'x' }), context), context);
    assert.equal(other.score, 9);
  });
});
