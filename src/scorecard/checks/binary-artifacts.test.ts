import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { isBinaryArtifact } from '../collect/binary-artifacts.js';
import { openRepoView } from '../repo-view.js';
import { binaryArtifacts } from './binary-artifacts.js';

const data = (...parts: string[]): string => fixture('scorecard-testdata', 'checks', 'testdata', 'binaryartifacts', ...parts);

async function score(directory: string) {
  const opened = await openRepoView(directory);
  try {
    const facts = await binaryArtifacts.collect(opened.view, { now: new Date() });
    return { facts, result: binaryArtifacts.evaluate(facts, { now: new Date() }) };
  } finally {
    opened.close();
  }
}

describe('Binary-Artifacts (checks/raw/binary_artifact_test.go, checks/binary_artifact_test.go)', () => {
  it('finds one binary each in the wasm, Mach-O and jar fixtures, none in printable.lib', () => {
    assert.equal(isBinaryArtifact('simple.wasm', readFileSync(data('wasms', 'simple.wasm')).subarray(0, 1024)), true);
    assert.equal(isBinaryArtifact('darwin-arm64-bt', readFileSync(data('executables', 'darwin-arm64-bt')).subarray(0, 1024)), true);
    assert.equal(isBinaryArtifact('gradle-wrapper.jar', readFileSync(data('jars', 'gradle-wrapper.jar')).subarray(0, 1024)), true);
    assert.equal(isBinaryArtifact('printable.lib', readFileSync(data('printable.lib')).subarray(0, 1024)), false);
  });

  it('scores the jars folder 8 (two jars; gradle-wrapper.jar cannot be verified without a workflow run)', async () => {
    const { facts, result } = await score(data('jars'));
    assert.deepEqual(facts.binaries, ['aws-java-sdk-core-1.11.571.jar', 'gradle-wrapper.jar']);
    assert.equal(result.score, 8);
    assert.equal(result.details[0]?.path, 'aws-java-sdk-core-1.11.571.jar');
  });

  it('scores 10 for a folder of workflows and 9 for one executable', async () => {
    assert.equal((await score(data('workflows'))).result.score, 10);
    assert.equal((await score(data('executables'))).result.score, 9);
    assert.equal((await score(data('wasms'))).result.score, 9);
  });
});
