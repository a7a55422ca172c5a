import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../errors.js';
import type { LockfileInput } from './input.js';
import { parsePackageLock } from './package-lock.js';
import { graphToPackages } from './to-packages.js';

const input = (lock: unknown, path = 'package-lock.json'): LockfileInput => ({ path, dir: '.', text: typeof lock === 'string' ? lock : JSON.stringify(lock, null, 2), manifests: [] });
const packagesOf = (lock: unknown) => graphToPackages(parsePackageLock(input(lock)), { origin: 'lockfile', foundIn: 'package-lock.json', maxPathsPerPackage: 10 }).packages;

// The shapes npm 7+ writes for a GitHub dependency and for a dependency that bundles its own.
const GIT_AND_BUNDLED = {
  name: 'app',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'app', dependencies: { 'from-git': 'github:owner/from-git#semver:^2', npm: '^9.8.0' } },
    'node_modules/from-git': {
      version: '2.0.0',
      resolved: 'git+ssh://git@github.com/owner/from-git.git#0123456789abcdef0123456789abcdef01234567',
      integrity: 'sha512-FSOFPIQsMi5E83WwZvRrRiU6UBZ1WhegHCPOg3Zly7ntycw19KXNN9Vm8Gxjc1E6iL22DkL18aY8huZnfMo3hQ==',
    },
    'node_modules/npm': {
      version: '9.8.0',
      resolved: 'https://registry.npmjs.org/npm/-/npm-9.8.0.tgz',
      bundleDependencies: ['minimatch'],
      dependencies: { minimatch: '^9.0.1' },
    },
    'node_modules/npm/node_modules/minimatch': { version: '9.0.1', inBundle: true, license: 'ISC' },
  },
};

test('a git dependency is recorded as git with its URL and a pkg:github purl at the commit, not as an npm package', () => {
  const git = packagesOf(GIT_AND_BUNDLED).find((pkg) => pkg.name === 'from-git');
  assert.equal(git?.source, 'git');
  assert.equal(git?.version, '2.0.0');
  assert.equal(git?.spec, 'git+ssh://git@github.com/owner/from-git.git#0123456789abcdef0123456789abcdef01234567');
  assert.equal(git?.purl, 'pkg:github/owner/from-git@0123456789abcdef0123456789abcdef01234567');
});

test('a bundled dependency keeps the bundled flag and the chain through its bundler (minimatch inside npm)', () => {
  const minimatch = packagesOf(GIT_AND_BUNDLED).find((pkg) => pkg.name === 'minimatch');
  assert.equal(minimatch?.flags.bundled, true);
  assert.equal(minimatch?.direct, false);
  assert.deepEqual(minimatch?.paths, [['.', 'npm@9.8.0', 'minimatch@9.0.1']]);
});

test('a malformed package-lock.json is an InputError naming the file and the line', () => {
  const text = '{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {}\n    "node_modules/a": {}\n  }\n}\n';
  assert.throws(
    () => parsePackageLock(input(text, 'app/package-lock.json')),
    (error: unknown) => error instanceof InputError && error.file === 'app/package-lock.json' && error.line === 5 && error.exitCode === 2 && /app\/package-lock\.json:5/.test(error.message),
  );
});

test('a dependency missing from the lockfile is a warning, and the rest is read', () => {
  const graph = parsePackageLock(input({ lockfileVersion: 2, packages: { '': { dependencies: { a: '^1.0.0', gone: '^2.0.0' } }, 'node_modules/a': { version: '1.0.1' } } }));
  assert.equal(graph.nodes.length, 1);
  assert.match(graph.problems[0]?.message ?? '', /1 dependency is not in the lockfile \(e\.g\. the root needs gone@\^2\.0\.0\)/);
});

test('npm-shrinkwrap.json is read like package-lock.json and named as itself', () => {
  const graph = parsePackageLock(input({ lockfileVersion: 3, packages: { '': { dependencies: { a: '1.0.0' } }, 'node_modules/a': { version: '1.0.0' } } }, 'npm-shrinkwrap.json'));
  assert.equal(graph.format, 'npm-shrinkwrap.json v3');
});

test('npm v3: the same name@version at two git commits (or from two tarballs) is two packages, as npm installs both', () => {
  const sha = (digit: string) => digit.repeat(40);
  const packages = packagesOf({
    name: 'app',
    lockfileVersion: 3,
    packages: {
      '': { dependencies: { a: '^1.0.0', b: '^1.0.0', lib: 'github:owner/lib#v1', t: 'https://example.com/t-1.0.0.tgz' } },
      'node_modules/lib': { version: '1.0.0', resolved: `git+ssh://git@github.com/owner/lib.git#${sha('1')}` },
      'node_modules/a': { version: '1.0.0', dependencies: { lib: 'github:owner/lib#v1-fork', t: 'https://mirror.example.org/t-1.0.0.tgz' } },
      'node_modules/a/node_modules/lib': { version: '1.0.0', resolved: `git+ssh://git@github.com/owner/lib.git#${sha('2')}` },
      'node_modules/t': { version: '1.0.0', resolved: 'https://example.com/t-1.0.0.tgz' },
      'node_modules/a/node_modules/t': { version: '1.0.0', resolved: 'https://mirror.example.org/t-1.0.0.tgz' },
      'node_modules/b': { version: '1.0.0', dependencies: { lib: 'github:owner/lib#v1' } },
      'node_modules/b/node_modules/lib': { version: '1.0.0', resolved: `git+ssh://git@github.com/owner/lib.git#${sha('1')}` },
    },
  });
  assert.deepEqual(packages.filter((pkg) => pkg.name === 'lib').map((pkg) => pkg.purl), [`pkg:github/owner/lib@${sha('1')}`, `pkg:github/owner/lib@${sha('2')}`]);
  assert.deepEqual(packages.filter((pkg) => pkg.name === 't').map((pkg) => pkg.spec), ['https://example.com/t-1.0.0.tgz', 'https://mirror.example.org/t-1.0.0.tgz']);
});

test('an entry npm marks both dev and optional (an optional dependency of a dev dependency) carries both flags', () => {
  const packages = packagesOf({
    name: 'app',
    lockfileVersion: 3,
    packages: {
      '': { devDependencies: { tool: '^1.0.0' } },
      'node_modules/tool': { version: '1.0.0', dev: true, optionalDependencies: { fsevents: '^2.3.0' } },
      'node_modules/fsevents': { version: '2.3.3', dev: true, optional: true, os: ['darwin'] },
    },
  });
  const fsevents = packages.find((pkg) => pkg.name === 'fsevents');
  assert.equal(fsevents?.scope, 'dev');
  assert.deepEqual(fsevents?.flags, { dev: true, optional: true });
  const v1 = packagesOf({ name: 'app', lockfileVersion: 1, dependencies: { tool: { version: '1.0.0', dev: true, requires: { fsevents: '^2.3.0' } }, fsevents: { version: '2.3.3', dev: true, optional: true } } });
  assert.deepEqual(v1.find((pkg) => pkg.name === 'fsevents')?.flags, { dev: true, optional: true });
});

test('a package-lock.json that is null, a list, or has `packages` as a list or a string is an InputError naming the file; a bad entry is an error problem with its line', () => {
  for (const text of ['null', '[]', '"lock"', '{"lockfileVersion": 3, "packages": []}', '{"lockfileVersion": 3, "packages": "x"}', '{"lockfileVersion": 1, "dependencies": [1]}']) {
    assert.throws(() => parsePackageLock(input(text, 'app/package-lock.json')), (error: unknown) => error instanceof InputError && error.file === 'app/package-lock.json' && error.message.startsWith('app/package-lock.json'), text);
  }
  const graph = parsePackageLock(input({ lockfileVersion: 3, packages: { '': {}, 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': 'nope' } }));
  assert.deepEqual(graph.problems, [{ message: 'entry "node_modules/b" is a string, expected an object; entry skipped', severity: 'error', line: 8 }]);
});

test('a package-lock v1 nested 10,000 levels deep is an error problem, not a stack overflow; the first 1,000 levels are read', () => {
  let text = '{}';
  for (let depth = 0; depth < 10000; depth++) text = `{"version": "1.0.${depth}", "dependencies": {"d": ${text}}}`;
  const graph = parsePackageLock(input(`{"lockfileVersion": 1, "dependencies": {"d": ${text}}}`));
  assert.equal(graph.nodes.length, 1000);
  assert.deepEqual(graph.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.message), ['dependencies nested more than 1000 levels deep (no npm install does that): 1 entry below that not read']);
});


// A lockfile left with git merge-conflict markers, as npm 11 reads it (checked with `npm ls --all
// --package-lock-only` and `npm query .dev`: abbrev@1.1.1, once@1.4.0, wrappy@1.0.2, wrappy dev).
const CONFLICTED = [
  "{",
  "  \"name\": \"app\",",
  "  \"lockfileVersion\": 3,",
  "  \"requires\": true,",
  "  \"packages\": {",
  "    \"\": {",
  "      \"name\": \"app\",",
  "      \"dependencies\": {",
  "        \"abbrev\": \"1\",",
  "        \"once\": \"1\"",
  "      }",
  "    },",
  "    \"node_modules/abbrev\": {",
  "<<<<<<< HEAD",
  "      \"version\": \"1.1.1\",",
  "      \"resolved\": \"https://registry.npmjs.org/abbrev/-/abbrev-1.1.1.tgz\"",
  "=======",
  "      \"version\": \"1.1.0\",",
  "      \"resolved\": \"https://registry.npmjs.org/abbrev/-/abbrev-1.1.0.tgz\"",
  ">>>>>>> other-branch",
  "    },",
  "    \"node_modules/once\": {",
  "      \"version\": \"1.4.0\",",
  "      \"resolved\": \"https://registry.npmjs.org/once/-/once-1.4.0.tgz\",",
  "      \"dependencies\": {",
  "        \"wrappy\": \"1\"",
  "      }",
  "    },",
  "    \"node_modules/wrappy\": {",
  "<<<<<<< HEAD",
  "      \"version\": \"1.0.2\",",
  "      \"resolved\": \"https://registry.npmjs.org/wrappy/-/wrappy-1.0.2.tgz\"",
  "=======",
  "      \"version\": \"1.0.1\",",
  "      \"resolved\": \"https://registry.npmjs.org/wrappy/-/wrappy-1.0.1.tgz\",",
  "      \"dev\": true",
  ">>>>>>> other-branch",
  "    }",
  "  }",
  "}",
  '',
].join('\n');

test('a package-lock.json with merge-conflict markers is read as npm reads it (parse-conflict-json, our side over theirs), with a warning at the first marker', () => {
  const graph = parsePackageLock(input(CONFLICTED));
  const { packages } = graphToPackages(graph, { origin: 'lockfile', foundIn: 'package-lock.json', maxPathsPerPackage: 10 });
  assert.deepEqual(packages.map((pkg) => `${pkg.name}@${pkg.version} ${pkg.scope}`), ['abbrev@1.1.1 prod', 'once@1.4.0 prod', 'wrappy@1.0.2 dev']);
  assert.equal(graph.problems[0]?.line, 14);
  assert.match(graph.problems[0]?.message ?? '', /merge-conflict markers/);
});

test('a conflicted lockfile whose sides are not JSON is an InputError naming the file, as npm refuses it', () => {
  const broken = CONFLICTED.replace('"version": "1.0.1",', '"version": "1.0.1",,');
  assert.throws(() => parsePackageLock(input(broken)), (error: unknown) => error instanceof InputError && error.file === 'package-lock.json' && /merge-conflict markers/.test(error.message));
});
