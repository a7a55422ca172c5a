import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openVexValidator, sarifValidator } from '../../../test/validators.js';
import { createMemoryLookup } from '../memory-lookup.js';
import { parseTriageFile } from '../triage/file.js';
import { runReview } from '../index.js';
import { exceedsThreshold } from '../summary.js';
import { fixtureAdvisories, nodeTreeInventory } from '../__fixtures__/inventory.js';
import { reporterFor } from './registry.js';
import type { ReporterOptions } from './types.js';

const options: ReporterOptions = { now: new Date('2026-11-23T12:00:00Z'), color: false, toolVersion: '0.1.0' };
const TRIAGE = `entries:
  - id: CVE-2023-45853
    justification: vulnerable_code_not_present
    reason: MiniZip is not built into Node.js
    by: nodejs/security-wg
  - id: CVE-2099-0001
    justification: component_not_present
    reason: nothing
    by: someone
`;

async function report() {
  return runReview({
    inventories: [{ inventory: nodeTreeInventory({ name: 'v20.x', commit: 'a'.repeat(40) }) }, { inventory: nodeTreeInventory({ name: 'v22.x', commit: 'b'.repeat(40) }) }],
    lookup: createMemoryLookup(fixtureAdvisories()),
    triage: { file: '.vigil/triage.yaml', entries: parseTriageFile(TRIAGE, '.vigil/triage.yaml') },
    now: options.now,
  });
}

test('SARIF output is valid SARIF 2.1.0, one run per release line, triaged findings suppressed', async () => {
  const sarif = JSON.parse(reporterFor('sarif')?.render(await report(), options) ?? '') as { runs: { automationDetails: { id: string }; results: { ruleId: string; level: string; suppressions?: unknown[] }[]; tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } } }[] };
  const validate = sarifValidator();
  assert.equal(validate({ version: '2.1.0', runs: [{ results: [] }] }), false, 'the validator rejects a run without a tool');
  assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
  assert.deepEqual(sarif.runs.map((run) => run.automationDetails.id), ['vigil-review/v20.x/', 'vigil-review/v22.x/']);
  const results = sarif.runs[0]?.results ?? [];
  assert.deepEqual(results.map((result) => `${result.ruleId} ${result.level} ${result.suppressions ? 'suppressed' : 'open'}`), [
    'CVE-2024-27980 error open',
    'CVE-2023-5363 error open',
    'CVE-2023-45143 note open',
    'CVE-2023-45853 error suppressed',
  ]);
  assert.equal(sarif.runs[0]?.tool.driver.rules[1]?.properties['security-severity'], '7.5');
});

test('OpenVEX: affected, not_affected with the justification, and fixed, about the product with the component as subcomponent', async () => {
  const vex = JSON.parse(reporterFor('openvex')?.render(await report(), options) ?? '') as { '@context': string; statements: { vulnerability: { name: string }; status: string; justification?: string; status_notes?: string; impact_statement?: string; products: { '@id': string; subcomponents?: { '@id': string }[] }[] }[] };
  assert.equal(vex['@context'], 'https://openvex.dev/ns/v0.2.0');
  const validate = openVexValidator();
  assert.ok(validate(vex), JSON.stringify(validate.errors, null, 2));
  const v20 = vex.statements.slice(1, 6);
  assert.equal(vex.statements[0]?.vulnerability.name, 'CVE-2024-27980');
  assert.deepEqual(v20.map((statement) => `${statement.vulnerability.name} ${statement.status}`), [
    'CVE-2023-5363 affected',
    'CVE-2023-45143 affected',
    'CVE-2023-45853 not_affected',
    'CVE-2023-0286 fixed',
    'CVE-2022-25883 fixed',
  ]);
  assert.equal(v20[2]?.justification, 'vulnerable_code_not_present');
  // The schema takes a justification or an impact statement, not both: the reason rides in status_notes.
  assert.equal(v20[2]?.status_notes, 'MiniZip is not built into Node.js');
  assert.equal(v20[2]?.impact_statement, undefined);
  assert.deepEqual(v20[1]?.products, [{ '@id': 'pkg:generic/nodejs/node@v20.5.1', subcomponents: [{ '@id': 'pkg:npm/undici@5.22.1' }] }]);
});

test('the table groups by dependency and reports unused triage entries; Markdown carries the same', async () => {
  const result = await report();
  const table = reporterFor('table')?.render(result, options) ?? '';
  assert.match(table, /^v20\.x: 7 packages, 3 findings \(1 triaged not affected\)$/m);
  assert.match(table, /^openssl 3\.0\.10\+quic {2}deps\/openssl\/openssl\/VERSION\.dat {2}upgrade to 3\.0\.12$/m);
  assert.match(table, /\.vigil\/triage\.yaml:6: triage entry CVE-2099-0001 matched no finding/);
  const markdown = reporterFor('markdown')?.render(result, options) ?? '';
  assert.match(markdown, /^### undici 5\.22\.1$/m);
  assert.match(markdown, /Upgrading to \*\*5\.26\.2\*\* fixes every finding/);
  assert.deepEqual(JSON.parse(reporterFor('json')?.render(result, options) ?? '').targets.length, 2);
});

test('--fail-on: the threshold counts findings triage has not set aside', async () => {
  const findings = (await report()).targets[0]?.findings ?? [];
  assert.equal(exceedsThreshold(findings, 'high'), true);
  assert.equal(exceedsThreshold(findings, 'critical'), false, 'the critical zlib finding is triaged not_affected');
  assert.equal(exceedsThreshold(findings, 'none'), false);
});

test('the table fits an 80-column terminal on every line, and keeps whole summaries when piped (#17)', async () => {
  const reviewed = await report();
  const table = reporterFor('table')!;
  const fitted = table.render(reviewed, { ...options, width: 80 });
  const lines = fitted.split('\n');
  const over = lines.filter((line) => line.length > 80);
  assert.deepEqual(over, [], 'no line is wider than the terminal');
  assert.ok(lines.some((line) => line.endsWith('…')), 'long summaries are cut with an ellipsis');
  const piped = table.render(reviewed, options);
  const longest = Math.max(...reviewed.targets.flatMap((target) => target.findings.map((finding) => finding.summary.length)));
  assert.ok(longest > 80, 'the fixture has a summary longer than 80 characters');
  assert.ok(piped.split('\n').some((line) => line.length > longest), 'piped, the longest summary is whole');
});
