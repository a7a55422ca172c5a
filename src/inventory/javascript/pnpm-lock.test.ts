import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../errors.js';
import { parsePnpmKey, parsePnpmLock } from './pnpm-lock.js';
import { graphToPackages } from './to-packages.js';

test('pnpm keys of every lockfile version give name and version, peers stripped', () => {
  assert.deepEqual(parsePnpmKey('/@babel/core/7.22.5_supports-color@5.5.0'), { name: '@babel/core', version: '7.22.5' });
  assert.deepEqual(parsePnpmKey('/use-sync-external-store@1.2.0(react@18.3.1)'), { name: 'use-sync-external-store', version: '1.2.0' });
  assert.deepEqual(parsePnpmKey('@types/node@20.19.43'), { name: '@types/node', version: '20.19.43' });
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
