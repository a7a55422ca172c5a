import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../errors.js';
import { parsePnpmKey, parsePnpmLock } from './pnpm-lock.js';
import { graphToPackages } from './to-packages.js';

// The key forms pnpm's own dependency-path tests give (dependency-path 9 for 5.x, @pnpm/dependency-path 2 for 6.x, 1001 for 9.x).
test('pnpm keys of every lockfile version give name and version, registry hosts and peer suffixes stripped', () => {
  const cases: [string, number, string | null][] = [
    ['/foo/1.0.0', 5, 'foo@1.0.0'],
    ['/@foo/bar/1.0.0', 5, '@foo/bar@1.0.0'],
    ['registry.npmjs.org/foo/1.0.0', 5, 'foo@1.0.0'],
    ['registry.npmjs.org/@foo/bar/1.0.0', 5, '@foo/bar@1.0.0'],
    ['example.com/foo/1.0.0', 5, 'foo@1.0.0'],
    ['example.com/foo/1.3.0_bar@2.0.0', 5, 'foo@1.3.0'],
    ['/foo/1.0.0_@types+babel__core@7.1.14', 5, 'foo@1.0.0'],
    ['/@babel/core/7.22.5_supports-color@5.5.0', 5.4, '@babel/core@7.22.5'],
    ['example.com/foo/1.0.0(bar@2.0.0)', 6, 'foo@1.0.0'],
    ['/foo@1.0.0(@types/babel__core@7.1.14)(foo@1.0.0)', 6, 'foo@1.0.0'],
    ['/@(-.-)/foo@1.0.0(@types/babel__core@7.1.14)(foo@1.0.0)', 6, '@(-.-)/foo@1.0.0'],
    ['/use-sync-external-store@1.2.0(react@18.3.1)', 6, 'use-sync-external-store@1.2.0'],
    ['@types/node@20.19.43', 9, '@types/node@20.19.43'],
    ['foo@1.0.0(patch_hash=0123)(bar@2.0.0)', 9, 'foo@1.0.0'],
    // No name in the key: pnpm reads name and version from the entry, or fails; never the key as a name.
    ['github.com/kevva/is-positive', 5, null],
    ['@registry.npmjs.org/is-positive/-/is-positive-1.0.0.tgz', 5, null],
    ['/foo/bar', 5, null],
    ['registry.npmjs.org/', 5, null],
    ['not-a-path', 9, null],
  ];
  for (const [key, major, expected] of cases) {
    const parsed = parsePnpmKey(key, Math.floor(major));
    assert.equal(parsed?.name !== undefined && parsed.version !== undefined ? `${parsed.name}@${parsed.version}` : null, expected, key);
  }
});

test('pnpm 5.x lockfile with registry-host keys, a tarball and a git key: each package by name and version, references resolved', () => {
  const text = [
    'lockfileVersion: 5.4',
    'specifiers:',
    '  foo: ^1.1.0',
    "  '@scope/bar': ^1.3.0",
    '  is-positive: https://registry.npmjs.org/is-positive/-/is-positive-1.0.0.tgz',
    '  is-negative: github:kevva/is-negative#219c424',
    'dependencies:',
    '  foo: registry.npmjs.org/foo/1.1.0',
    "  '@scope/bar': example.com/@scope/bar/1.3.0_foo@1.1.0",
    "  is-positive: '@registry.npmjs.org/is-positive/-/is-positive-1.0.0.tgz'",
    '  is-negative: github.com/kevva/is-negative/219c424611ff4a2af15f7deeff4f93c62558c43d',
    'packages:',
    '  registry.npmjs.org/foo/1.1.0:',
    '    resolution: {integrity: sha512-x, registry: https://registry.npmjs.org/, tarball: https://registry.npmjs.org/foo/-/foo-1.1.0.tgz}',
    '    dev: false',
    '  example.com/@scope/bar/1.3.0_foo@1.1.0:',
    '    resolution: {integrity: sha512-y, registry: https://example.com/, tarball: https://example.com/@scope/bar/-/bar-1.3.0.tgz}',
    '    dependencies:',
    '      foo: registry.npmjs.org/foo/1.1.0',
    '    dev: false',
    "  '@registry.npmjs.org/is-positive/-/is-positive-1.0.0.tgz':",
    '    resolution: {tarball: https://registry.npmjs.org/is-positive/-/is-positive-1.0.0.tgz}',
    '    name: is-positive',
    '    version: 1.0.0',
    '    dev: false',
    '  github.com/kevva/is-negative/219c424611ff4a2af15f7deeff4f93c62558c43d:',
    '    resolution: {tarball: https://codeload.github.com/kevva/is-negative/tar.gz/219c424611ff4a2af15f7deeff4f93c62558c43d}',
    '    name: is-negative',
    '    version: 2.1.0',
    '    dev: false',
    '',
  ].join('\n');
  const graph = parsePnpmLock({ path: 'pnpm-lock.yaml', dir: '.', text, manifests: [] });
  const { packages, problems } = graphToPackages(graph, { origin: 'lockfile', foundIn: 'pnpm-lock.yaml', maxPathsPerPackage: 10 });
  assert.deepEqual(problems, []);
  assert.deepEqual(
    packages.map((pkg) => [pkg.name, pkg.version, pkg.source, pkg.direct, pkg.purl]).sort(),
    [
      ['@scope/bar', '1.3.0', 'registry', true, 'pkg:npm/%40scope/bar@1.3.0'],
      ['foo', '1.1.0', 'registry', true, 'pkg:npm/foo@1.1.0'],
      ['is-negative', '2.1.0', 'git', true, 'pkg:github/kevva/is-negative@219c424611ff4a2af15f7deeff4f93c62558c43d'],
      ['is-positive', '1.0.0', 'tarball', true, 'pkg:npm/is-positive@1.0.0?download_url=https%3A%2F%2Fregistry.npmjs.org%2Fis-positive%2F-%2Fis-positive-1.0.0.tgz'],
    ],
  );
  assert.deepEqual(packages.find((pkg) => pkg.name === 'foo')?.paths, [['.', 'foo@1.1.0'], ['.', '@scope/bar@1.3.0', 'foo@1.1.0']]);
});

test('an unparsable pnpm key is an error problem with its line, never a package named after the key', () => {
  const text = ['lockfileVersion: 5.4', 'packages:', '  /good/1.0.0:', '    resolution: {integrity: sha512-x}', '  /foo/bar:', '    resolution: {integrity: sha512-y}', '  registry.npmjs.org/:', '    resolution: {integrity: sha512-z}', ''].join('\n');
  const graph = parsePnpmLock({ path: 'pnpm-lock.yaml', dir: '.', text, manifests: [] });
  const { packages, problems } = graphToPackages(graph, { origin: 'lockfile', foundIn: 'pnpm-lock.yaml', maxPathsPerPackage: 10 });
  assert.deepEqual(packages.map((pkg) => `${pkg.name}@${pkg.version}`), ['good@1.0.0']);
  assert.deepEqual(problems.filter((problem) => problem.severity === 'error').map((problem) => problem.line), [5, 7]);
});

test('a pnpm lockfile that is null, has no lockfileVersion or a `packages` list is an InputError naming the file', () => {
  for (const text of ['null\n', 'packages: {}\n', "lockfileVersion: '9.0'\npackages: [a, b]\n", "lockfileVersion: '9.0'\nsnapshots: nope\n"]) {
    assert.throws(() => parsePnpmLock({ path: 'app/pnpm-lock.yaml', dir: 'app', text, manifests: [] }), (error: unknown) => error instanceof InputError && error.file === 'app/pnpm-lock.yaml', text);
  }
});

test('a git dependency in pnpm-lock.yaml 9 is git, with the repository and commit', () => {
  const text = [
    "lockfileVersion: '9.0'",
    'importers:',
    '  .:',
    '    dependencies:',
    '      from-git:',
    '        specifier: github:owner/from-git',
    '        version: https://codeload.github.com/owner/from-git/tar.gz/0123456789abcdef0123456789abcdef01234567',
    'packages:',
    '  from-git@https://codeload.github.com/owner/from-git/tar.gz/0123456789abcdef0123456789abcdef01234567:',
    '    resolution: {tarball: https://codeload.github.com/owner/from-git/tar.gz/0123456789abcdef0123456789abcdef01234567}',
    '    version: 2.0.0',
    'snapshots:',
    '  from-git@https://codeload.github.com/owner/from-git/tar.gz/0123456789abcdef0123456789abcdef01234567: {}',
    '',
  ].join('\n');
  const graph = parsePnpmLock({ path: 'pnpm-lock.yaml', dir: '.', text, manifests: [] });
  const [pkg] = graphToPackages(graph, { origin: 'lockfile', foundIn: 'pnpm-lock.yaml', maxPathsPerPackage: 10 }).packages;
  assert.equal(pkg?.source, 'git');
  assert.equal(pkg?.version, '2.0.0');
  assert.equal(pkg?.purl, 'pkg:github/owner/from-git@0123456789abcdef0123456789abcdef01234567');
  assert.equal(pkg?.direct, true);
});

test('malformed YAML is an InputError with the file and line', () => {
  const text = "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: {a: [\n";
  assert.throws(
    () => parsePnpmLock({ path: 'web/pnpm-lock.yaml', dir: 'web', text, manifests: [] }),
    (error: unknown) => error instanceof InputError && error.file === 'web/pnpm-lock.yaml' && typeof error.line === 'number' && error.line >= 4,
  );
});

test('link: specs are links (no purl, never matched as registry packages); a link to a workspace is a root, not a package', () => {
  const text = [
    "lockfileVersion: '9.0'",
    'importers:',
    '  .:',
    '    dependencies:',
    '      shared:',
    '        specifier: link:../shared',
    '        version: link:../shared',
    "      '@fx/app':",
    '        specifier: workspace:*',
    '        version: link:packages/app',
    '  packages/app: {}',
    '',
  ].join('\n');
  const graph = parsePnpmLock({ path: 'web/pnpm-lock.yaml', dir: 'web', text, manifests: [] });
  const packages = graphToPackages(graph, { origin: 'lockfile', foundIn: 'web/pnpm-lock.yaml', maxPathsPerPackage: 10 }).packages;
  assert.deepEqual(
    packages.map((pkg) => [pkg.name, pkg.source, pkg.spec, pkg.purl, pkg.direct]),
    [['shared', 'link', 'link:../shared', null, true]],
  );
});

// pnpm 11 writes the env lockfile (config dependencies, the pinned package manager) as a first YAML
// document; this is the shape of pnpm's own repository lockfile (pnpm/pnpm, lockfile/fs/src/yamlDocuments.ts).
const TWO_DOCUMENTS = [
  '---',
  "lockfileVersion: '9.0'",
  '',
  'importers:',
  '',
  '  .:',
  '    configDependencies: {}',
  '    packageManagerDependencies:',
  '      pnpm:',
  '        specifier: 12.0.0-rc.8',
  '        version: 12.0.0-rc.8',
  '',
  'packages:',
  '',
  '  pnpm@12.0.0-rc.8:',
  '    resolution: {integrity: sha512-mmOJ}',
  '',
  'snapshots:',
  '',
  '  pnpm@12.0.0-rc.8: {}',
  '',
  '---',
  "lockfileVersion: '9.0'",
  '',
  'importers:',
  '',
  '  .:',
  '    dependencies:',
  '      semver:',
  '        specifier: ^7.6.0',
  '        version: 7.6.3',
  '',
  'packages:',
  '',
  '  semver@7.6.3:',
  '    resolution: {integrity: sha512-oVek}',
  '',
  'snapshots:',
  '',
  '  semver@7.6.3: {}',
  '',
].join('\n');

test("pnpm 11's two-document lockfile: the lockfile is the second document, the env document's pins are dev dependencies of the root", () => {
  for (const text of [TWO_DOCUMENTS, TWO_DOCUMENTS.replace(/\n/g, '\r\n')]) {
    const graph = parsePnpmLock({ path: 'pnpm-lock.yaml', dir: '.', text, manifests: [] });
    assert.equal(graph.format, 'pnpm-lock.yaml 9.0 + env');
    const { packages } = graphToPackages(graph, { origin: 'lockfile', foundIn: 'pnpm-lock.yaml', maxPathsPerPackage: 10 });
    const summary = packages.map((pkg) => `${pkg.name}@${pkg.version} ${pkg.scope}${pkg.direct ? ' direct' : ''}`).sort();
    assert.deepEqual(summary, ['pnpm@12.0.0-rc.8 dev direct', 'semver@7.6.3 prod direct']);
  }
});

test('an entry of the second document that pnpm cannot read is reported at its line in the file', () => {
  const text = TWO_DOCUMENTS.replace('  semver@7.6.3: {}', '  semver@7.6.3: {}\n  not-a-path: {}');
  const graph = parsePnpmLock({ path: 'pnpm-lock.yaml', dir: '.', text, manifests: [] });
  const lines = text.split('\n');
  assert.deepEqual(graph.problems.filter((problem) => problem.severity === 'error').map((problem) => lines[(problem.line ?? 0) - 1]), ['  not-a-path: {}']);
});

test('an env-only or empty pnpm-lock.yaml has no lockfile (pnpm resolves afresh): an InputError saying so; a lone document after `---` is the lockfile', () => {
  const envOnly = TWO_DOCUMENTS.slice(0, TWO_DOCUMENTS.indexOf('\n---\n') + 1);
  for (const [text, says] of [[envOnly, /only pnpm's env document/], ['', /is empty/], ['\n\n', /is empty/]] as const) {
    assert.throws(() => parsePnpmLock({ path: 'app/pnpm-lock.yaml', dir: 'app', text, manifests: [] }), (error: unknown) => error instanceof InputError && error.file === 'app/pnpm-lock.yaml' && says.test(error.message), JSON.stringify(text));
  }
  const lone = `---\n${TWO_DOCUMENTS.slice(TWO_DOCUMENTS.indexOf('\n---\n') + 5)}`;
  const { packages } = graphToPackages(parsePnpmLock({ path: 'pnpm-lock.yaml', dir: '.', text: lone, manifests: [] }), { origin: 'lockfile', foundIn: 'pnpm-lock.yaml', maxPathsPerPackage: 10 });
  assert.deepEqual(packages.map((pkg) => `${pkg.name}@${pkg.version}`), ['semver@7.6.3']);
});
