import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { binaryArtifacts } from '../checks/binary-artifacts.js';
import { directoryRepoView, memoryRepoView } from '../test-helpers.js';
import type { RepoView } from '../types.js';
import { collectFuzzing } from './fuzzing.js';
import { contentFiles, isTestdataPath } from './listing.js';
import { collectPinnedDependencies } from './pinned-dependencies.js';

const now = new Date('2026-12-01T00:00:00Z');

/** Scorecard's own test data (ossf/scorecard checks/testdata, checks/raw/testdata), at its real paths. */
const scorecardTestdata = (): RepoView => directoryRepoView(fixture('scorecard-testdata'));

/** The same files moved out of test data: what Scorecard would then read. */
function movedOutOfTestdata(view: RepoView): Promise<RepoView> {
  return Promise.all(view.files.map(async (file) => [file.path.replace('/testdata/', '/fixtures/'), (await view.read(file.path)) ?? Buffer.alloc(0)] as const)).then((entries) =>
    memoryRepoView(Object.fromEntries(entries)),
  );
}

describe("Scorecard's test-data exclusion (checks/fileparser/listing.go isTestdataFile)", () => {
  it('matches testdata/ and src/test/ at the start or after a slash, with case, as directories only', () => {
    for (const path of ['testdata/a.bin', 'checks/testdata/a.bin', 'src/test/java/A.java', 'module/src/test/resources/x.jar', 'a/b/testdata/c/d'])
      assert.equal(isTestdataPath(path), true, path);
    for (const path of ['mytestdata/a', 'a/mytestdata/a', 'TestData/a', 'a/Testdata/b', 'test/a', 'tests/a', 'src/tests/a', 'src/testing/a', 'a/src/test', 'testdata', 'xsrc/test/a', 'a/xsrc/test/b'])
      assert.equal(isTestdataPath(path), false, path);
  });

  it('leaves symlinks, submodules and test data out of the content listing', () => {
    const view = memoryRepoView({
      'a.sh': '#!/bin/sh\n',
      link: { content: 'a.sh', mode: '120000' },
      vendor: { content: '', mode: '160000' },
      'pkg/testdata/b.sh': '#!/bin/sh\n',
    });
    assert.deepEqual(
      contentFiles(view).map((file) => file.path),
      ['a.sh'],
    );
  });

  it("on Scorecard's own test data: no binary artifacts, no pinning findings, no fuzzers; moved out of test data they all count", async () => {
    const inside = scorecardTestdata();
    assert.ok(inside.files.length > 100);
    const binaries = await binaryArtifacts.collect(inside, { now });
    assert.deepEqual(binaries.binaries, []);
    assert.equal(binaryArtifacts.evaluate(binaries, { now }).score, 10);
    assert.deepEqual((await collectPinnedDependencies(inside)).dependencies, []);
    assert.deepEqual(await collectFuzzing(inside), []);

    const outside = await movedOutOfTestdata(inside);
    const moved = await binaryArtifacts.collect(outside, { now });
    assert.ok(moved.binaries.includes('checks/fixtures/binaryartifacts/jars/gradle-wrapper.jar'), moved.binaries.join(', '));
    assert.ok(binaryArtifacts.evaluate(moved, { now }).score < 10);
  });

  it('Fuzzing and Pinned-Dependencies skip src/test/ (a Maven layout) but read src/tests/', async () => {
    const view = memoryRepoView({
      'src/test/java/FooFuzzer.java': 'import com.code_intelligence.jazzer.api.FuzzedDataProvider;\nclass F { public static void fuzzerTestOneInput(FuzzedDataProvider d) {} }\n',
      'src/test/docker/Dockerfile': 'FROM node:20\n',
      'src/tests/docker/Dockerfile': 'FROM node:22\n',
    });
    assert.deepEqual(await collectFuzzing(view), []);
    const pinned = await collectPinnedDependencies(view);
    assert.deepEqual(
      pinned.dependencies.map((dependency) => dependency.path),
      ['src/tests/docker/Dockerfile'],
    );
  });
});
