import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCodeReview } from './checks/code-review.js';
import { evaluateMaintained } from './checks/maintained.js';
import { changesetsFromHistory } from './collect/code-review.js';
import { parseGitLog } from './history.js';
import type { HistoryCommit } from './types.js';

const commit = (sha: string, message: string, author = 'a@example.com', date = '2026-11-20T00:00:00Z'): HistoryCommit => ({ sha, date: new Date(date), authorEmail: author, committerEmail: author, parents: [], message });
const WEB_FLOW = 'noreply@github.com';
const made = (sha: string, parents: string[], committerEmail: string, message: string, authorEmail = 'davidism@gmail.com'): HistoryCommit => ({ sha, date: new Date('2026-11-20T00:00:00Z'), authorEmail, committerEmail, parents, message });

describe('history facts', () => {
  it('parses git log records with multi-line messages', () => {
    const output = `abc\u00002026-11-20T10:00:00+01:00\u0000a@x\u0000c@x\u0000p1 p2\u0000subject\n\nPR-URL: u\n\u001e\ndef\u00002026-01-01T00:00:00Z\u0000b@x\u0000b@x\u0000\u0000second\n\u001e\n`;
    const commits = parseGitLog(output);
    assert.equal(commits.length, 2);
    assert.deepEqual(commits.map((entry) => entry.parents), [['p1', 'p2'], []]);
    assert.equal(commits[0]?.message, 'subject\n\nPR-URL: u');
    assert.equal(commits[0]?.date.toISOString(), '2026-11-20T09:00:00.000Z');
  });

  it('groups Node.js-style landed commits by PR-URL and approves them on a Reviewed-By from someone else', () => {
    const changesets = changesetsFromHistory([
      commit('1', 'src: fix\n\nPR-URL: https://github.com/nodejs/node/pull/1\nReviewed-By: Someone Else <b@example.com>'),
      commit('2', 'src: part two\n\nPR-URL: https://github.com/nodejs/node/pull/1\nReviewed-By: Someone Else <b@example.com>'),
      commit('3', 'doc: self\n\nPR-URL: https://github.com/nodejs/node/pull/2\nReviewed-By: Me <a@example.com>'),
      commit('4', 'direct push'),
      commit('5', 'Change\n\nReviewed-on: https://gerrit/1\nReviewed-by: X <x@y>'),
    ]);
    assert.deepEqual(
      changesets.map((changeset) => [changeset.platform, changeset.commits.length, changeset.approved]),
      [['Trailers', 2, true], ['Trailers', 1, false], ['Unknown', 1, false], ['Gerrit', 1, true]],
    );
    const result = evaluateCodeReview({ changesets, measured: 'history' });
    assert.equal(result.score, 5);
    assert.equal(result.reason, 'Found 2/4 approved changesets -- score normalized to 5');
  });

  it('leaves approved bot changesets out and is inconclusive with no human activity', () => {
    const bot = changesetsFromHistory([commit('1', 'deps\n\nPR-URL: u\nReviewed-By: B <b@x>', '49699333+dependabot[bot]@users.noreply.github.com')]);
    assert.equal(evaluateCodeReview({ changesets: bot, measured: 'history' }).score, -1);
    assert.equal(evaluateCodeReview({ changesets: [], measured: 'history' }).reason, 'no changesets detected');
  });

  // The shapes of pallets/flask's and ossf/scorecard's default branches (git log of their mirrors):
  // GitHub merges and squashes whose reviews only the GitHub API knows.
  it('is inconclusive, not 0, when the history merges through pull requests whose reviews a clone cannot see', () => {
    const flask = [
      made('m1', ['s1', 'f1'], 'davidism@gmail.com', "Merge branch 'stable'"),
      made('f1', ['f0', 'b1'], WEB_FLOW, 'remove unicode host test (#5962)'),
      made('b1', ['f0'], 'davidism@gmail.com', 'remove unicode host test'),
      made('s1', ['f0'], 'davidism@gmail.com', 'update dev dependencies'),
      made('f0', ['x'], WEB_FLOW, 'Merge commit from fork'),
    ];
    const changesets = changesetsFromHistory(flask);
    assert.deepEqual(
      changesets.map((changeset) => [changeset.platform, changeset.revision, changeset.commits, changeset.approved]),
      [['Unknown', 'm1', ['m1'], false], ['GitHub', '#5962', ['f1', 'b1'], null], ['Unknown', 's1', ['s1'], false], ['GitHub', 'f0', ['f0'], null]],
    );
    const result = evaluateCodeReview({ changesets, measured: 'history' });
    assert.equal(result.score, -1);
    assert.match(result.reason, /^2 of 4 changesets were merged through pull requests on the forge \(GitHub #5962, GitHub f0\) whose reviews a clone cannot see: give a forge token/);
    const scorecard = changesetsFromHistory([
      made('a', ['b'], WEB_FLOW, 'chore: add additional Hiero repos to cron run. (#4977)'),
      made('b', ['c'], WEB_FLOW, ':seedling: Bump github.com/sigstore/rekor from 1.5.0 to 1.5.1 (#5150)', '49699333+dependabot[bot]@users.noreply.github.com'),
      made('c', ['d', 'e'], 'x@example.com', 'Merge pull request #12 from someone/branch'),
    ]);
    assert.deepEqual(scorecard.map((changeset) => [changeset.revision, changeset.approved]), [['#4977', null], ['#5150', null], ['#12', null]]);
    assert.equal(evaluateCodeReview({ changesets: scorecard, measured: 'history' }).score, -1);
  });

  it('scores when the unknown reviews cannot change the score, and GitLab merge requests count as unknown', () => {
    const changesets = changesetsFromHistory([
      made('g', ['p', 'q'], 'gitlab@example.com', "Merge branch 'fix' into 'main'\n\nSee merge request group/project!42"),
      ...Array.from({ length: 29 }, (_, index) => made(`d${index}`, [], 'me@example.com', `direct push ${index}`)),
    ]);
    assert.deepEqual(changesets[0] && [changesets[0].platform, changesets[0].revision, changesets[0].approved], ['GitLab', 'group/project!42', null]);
    const result = evaluateCodeReview({ changesets, measured: 'history' });
    assert.equal(result.score, 0);
    assert.match(result.reason, /^Found 0\/30 approved changesets -- score normalized to 0 \(1 of 30 changesets were merged .*the score is the same either way\)$/);
  });

  it('scores Maintained as commits in the last 90 days over 12, and 0 when archived or new', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    const recent = Array.from({ length: 6 }, () => new Date('2026-11-01T00:00:00Z'));
    const old = Array.from({ length: 20 }, () => new Date('2026-01-01T00:00:00Z'));
    assert.equal(evaluateMaintained({ commitDates: [...recent, ...old], forge: null }, now).score, 5);
    assert.equal(evaluateMaintained({ commitDates: Array.from({ length: 30 }, () => now), forge: null }, now).score, 10);
    const issues = [{ createdAt: new Date('2026-11-02T00:00:00Z'), authorAssociation: 'MEMBER', comments: [] }, { createdAt: new Date('2026-11-02T00:00:00Z'), authorAssociation: 'NONE', comments: [] }];
    assert.equal(evaluateMaintained({ commitDates: recent, forge: { archived: false, createdAt: new Date('2020-01-01'), issues } }, now).score, 5);
    assert.equal(evaluateMaintained({ commitDates: recent, forge: { archived: true, createdAt: new Date('2020-01-01'), issues } }, now).score, 0);
    assert.equal(evaluateMaintained({ commitDates: recent, forge: { archived: false, createdAt: new Date('2026-10-01'), issues } }, now).score, 0);
  });
});
