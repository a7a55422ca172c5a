/**
 * The scoring cases of ossf/scorecard checks/evaluation/pinned_dependencies_test.go
 * (Test_createScoreForGitHubActionsWorkflow, Test_PinningDependencies), on Vigil's evaluation.
 * Scorecard's "missing Pinned info" case has no counterpart: every Vigil dependency is pinned or not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePinnedDependencies } from './pinned-dependencies.js';
import type { Dependency, PinningFacts } from '../pinning-types.js';

function dep(type: Dependency['type'], pinned: boolean, snippet = 'test-snippet'): Dependency {
  return { type, pinned, snippet, path: 'test-file', line: 1, endLine: 1 };
}
const owned = (pinned: boolean): Dependency => dep('GitHubAction', pinned, 'actions/checkout@x');
const third = (pinned: boolean): Dependency => dep('GitHubAction', pinned, 'other/action@x');

function counts(facts: PinningFacts): { score: number; info: number; warn: number } {
  const result = evaluatePinnedDependencies(facts);
  return { score: result.score, info: result.details.filter((d) => d.type === 'Info').length, warn: result.details.filter((d) => d.type === 'Warn').length };
}

// GitHub-owned weighs 2 and third-party 8 when both appear; either alone weighs 10.
const actionCases: [string, Dependency[], number][] = [
  ['GitHub-owned and third-party actions pinned', [owned(true), third(true)], 10],
  ['only GitHub-owned actions pinned', [owned(true), third(false)], 2],
  ['only third-party actions pinned', [owned(false), third(true)], 8],
  ['no GitHub actions pinned', [owned(false), third(false)], 0],
  ['no GitHub-owned actions and third-party unpinned', [third(false)], 0],
  ['no third-party actions and GitHub-owned unpinned', [owned(false)], 0],
  ['no GitHub-owned actions and third-party pinned', [third(true)], 10],
  ['no third-party actions and GitHub-owned pinned', [owned(true)], 10],
];
for (const [name, dependencies, score] of actionCases) {
  test(`Pinned-Dependencies scoring: ${name}`, () => {
    assert.equal(counts({ dependencies, errors: [] }).score, score);
  });
}

const cases: [string, PinningFacts, { score: number; info: number; warn: number }][] = [
  ['pinned pip dependency scores 10 and shows no warn message', { dependencies: [dep('pipCommand', true)], errors: [] }, { score: 10, info: 1, warn: 0 }],
  ['unpinned pip dependency scores 0 and shows warn message', { dependencies: [dep('pipCommand', false)], errors: [] }, { score: 0, info: 1, warn: 1 }],
  ['2 unpinned dependencies for 1 ecosystem shows 2 warn messages', { dependencies: [dep('pipCommand', false), dep('pipCommand', false)], errors: [] }, { score: 0, info: 1, warn: 2 }],
  ['2 unpinned dependencies for 2 ecosystems shows 2 warn messages', { dependencies: [dep('pipCommand', false), dep('goCommand', false)], errors: [] }, { score: 0, info: 2, warn: 2 }],
  ['GitHub Actions ecosystem with GitHub-owned pinned', { dependencies: [dep('GitHubAction', true)], errors: [] }, { score: 10, info: 1, warn: 0 }],
  ['no dependencies leads to an inconclusive score', { dependencies: [], errors: [] }, { score: -1, info: 0, warn: 0 }],
  ['processing errors are logged as info', { dependencies: [], errors: [{ path: 'x', message: 'Possibly incomplete results: x' }] }, { score: -1, info: 1, warn: 0 }],
  ['processing errors dont affect other dependencies', { dependencies: [dep('pipCommand', true)], errors: [{ path: 'x', message: 'Possibly incomplete results: x' }] }, { score: 10, info: 2, warn: 0 }],
];
for (const [name, facts, expected] of cases) {
  test(`Pinned-Dependencies scoring: ${name}`, () => {
    assert.deepEqual(counts(facts), expected);
  });
}

// Test_addWorkflowPinnedResult and TestUpdatePinningResults: how each dependency is tallied —
// actions by owner (actions/*, github/* are GitHub-owned), every other type by its own kind.
const tallies: [string, Dependency, string][] = [
  ['add pinned GitHub-owned action', dep('GitHubAction', true, 'actions/checkout@a81bbbf8298c0fa03ea29cdc473d45769f953675'), '1 out of 1 GitHub-owned GitHubAction'],
  ['add unpinned GitHub-owned action', dep('GitHubAction', false, 'actions/checkout@v2'), '0 out of 1 GitHub-owned GitHubAction'],
  ['add pinned Third-party action', dep('GitHubAction', true, 'other/checkout@ffa6706ff2127a749973072756f83c532e43ed02'), '1 out of 1 third-party GitHubAction'],
  ['add unpinned Third-party action', dep('GitHubAction', false, 'other/checkout@v2'), '0 out of 1 third-party GitHubAction'],
  ['add pinned pip install', dep('pipCommand', true), '1 out of 1 pipCommand'],
  ['add unpinned pip install', dep('pipCommand', false), '0 out of 1 pipCommand'],
];
for (const [name, dependency, tally] of tallies) {
  test(`Pinned-Dependencies tally: ${name}`, () => {
    const infos = evaluatePinnedDependencies({ dependencies: [dependency], errors: [] })
      .details.filter((d) => d.type === 'Info')
      .map((d) => d.message.replace(/\s+/g, ' ').trim());
    assert.deepEqual(infos, [`${tally} dependencies pinned`]);
  });
}
