import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { memoryView } from '../memory-view.js';
import { securityPolicy } from './security-policy.js';

const folder = fixture('scorecard-testdata', 'checks', 'testdata', 'securitypolicy');
const context = { now: new Date() };

async function evaluate(files: Record<string, string | Buffer>) {
  return securityPolicy.evaluate(await securityPolicy.collect(memoryView(files), context), context);
}

describe('Security-Policy (checks/security_policy_test.go)', () => {
  // 03_securitypolicy is in the test data but in no upstream test: its one line says "vulnerabilities
  // and disclosures", two disclosure hits, so Scorecard's code gives text 3 + disclosure 1 = 4.
  it('scores 03_securitypolicy 4, as the upstream code does (no upstream test uses the file)', async () => {
    assert.equal((await evaluate({ 'SECURITY.md': readFileSync(`${folder}/03_securitypolicy`) })).score, 4);
  });

  for (const file of readdirSync(folder).filter((name) => name !== '03_securitypolicy')) {
    it(`scores ${file} ${Number(file.slice(0, 2))}, the number its name starts with`, async () => {
      const result = await evaluate({ 'SECURITY.md': readFileSync(`${folder}/${file}`) });
      assert.equal(result.score, Number(file.slice(0, 2)));
    });
  }

  it('gives the info and warning counts of the upstream table', async () => {
    const counts = async (name: string, path: string) => {
      const result = await evaluate({ [path]: readFileSync(`${folder}/${name}`) });
      return [result.score, result.details.filter((d) => d.type === 'Info').length, result.details.filter((d) => d.type === 'Warn').length];
    };
    assert.deepEqual(await counts('10_realworld', 'security.md'), [10, 4, 0]);
    assert.deepEqual(await counts('04_textAndDisclosureVulns', 'docs/security.md'), [4, 3, 1]);
    assert.deepEqual(await counts('03_textOnly', 'security.rst'), [3, 2, 2]);
    assert.deepEqual(await counts('06_urlAndEmailOnly', 'doc/security.rst'), [6, 2, 2]);
    assert.deepEqual(await counts('00_empty', 'docs/security.adoc'), [0, 1, 3]);
    assert.deepEqual(await counts('00_1byte', 'dOCs/SeCuRIty.rsT'), [0, 1, 3]);
  });

  it('scores 0 without a policy, and ignores policies in other places', async () => {
    const result = await evaluate({ 'src/SECURITY.md': 'report to security@example.com', 'README.md': 'hi' });
    assert.equal(result.score, 0);
    assert.equal(result.reason, "security policy file not detected (the organisation's .github repository was not checked: no forge token)");
  });
});
