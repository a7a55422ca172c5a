import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../errors.js';
import { parseBunLock } from './bun-lock.js';
import { readBunResolution } from './bun-resolution.js';
import { graphToPackages } from './to-packages.js';

// What Bun 1.4.5 itself wrote when it migrated the yarn.lock of Bun's test fixture
// test/cli/install/migration/yarn/yarn-stuff (MIT): every resolution kind a bun.lock holds.
const MIGRATED = `{
  "lockfileVersion": 2,
  "configVersion": 0,
  "workspaces": {
    "": {
      "name": "yarn-stuff",
      "dependencies": {
        "abbrev": "^1.1.1",
        "full-git-url": "git+https://github.com/isaacs/abbrev-js.git",
        "ghshort": "github:isaacs/abbrev-js",
        "old": "npm:abbrev@1.0.x",
        "remote": "https://registry.npmjs.org/abbrev/-/abbrev-1.1.1.tgz",
        "symlink": "file:./abbrev-link-target",
        "tarball": "file:abbrev-1.1.1.tgz",
      },
    },
  },
  "packages": {
    "abbrev": ["abbrev@1.1.1", "", {}, "sha512-nne9/IiQ/hzIhY6pdDnbBtz7DjPTKrY00P/zvPSm5pOFkl6xuGrGnXn/VtTNNfNtAfZ9/1RtehkszU9qcTii0Q=="],

    "full-git-url": ["abbrev-js@github:isaacs/abbrev-js#3f9802e", {}, "isaacs-abbrev-js-3f9802e"],

    "ghshort": ["ghshort@https://codeload.github.com/isaacs/abbrev-js/tar.gz/3f9802e56ff878761a338e43ecacbfed39d2181d", {}],

    "old": ["abbrev@1.0.9", "", {}, "sha512-LEyx4aLEC3x6T0UguF6YILf+ntvmOaWsVfENmIW0E9H09vKlLDGelMjjSm0jkDHALj8A8quZ/HapKNigzwge+Q=="],

    "remote": ["abbrev@https://registry.npmjs.org/abbrev/-/abbrev-1.1.1.tgz", {}, "sha1-+PLIh60Qv2f2NPAFtph/7TF5qsg="],

    "symlink": ["symlink@file:abbrev-link-target", {}],

    "tarball": ["tarball@abbrev-1.1.1.tgz", {}, "sha1-+PLIh60Qv2f2NPAFtph/7TF5qsg="],
  }
}
`;

const packagesOf = (text: string) => {
  const graph = parseBunLock({ path: 'bun.lock', dir: '.', text, manifests: [] });
  return { graph, packages: graphToPackages(graph, { origin: 'lockfile', foundIn: 'bun.lock', maxPathsPerPackage: 10 }).packages };
};

test('bun.lock: each resolution is read as Bun reads it; a bare `x.tgz` is a local tarball, not a version', () => {
  const { graph, packages } = packagesOf(MIGRATED);
  assert.deepEqual(graph.problems, []);
  const seen = packages.map((pkg) => `${pkg.name}@${pkg.version ?? '-'} ${pkg.source}`).sort();
  assert.deepEqual(seen, [
    'abbrev-js@3f9802e git',
    'abbrev@1.0.9 alias',
    'abbrev@1.1.1 registry',
    'abbrev@1.1.1 tarball',
    'ghshort@3f9802e56ff878761a338e43ecacbfed39d2181d git',
    'symlink@- file',
    'tarball@- file',
  ]);
});

/** A one-entry bun.lock around `tuple`, as Bun formats it. */
const lockWith = (tuple: string, version = '1'): string =>
  `{\n  "lockfileVersion": ${version},\n  "workspaces": {\n    "": {\n      "name": "t",\n      "dependencies": {\n        "x": "*",\n      },\n    },\n  },\n  "packages": {\n    "x": ${tuple},\n  }\n}\n`;

test('bun.lock: every tuple Bun 1.4.5 refuses ("failed to parse lockfile") is an error at its line, never a package', () => {
  const refused = [
    '["x@latest", "", {}, "sha512-AA=="]',
    '["x@^1.0.0", "", {}, "sha512-AA=="]',
    '["x@1.2", "", {}, "sha512-AA=="]',
    '["x@1.0.0.0", "", {}, "sha512-AA=="]',
    '["x@1.0.0"]',
    '["x@1.0.0", "", {}]',
    '["x@1.0.0", 5, {}, "sha512-AA=="]',
    '["x@1.0.0", "", 5, "sha512-AA=="]',
    '["x@github:a/b#abc1234", {}]',
    '["x@https://e.com/x.tgz"]',
    '["x@./x.tgz"]',
    '["x@file:../x"]',
    '["x", "", {}, "sha512-AA=="]',
  ];
  for (const tuple of refused) {
    const { graph, packages } = packagesOf(lockWith(tuple));
    assert.deepEqual(packages, [], tuple);
    const problem = graph.problems.find((item) => item.severity === 'error');
    assert.equal(problem?.line, 12, tuple);
    assert.match(problem?.message ?? '', /^entry "x" .*; entry skipped$/, tuple);
  }
});

test('bun.lock: versions as Bun keeps them (`v1.0.0`, `=1.0.0`, `01.0.0` are 1.0.0)', () => {
  for (const [tuple, expected] of [
    ['["x@v1.0.0", "", {}, "sha512-AA=="]', 'x@1.0.0 registry'],
    ['["x@=1.0.0", "", {}, "sha512-AA=="]', 'x@1.0.0 registry'],
    ['["x@01.0.0", "", {}, "sha512-AA=="]', 'x@1.0.0 registry'],
    ['["x@1.0.0-beta.1+b", "", {}, ""]', 'x@1.0.0-beta.1+b registry'],
    ['["x@git+https://example.com/a/b.git#abc1234", {}, "abc1234"]', 'x@abc1234 git'],
    ['["x@https://example.com/x/-/x-1.0.0.tgz", {}]', 'x@1.0.0 tarball'],
    ['["x@link:../x", {}]', 'x@- link'],
  ]) {
    const { graph, packages } = packagesOf(lockWith(tuple ?? ''));
    assert.deepEqual(graph.problems, [], tuple);
    assert.deepEqual(packages.map((pkg) => `${pkg.name}@${pkg.version ?? '-'} ${pkg.source}`), [expected], tuple);
  }
});

test('bun.lock: a lockfileVersion Bun cannot read, or a missing section, is refused; a newer one is read with a warning', () => {
  for (const version of ['1.5', '-1', '"1"']) assert.throws(() => packagesOf(lockWith('["x@1.0.0", "", {}, "sha512-AA=="]', version)), InputError, version);
  assert.throws(() => packagesOf('{"lockfileVersion": 1, "packages": {}}'), /`workspaces` is missing/);
  assert.throws(() => packagesOf('{"lockfileVersion": 1, "workspaces": {"": {}}}'), /`packages` is missing/);
  const { graph, packages } = packagesOf(lockWith('["x@1.0.0", "", {}, "sha512-AA=="]', '4'));
  assert.equal(packages.length, 1);
  assert.match(graph.problems[0]?.message ?? '', /newer than the versions Bun 1\.4 reads/);
});

test("readBunResolution follows Bun's Tag.infer for what it cannot be", () => {
  assert.deepEqual(readBunResolution('abbrev-1.1.1.tgz'), { kind: 'local-tarball', value: 'abbrev-1.1.1.tgz' });
  assert.deepEqual(readBunResolution('owner/repo#abc1234'), { kind: 'git', value: 'owner/repo#abc1234' });
  assert.deepEqual(readBunResolution('root:'), { kind: 'root' });
  for (const text of ['', 'latest', 'npm:x@1.0.0', 'patch:x@1.0.0', 'catalog:', '*', ' 1.0.0']) assert.equal(readBunResolution(text), null, text);
});

test('bun.lock: entries no workspace reaches are listed with one warning (Bun 1.4.5 `pm ls --all` leaves them out)', () => {
  const text = lockWith('["x@1.0.0", "", {}, "sha512-AA=="],\n    "q": ["q@1.0.0", "", {}, "sha512-AA=="],\n    "x/y/z": ["z@1.0.0", "", {}, "sha512-AA=="]');
  const { graph, packages } = packagesOf(text);
  assert.deepEqual(packages.map((pkg) => `${pkg.name}@${pkg.version ?? ''}`), ['x@1.0.0', 'q@1.0.0', 'z@1.0.0']);
  assert.deepEqual(graph.problems.map((problem) => problem.message), ['2 entries no workspace reaches, which Bun does not install (a stale lockfile): q@1.0.0, z@1.0.0']);
  assert.deepEqual(packagesOf(MIGRATED).graph.problems, [], 'every entry of a lockfile Bun wrote is reached');
});
