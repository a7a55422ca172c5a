/**
 * The proof, on the real workflows of ten nodejs repositories: Scorecard's
 * Pinned-Dependencies, Token-Permissions and Dependency-Update-Tool before and after
 * `harden` (offline pin file), the hardened files meaning the same thing, and a second run
 * changing nothing. The figures are printed for src/harden/README.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DockerfileParser } from 'dockerfile-ast';
import { fixture } from '../../test/fixtures.js';
import { directoryInput, memoryInput } from './input.js';
import { planHarden } from './plan.js';
import { loadKnowledge } from './knowledge/load.js';
import { parsePinLock } from './resolve/lock-file.js';
import { ALL_FIXES } from './fixes/registry.js';
import { memoryView } from '../scorecard/memory-view.js';
import { pinnedDependencies } from '../scorecard/checks/pinned-dependencies.js';
import { tokenPermissions } from '../scorecard/checks/token-permissions.js';
import { dependencyUpdateTool } from '../scorecard/checks/dependency-update-tool.js';
import type { CheckDefinition, CheckResult } from '../scorecard/types.js';
import type { HardenPlan } from './types.js';

const root = fixture('workflows');
const lock = parsePinLock(readFileSync(join(import.meta.dirname, '__fixtures__', 'nodejs-workflows.lock'), 'utf8'));
const knowledge = loadKnowledge();
const context = { now: new Date('2026-11-23T00:00:00Z') };
const checks = [pinnedDependencies, tokenPermissions, dependencyUpdateTool] as CheckDefinition[];

async function results(files: Record<string, string>): Promise<Record<string, CheckResult>> {
  const view = memoryView(files);
  const out: Record<string, CheckResult> = {};
  for (const check of checks) out[check.name] = check.evaluate(await check.collect(view, context), context);
  return out;
}

async function scores(files: Record<string, string>): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await results(files)).map(([name, result]) => [name, result.score]));
}

/** The workflow with the intended changes undone: refs and permissions removed. */
function meaning(text: string): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => key !== 'permissions')
          .map(([key, inner]) => [key, key === 'uses' && typeof inner === 'string' ? inner.replace(/@.*$/, '') : strip(inner)]),
      );
    }
    return value;
  };
  return strip(parse(text));
}

function dockerMeaning(text: string): string[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((instruction) => `${instruction.getKeyword()} ${instruction.getArgumentsContent() ?? ''}`.replace(/@sha256:[0-9a-f]{64}/, ''));
}

const repos = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
const figures: string[] = [];

for (const repo of repos) {
  test(`harden ${repo}: scores after, same meaning, idempotent`, async () => {
    const input = await directoryInput(join(root, repo));
    const files: Record<string, string> = {};
    for (const path of input.paths) files[path] = (await input.read(path)) ?? '';
    const before = await scores(files);
    const plan: HardenPlan = await planHarden(memoryInput(files), { fixes: ALL_FIXES, actions: lock, images: lock, knowledge });
    const hardened = { ...files };
    for (const file of plan.files) hardened[file.path] = file.after;
    const afterResults = await results(hardened);
    const after = Object.fromEntries(Object.entries(afterResults).map(([name, result]) => [name, result.score]));

    for (const file of plan.files) {
      if (file.before === null) continue;
      if (file.path.startsWith('.github/dependabot.')) {
        // Entries are only added: the existing ones come first, unchanged.
        const [was, now] = [parse(file.before) as { updates: unknown[] }, parse(file.after) as { updates: unknown[] }];
        assert.deepEqual(now.updates.slice(0, was.updates.length), was.updates);
      } else if (file.path.startsWith('.github/workflows/')) assert.deepEqual(meaning(file.after), meaning(file.before), file.path);
      else assert.deepEqual(dockerMeaning(file.after), dockerMeaning(file.before), file.path);
    }
    // Every check reaches 10, or the plan says why each finding still there was left: as many
    // reasons in that file as findings (the plan's lines are the original file's, so not compared).
    for (const [name, result] of Object.entries(afterResults)) {
      if (result.score === 10 || result.score === -1) continue;
      const warnings = result.details.filter((detail) => detail.type === 'Warn');
      assert.ok(warnings.length > 0, `${repo}: ${name} is ${result.score} after hardening with no finding`);
      for (const path of new Set(warnings.map((warning) => warning.path))) {
        const found = warnings.filter((warning) => warning.path === path).length;
        const explained = plan.skipped.filter((skip) => skip.path === path).length;
        assert.ok(explained >= found, `${repo}: ${name} still has ${found} finding(s) in ${path ?? '(no file)'} and the plan gives ${explained} reason(s)`);
      }
    }
    const again = await planHarden(memoryInput(hardened), { fixes: ALL_FIXES, actions: lock, images: lock, knowledge });
    assert.deepEqual(again.files.map((file) => file.path), [], `${repo}: a second run changed files`);
    const reasons = [...new Set(plan.skipped.map((skip) => `${skip.fix}: ${skip.path}: ${skip.reason}`))];
    figures.push(`| ${repo} | ${before['Pinned-Dependencies']} → ${after['Pinned-Dependencies']} | ${before['Token-Permissions']} → ${after['Token-Permissions']} | ${before['Dependency-Update-Tool']} → ${after['Dependency-Update-Tool']} | ${reasons.length} |`);
    if (process.env.HARDEN_FIGURES === '1') for (const reason of reasons) figures.push(`  - ${repo}: ${reason}`);
  });
}

test('before/after figures, as recorded in the README', () => {
  if (process.env.HARDEN_FIGURES === '1') console.log(['| repository | Pinned-Dependencies | Token-Permissions | Dependency-Update-Tool | left, with reason |', ...figures].join('\n'));
  const rows = figures.filter((line) => line.startsWith('|'));
  assert.equal(rows.length, repos.length);
  const readme = readFileSync(join(import.meta.dirname, 'README.md'), 'utf8');
  for (const row of rows) assert.ok(readme.includes(row), `README.md does not record: ${row}`);
});
