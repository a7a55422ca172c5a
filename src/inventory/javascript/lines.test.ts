import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePackageLock } from './package-lock.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { entryLines } from './lines.js';
import { graphToPackages } from './to-packages.js';

test("each package gets the line of its own entry (the right copy when installed twice), for SARIF", () => {
  const text = JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { a: '^1', b: '^1' } }, 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '1.0.0', dependencies: { a: '^2' } }, 'node_modules/b/node_modules/a': { version: '2.0.0' } } }, null, 2);
  const packages = graphToPackages(parsePackageLock({ path: 'package-lock.json', dir: '.', text, manifests: [] }), { origin: 'lockfile', foundIn: 'package-lock.json', maxPathsPerPackage: 10 }).packages;
  entryLines(text, 'package-lock.json', packages);
  const lines = text.split('\n');
  for (const pkg of packages) assert.match(lines[(pkg.line ?? 0) - 1] ?? '', new RegExp(`node_modules/${pkg.name}": \\{`), `${pkg.name}@${pkg.version}`);
  assert.deepEqual(packages.map((pkg) => [pkg.name, pkg.version, pkg.line]), [['a', '1.0.0', 10], ['b', '1.0.0', 13], ['a', '2.0.0', 19]]);

  const yaml = ["lockfileVersion: '9.0'", 'importers:', '  .:', '    dependencies:', '      ms:', '        specifier: ^2', '        version: 2.1.3', 'packages:', '  ms@2.1.3:', '    resolution: {integrity: sha512-x}', 'snapshots:', '  ms@2.1.3: {}', ''].join('\n');
  const pnpm = graphToPackages(parsePnpmLock({ path: 'pnpm-lock.yaml', dir: '.', text: yaml, manifests: [] }), { origin: 'lockfile', foundIn: 'pnpm-lock.yaml', maxPathsPerPackage: 10 }).packages;
  entryLines(yaml, 'pnpm-lock.yaml', pnpm);
  assert.equal(pnpm[0]?.line, 9);
});
