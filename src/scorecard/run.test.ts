import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { writeScorecardJson } from '../formats/scorecard-json/write.js';
import { writeScorecardSarif } from '../formats/scorecard-sarif/write.js';
import { checks } from './checks/registry.js';
import { memoryView } from './memory-view.js';
import { aggregateScore, roundScore, runChecks } from './run.js';

describe('aggregate', () => {
  it('weighs Critical 10, High 7.5, Medium 5, Low 2.5 and drops inconclusive checks', () => {
    const risks: Record<string, 'Critical' | 'High' | 'Medium' | 'Low'> = { a: 'Critical', b: 'High', c: 'Medium', d: 'Low', e: 'High' };
    const score = aggregateScore(
      [
        { name: 'a', score: 10 },
        { name: 'b', score: 0 },
        { name: 'c', score: 5 },
        { name: 'd', score: 8 },
        { name: 'e', score: -1 },
      ],
      (name) => risks[name],
    );
    assert.equal(score, (100 + 0 + 25 + 20) / 25);
    assert.equal(roundScore(score), 5.8);
    assert.equal(aggregateScore([{ name: 'e', score: -1 }], (name) => risks[name]), -1);
  });
});

describe('result formats', () => {
  const context = { now: new Date('2026-11-23T12:00:00.123Z') };
  const view = memoryView({ LICENSE: 'MIT', 'lib/a.so': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: npm test\n' }, { name: 'github.com/o/r', commit: 'c'.repeat(40) });

  it('writes Scorecard JSON v2 with the aggregate at one decimal and details only on request', async () => {
    const result = await runChecks(view, checks, context, { name: view.name, commit: view.commit });
    const json = writeScorecardJson(result, { showDetails: true });
    const parsed = JSON.parse(json) as { date: string; score: number; checks: { name: string; details: string[] | null }[]; metadata: unknown[] };
    assert.equal(parsed.date, '2026-11-23T12:00:00Z');
    assert.match(json, /"score": \d+\.\d,\n {2}"checks"/);
    assert.deepEqual(parsed.checks.find((check) => check.name === 'Binary-Artifacts')?.details, ['Warn: binary detected: lib/a.so:1']);
    assert.equal(JSON.parse(writeScorecardJson(result, { showDetails: false })).checks[0].details, null);
    assert.deepEqual(Object.keys(parsed), ['date', 'repo', 'scorecard', 'score', 'checks', 'metadata']);
  });

  it('writes SARIF 2.1.0 that validates against the schema: one rule per check, one result per warning', async () => {
    const result = await runChecks(view, checks, context, { name: view.name, commit: view.commit });
    const sarif = writeScorecardSarif(result);
    const schema = JSON.parse(readFileSync(new URL('../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    // The schema is draft-04 (`id`); Ajv 8 reads it once `$schema` is dropped and `id` renamed.
    delete schema.$schema;
    schema.$id = schema.id;
    delete schema.id;
    // Its patterns are not valid with the `u` flag Ajv 8 adds, so they compile without it.
    const regExp = Object.assign((pattern: string, flags: string) => new RegExp(pattern, flags.replace('u', '')), { code: 'new RegExp' });
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp } }).compile(schema);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'the validator rejects a driver without a name');
    assert.equal(validate(sarif), true, JSON.stringify(validate.errors?.slice(0, 3)));
    const run = sarif.runs[0];
    assert.equal(run?.tool.driver.rules?.length, checks.length);
    const binary = run?.results?.filter((entry) => entry.ruleId === 'BinaryArtifactsID');
    assert.equal(binary?.length, 1);
    assert.equal(binary?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri, 'lib/a.so');
    assert.deepEqual(run?.versionControlProvenance, [{ repositoryUri: 'https://github.com/o/r', revisionId: 'c'.repeat(40) }]);
  });

  it('names no repository URI for a local folder that is not on a forge', async () => {
    const local = memoryView({ LICENSE: 'MIT' }, { name: 'my-checkout', commit: 'd'.repeat(40) });
    const sarif = writeScorecardSarif(await runChecks(local, checks, context, { name: local.name, commit: local.commit }));
    assert.equal(sarif.runs[0]?.versionControlProvenance, undefined);
  });
});
