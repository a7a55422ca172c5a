// The verdict where people read it: every review format, --reachable-only, the dashboard's
// findings page and its filter, and the meeting's standing item.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openVexValidator, sarifValidator } from '../../test/validators.js';
import { openFindingsFromReviews, findingsLines } from '../meetings/index.js';
import { snapshotsFromReport } from '../review/snapshot.js';
import { findingsPage } from '../serve/pages/findings.js';
import { exceedsThreshold, reporterFor } from '../review/index.js';
import type { Finding, ReviewReport } from '../review/types.js';
import type { ReachabilityVerdict } from './types.js';
import { testFinding } from '../../test/fixtures.js';

function finding(id: string, name: string, status: ReachabilityVerdict['status']): Finding {
  return testFinding({
    id, aliases: [id], advisoryIds: [id], summary: `${name} is vulnerable`, package: name, purl: `pkg:npm/${name}@1.0.0`,
    severity: { level: 'high', score: 7.5, vector: null, basis: 'github' }, fixedIn: ['1.0.1'], nearestFix: '1.0.1', locations: [{ packageId: name, foundIn: 'package-lock.json', paths: [], direct: true, scope: 'prod' }],
    reachability: { status, evidence: `${status} evidence for ${name}`, chain: [], callSites: [], vulnerableCode: null, basis: 'static' },
  });
}

const report: ReviewReport = {
  generatedAt: '2026-12-05T10:00:00.000Z',
  targets: [{ line: null, root: '/app', commit: null, product: 'pkg:npm/app@1.0.0', packageCount: 3, findings: [finding('CVE-2021-1', 'lodash', 'reachable'), finding('CVE-2021-2', 'minimist', 'not-reachable'), finding('CVE-2021-3', 'qs', 'unknown')], fixed: [], skipped: [], problems: [] }],
  triage: { file: null, unused: [], expired: [] },
};
const options = { now: new Date('2026-12-05T10:00:00Z'), color: false, toolVersion: '0.1.0' };

test('every review format carries the verdict; OpenVEX says not_affected / vulnerable_code_not_in_execute_path with the evidence', () => {
  const vex = JSON.parse(reporterFor('openvex')?.render(report, options) ?? '') as { statements: { status: string; justification?: string; status_notes?: string }[] };
  const validate = openVexValidator();
  assert.ok(validate(vex), JSON.stringify(validate.errors));
  assert.deepEqual(vex.statements.map((statement) => statement.status), ['affected', 'not_affected', 'affected']);
  assert.equal(vex.statements[1]?.justification, 'vulnerable_code_not_in_execute_path');
  assert.equal(vex.statements[1]?.status_notes, 'not-reachable evidence for minimist');
  const sarif = JSON.parse(reporterFor('sarif')?.render(report, options) ?? '') as { runs: { results: { properties: { reachability: string } }[] }[] };
  assert.ok(sarifValidator()(sarif));
  assert.deepEqual(sarif.runs[0]?.results.map((result) => result.properties.reachability), ['reachable', 'not-reachable', 'unknown']);
  assert.match(reporterFor('markdown')?.render(report, options) ?? '', /\| CVE-2021-2 \| high 7\.5 \| 1\.0\.1 \| {2}\| not-reachable: not-reachable evidence for minimist \|/);
  const table = reporterFor('table')?.render(report, options) ?? '';
  assert.match(table, /reachable/);
  assert.match(table, /CVE-2021-3 qs: unknown: unknown evidence for qs/);
  assert.equal(JSON.parse(reporterFor('json')?.render(report, options) ?? '').targets[0].findings[1].reachability.status, 'not-reachable');
});

test('--reachable-only: --fail-on ignores not-reachable findings, never unknown ones', () => {
  const notReachable = [finding('CVE-2021-2', 'minimist', 'not-reachable')];
  assert.equal(exceedsThreshold(notReachable, 'high'), true);
  assert.equal(exceedsThreshold(notReachable, 'high', { reachableOnly: true }), false);
  assert.equal(exceedsThreshold([finding('CVE-2021-3', 'qs', 'unknown')], 'high', { reachableOnly: true }), true);
});

test('the dashboard shows and filters by verdict; the standing item counts them', () => {
  const snapshots = snapshotsFromReport(report);
  assert.equal(snapshots[0]?.findings[1]?.reachability, 'not-reachable');
  const all = String(findingsPage(snapshots).body);
  assert.match(all, /CVE-2021-1[\s\S]*CVE-2021-2[\s\S]*CVE-2021-3/);
  const reachableOnly = String(findingsPage(snapshots, 'reachable').body);
  assert.match(reachableOnly, /CVE-2021-1/);
  assert.doesNotMatch(reachableOnly, /CVE-2021-2|CVE-2021-3/);
  const reviews = snapshots.map((snapshot) => ({ project: snapshot.project, line: snapshot.line, findings: snapshot.findings }));
  assert.deepEqual(findingsLines(openFindingsFromReviews(reviews)), ['app work tree: 3 open (3 high); 1 reachable, 1 not reachable, 1 unknown']);
  assert.deepEqual(findingsLines(openFindingsFromReviews(reviews, { reachableOnly: true })), ['app work tree: 2 open (2 high); 1 reachable, 1 unknown']);
});
