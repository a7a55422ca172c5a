import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CpeConfiguration } from '../../advisories/types.js';
import { fixtureAdvisories } from '../__fixtures__/inventory.js';
import { evaluateConfigurations } from './nvd.js';
import { parseCpe } from './cpe.js';

const configurations = (id: string): CpeConfiguration[] => fixtureAdvisories().find((advisory) => advisory.id === id)?.cpeConfigurations ?? [];
const openssl = (version: string) => ({ vendor: 'openssl', product: 'openssl', version });

test('start including / end excluding, with OpenSSL letter releases (CVE-2023-0286)', () => {
  const config = configurations('CVE-2023-0286');
  assert.equal(evaluateConfigurations(config, openssl('1.1.1s')).status, 'affected');
  assert.deepEqual(evaluateConfigurations(config, openssl('1.1.1s')).fixedIn, ['1.1.1t']);
  assert.equal(evaluateConfigurations(config, openssl('1.1.1t')).status, 'fixed');
  assert.equal(evaluateConfigurations(config, openssl('1.1.1w')).status, 'fixed');
  assert.equal(evaluateConfigurations(config, openssl('1.0.2zf')).status, 'affected');
  assert.equal(evaluateConfigurations(config, openssl('3.0.7')).status, 'affected');
  assert.equal(evaluateConfigurations(config, openssl('3.0.10')).status, 'fixed');
  assert.notEqual(evaluateConfigurations(config, openssl('1.1.0l')).status, 'affected');
});

test('end including (zlib through 1.3)', () => {
  const config = configurations('CVE-2023-45853');
  assert.equal(evaluateConfigurations(config, { vendor: 'zlib', product: 'zlib', version: '1.3' }).status, 'affected');
  assert.equal(evaluateConfigurations(config, { vendor: 'zlib', product: 'zlib', version: '1.3.1' }).status, 'unaffected');
});

test('a vulnerable:false "running with" CPE is not a finding for that component', () => {
  const config = configurations('CVE-2014-3566-STUNNEL-EXAMPLE');
  assert.equal(evaluateConfigurations(config, openssl('3.0.10')).status, 'unaffected');
  // The stunnel part is affected only when OpenSSL is present alongside it.
  const stunnel = { vendor: 'stunnel', product: 'stunnel', version: '4.9' };
  assert.equal(evaluateConfigurations(config, stunnel).status, 'unaffected');
  assert.equal(evaluateConfigurations(config, stunnel, new Map([['openssl:openssl', ['3.0.10']]])).status, 'affected');
});

test('AND with an operating-system condition makes a match conditional, with the platform named', () => {
  const verdict = evaluateConfigurations(configurations('CVE-2024-27980'), { vendor: 'nodejs', product: 'node.js', version: '20.5.1' });
  assert.equal(verdict.status, 'affected');
  assert.deepEqual(verdict.notes, ['only on platforms NVD names: microsoft:windows -']);
  assert.equal(evaluateConfigurations(configurations('CVE-2024-27980'), { vendor: 'nodejs', product: 'node.js', version: '20.12.2' }).status, 'fixed');
});

test('negated nodes and exact criteria versions with an update component', () => {
  const config: CpeConfiguration[] = [
    {
      operator: 'AND',
      nodes: [
        { operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:openssl:openssl:1.0.1:a:*:*:*:*:*:*' }] },
        { operator: 'OR', negate: true, cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:a:example:tool:*:*:*:*:*:*:*:*' }] },
      ],
    },
  ];
  assert.equal(evaluateConfigurations(config, openssl('1.0.1a')).status, 'affected');
  assert.equal(evaluateConfigurations(config, openssl('1.0.1b')).status, 'unaffected');
  assert.equal(evaluateConfigurations(config, openssl('1.0.1a'), new Map([['example:tool', ['1.0']]])).status, 'unaffected');
});

test('CPE strings are split on unescaped colons', () => {
  assert.deepEqual(parseCpe('cpe:2.3:a:nodejs:node.js:20.5.1:*:*:*:-:*:*:*'), { part: 'a', vendor: 'nodejs', product: 'node.js', version: '20.5.1', update: '*' });
  assert.equal(parseCpe('cpe:2.3:a:vendor:pro\\:duct:1.0:*:*:*:*:*:*:*')?.product, 'pro:duct');
  assert.equal(parseCpe('cpe:/a:openssl:openssl:1.0'), null);
});
