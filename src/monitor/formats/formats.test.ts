import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixture } from '../../../test/fixtures.js';
import { parseDatabase, recordScore } from './database.js';
import { END_MARKER, parseReportRows, replaceBetweenMarkers, START_MARKER } from './report.js';
import { mergeDiscovered, parseScope, reposInScope } from './scope.js';
import { renderMonitorReport, reportRows } from '../report.js';

const folder = fixture('security-wg', 'tools', 'ossf_scorecard');
const read = (name: string): string => readFileSync(`${folder}/${name}`, 'utf8');

test('re-rendering the WG database gives the repositories and scores of its report, in scope order', () => {
  const scope = parseScope(read('scope.json'), 'scope.json');
  const database = parseDatabase(read('database.json'), 'database.json');
  const rendered = parseReportRows(renderMonitorReport(reportRows(database, reposInScope(scope), [])));
  const upstream = parseReportRows(read('report.md'));
  assert.equal(upstream.length, 38);
  assert.deepEqual(
    rendered.map(({ org, repo, score }) => ({ org, repo, score })),
    upstream.map(({ org, repo, score }) => ({ org, repo, score })),
  );
});

test('excluded repositories are not scored, and scope names match case-insensitively', () => {
  const scope = parseScope(JSON.stringify({ 'github.com': { NodeJS: { included: ['node', 'Help'], excluded: ['help'] } } }), 'scope.json');
  assert.deepEqual(reposInScope(scope).map((ref) => ref.repo), ['node']);
  const { scope: merged, added } = mergeDiscovered(scope, 'github.com', 'nodejs', ['HELP', 'node', 'undici']);
  assert.deepEqual(added, ['undici']);
  assert.deepEqual(merged['github.com']!.NodeJS!.included, ['node', 'Help', 'undici']);
});

test('a scope or database that does not match the format is rejected with the path of the bad key', () => {
  assert.throws(
    () => parseScope(JSON.stringify({ 'github.com': { nodejs: { included: ['node', 42], excluded: [] } } }), 'scope.json'),
    (error: Error & { exitCode: number }) => error.exitCode === 2 && /scope\.json.*github\.com\.nodejs\.included\[1\]/.test(error.message),
  );
  assert.throws(() => parseScope(JSON.stringify({ 'github.com': { nodejs: { included: [] } } }), 'scope.json'), /github\.com\.nodejs\.excluded/);
  assert.throws(
    () => parseDatabase(JSON.stringify({ 'github.com': { nodejs: { node: { previous: [], current: { score: 'high', date: '2024-01-01', commit: 'abcdef1' } } } } }), 'db.json'),
    /db\.json.*github\.com\.nodejs\.node\.current\.score/,
  );
  assert.throws(() => parseDatabase('{"github.com": ', 'db.json'), /db\.json: not valid JSON/);
});

test('nothing new: the WG\'s own report re-renders byte for byte (dates and commits only the report holds are kept)', () => {
  const scope = parseScope(read('scope.json'), 'scope.json');
  const database = parseDatabase(read('database.json'), 'database.json');
  const report = read('report.md');
  assert.equal(replaceBetweenMarkers(report, renderMonitorReport(reportRows(database, reposInScope(scope), [], { existingReport: report }))), report);
});

test('a row rendered from the database follows upstream: no sign on a rise, Details only with a stored score', () => {
  const ref = { platform: 'github.com', org: 'nodejs', repo: 'node' };
  const database = recordScore(recordScore({}, ref, { score: 5.9, date: '2025-01-01', commit: 'a'.repeat(40) }), ref, { score: 6.3, date: '2025-01-08', commit: 'b'.repeat(40) });
  const [rise] = reportRows(database, [ref]);
  assert.match(renderMonitorReport([rise!]), / 6\.3 \| 2025-01-08 \| 0\.4 \/ \[Details\]\([^)]*compare\/a{40}\/b{40}\) \|/);
  const [first] = reportRows(recordScore({}, ref, { score: 5.9, date: '2025-01-01', commit: 'a'.repeat(40) }), [ref]);
  assert.match(renderMonitorReport([first!]), / 5\.9 \| 2025-01-01 \| 0 \| \[View\]/);
});

test('recordScore appends: the old current moves to previous', () => {
  const ref = { platform: 'github.com', org: 'nodejs', repo: 'node' };
  let database = recordScore({}, ref, { score: 6.3, date: '2025-01-01', commit: 'a'.repeat(40) });
  database = recordScore(database, ref, { score: 6.3, date: '2025-01-08', commit: 'a'.repeat(40) });
  const entry = database['github.com']!.nodejs!.node!;
  assert.equal(entry.previous.length, 1);
  assert.equal(entry.current.date, '2025-01-08');
});

test('a report without markers keeps its text and gets the markers; with markers only the inside changes', () => {
  const added = replaceBetweenMarkers('# Our scorecard\n\nIntro text.\n', 'TABLE');
  assert.ok(added.startsWith('# Our scorecard\n\nIntro text.\n'));
  assert.ok(added.includes(`${START_MARKER}\n\nTABLE\n\n${END_MARKER}`));
  const replaced = replaceBetweenMarkers(`before\n${START_MARKER}\nold\n${END_MARKER}\nafter\n`, 'new');
  assert.equal(replaced, `before\n${START_MARKER}\n\nnew\n\n${END_MARKER}\nafter\n`);
});
