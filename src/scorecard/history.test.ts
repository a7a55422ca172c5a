import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCodeReview } from './checks/code-review.js';
import { evaluateMaintained } from './checks/maintained.js';
import { changesetsFromHistory } from './collect/code-review.js';
import { parseGitLog } from './history.js';
import type { HistoryCommit } from './types.js';

const commit = (sha: string, message: string, author = 'a@example.com', date = '2026-11-20T00:00:00Z'): HistoryCommit => ({ sha, date: new Date(date), authorEmail: author, committerEmail: author, message });

describe('history facts', () => {
  it('parses git log records with multi-line messages', () => {
    const output = `abc\u00002026-11-20T10:00:00+01:00\u0000a@x\u0000c@x\u0000subject\n\nPR-URL: u\n\u001e\ndef\u00002026-01-01T00:00:00Z\u0000b@x\u0000b@x\u0000second\n\u001e\n`;
    const commits = parseGitLog(output);
    assert.equal(commits.length, 2);
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
