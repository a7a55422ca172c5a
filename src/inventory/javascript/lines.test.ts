import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBunLock } from './bun-lock.js';
import { parsePackageLock } from './package-lock.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { entryFinder, entryLines } from './lines.js';
import { graphToPackages } from './to-packages.js';
import { parseYarnLock } from './yarn-lock.js';

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

// Excerpts of Bun's test fixtures (MIT): migration/yarn/yarn-stuff (classic, aliases) and
// migration/yarn-berry/aliases (Berry writes `version: 1.0.0`, which was never found).
test('yarn.lock: Berry entries and npm: aliases get their own entry line', () => {
  const classic = [
    '# yarn lockfile v1', '', '',
    'abbrev@^1.1.1:', '  version "1.1.1"', '  resolved "https://registry.yarnpkg.com/abbrev/-/abbrev-1.1.1.tgz#f8f2c887ad10bf67f634f005b6987fed3179aac8"', '',
    '"old@npm:abbrev@1.0.x":', '  version "1.0.9"', '  resolved "https://registry.yarnpkg.com/abbrev/-/abbrev-1.0.9.tgz#91b4792588a7738c25f35dd6f63752a2f8776135"', '',
    '"pinned@npm:abbrev@1.1.1":', '  version "1.1.1"', '  resolved "https://registry.yarnpkg.com/abbrev/-/abbrev-1.1.1.tgz#f8f2c887ad10bf67f634f005b6987fed3179aac8"', '',
  ].join('\n');
  const manifests = [{ dir: '.', dependencies: { abbrev: '^1.1.1', old: 'npm:abbrev@1.0.x', pinned: 'npm:abbrev@1.1.1' }, devDependencies: {}, optionalDependencies: {}, peerDependencies: {}, workspaces: [], bundled: [] }];
  const packages = graphToPackages(parseYarnLock({ path: 'yarn.lock', dir: '.', text: classic, manifests }), { origin: 'lockfile', foundIn: 'yarn.lock', maxPathsPerPackage: 10 }).packages;
  entryLines(classic, 'yarn.lock', packages);
  assert.deepEqual(packages.map((pkg) => `${pkg.name}@${pkg.version ?? ''} ${pkg.source} ${pkg.line ?? '-'}`).sort(), ['abbrev@1.0.9 alias 8', 'abbrev@1.1.1 alias 12', 'abbrev@1.1.1 registry 4']);

  const berry = [
    '__metadata:', '  version: 8', '  cacheKey: 10c0', '',
    '"aliased@npm:no-deps@^1.0.0":', '  version: 1.0.0', '  resolution: "no-deps@npm:1.0.0"', '  languageName: node', '  linkType: hard', '',
    '"no-deps@npm:1.0.1":', '  version: 1.0.1', '  resolution: "no-deps@npm:1.0.1"', '  languageName: node', '  linkType: hard', '',
    '"no-deps@npm:^1.0.0-rc, no-deps@npm:^1.0.0":', '  version: 1.0.0-rc.1', '  resolution: "no-deps@npm:1.0.0-rc.1"', '  languageName: node', '  linkType: hard', '',
  ].join('\n');
  const fromBerry = graphToPackages(parseYarnLock({ path: 'yarn.lock', dir: '.', text: berry, manifests: [] }), { origin: 'lockfile', foundIn: 'yarn.lock', maxPathsPerPackage: 10 }).packages;
  entryLines(berry, 'yarn.lock', fromBerry);
  assert.deepEqual(fromBerry.map((pkg) => `${pkg.name}@${pkg.version ?? ''} ${pkg.line ?? '-'}`).sort(), ['no-deps@1.0.0 5', 'no-deps@1.0.0-rc.1 17', 'no-deps@1.0.1 11']);
});

test('a lockfile written on one line (a bun.lock of Bun\'s tests) puts every entry on line 1', () => {
  const text = '{"lockfileVersion":0,"configVersion":1,"workspaces":{"":{"dependencies":{"jquery":"3.7.1"}}},"packages":{"jquery":["jquery@git+ssh://git@github.com/dylan-conway/install-test-8.git#3a1288830817d13da39e9231302261896f8721ea",{},"3a1288830817d13da39e9231302261896f8721ea"]}}';
  const packages = graphToPackages(parseBunLock({ path: 'bun.lock', dir: '.', text, manifests: [] }), { origin: 'lockfile', foundIn: 'bun.lock', maxPathsPerPackage: 10 }).packages;
  entryLines(text, 'bun.lock', packages);
  assert.deepEqual(packages.map((pkg) => `${pkg.name}@${pkg.version ?? ''} ${pkg.source} ${pkg.line ?? '-'}`), ['jquery@3a1288830817d13da39e9231302261896f8721ea git 1']);
});

test('lines are found as split("\\n") finds them: CRLF, trailing spaces, a bun.lock on several lines', () => {
  const lf = JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { a: '^1' } }, 'node_modules/a': { version: '1.0.0', dependencies: { b: '^1' } }, 'node_modules/b': { version: '1.0.0' } } }, null, 2);
  const packages = () => graphToPackages(parsePackageLock({ path: 'package-lock.json', dir: '.', text: lf, manifests: [] }), { origin: 'lockfile', foundIn: 'package-lock.json', maxPathsPerPackage: 10 }).packages;
  for (const text of [lf, lf.replace(/\n/g, '\r\n'), lf.replace(/": \{\n/g, '": { \u00a0\n'), `${lf}\n`]) {
    const found = packages();
    entryLines(text, 'package-lock.json', found);
    assert.deepEqual(found.map((pkg) => `${pkg.name} ${pkg.line ?? '-'}`), ['a 9', 'b 15'], JSON.stringify(text.slice(0, 40)));
  }

  const bun = ['{', '  "lockfileVersion": 1,', '  "workspaces": {', '    "": {', '      "name": "app",', '      "dependencies": { "ms": "^2.1.3", "abbrev": "1.1.1" },', '    },', '  },', '  "packages": {', '    "abbrev": ["abbrev@1.1.1", "", {}, "sha512-x"],', '', '    "ms": ["ms@2.1.3", "", {}, "sha512-y"],', '  }', '}', ''].join('\n');
  const fromBun = graphToPackages(parseBunLock({ path: 'bun.lock', dir: '.', text: bun, manifests: [] }), { origin: 'lockfile', foundIn: 'bun.lock', maxPathsPerPackage: 10 }).packages;
  entryLines(bun, 'bun.lock', fromBun);
  assert.deepEqual(fromBun.map((pkg) => `${pkg.name} ${pkg.line ?? '-'}`).sort(), ['abbrev 10', 'ms 12']);
});

test('found by name one by one or from every head at once, the lines are the same; an entry not found leaves no key', () => {
  const path = new URL('./__fixtures__/real-gatsby-strapi-2599/package-lock.json', import.meta.url);
  const text = readFileSync(path, 'utf8');
  const packages = graphToPackages(parsePackageLock({ path: 'package-lock.json', dir: '.', text, manifests: [] }), { origin: 'lockfile', foundIn: 'package-lock.json', maxPathsPerPackage: 10 }).packages;
  const oneByOne = entryFinder(text, 'package-lock.json', Infinity);
  const atOnce = entryFinder(text, 'package-lock.json', 0);
  const lines = packages.map((pkg) => oneByOne?.lineOf(pkg));
  assert.ok(packages.length > 1000 && lines.every((line) => typeof line === 'number'));
  assert.deepEqual(packages.map((pkg) => atOnce?.lineOf(pkg)), lines);
  entryLines(text, 'package-lock.json', packages);
  assert.deepEqual(packages.map((pkg) => pkg.line), lines);

  const missing = { ...packages[0], name: 'not-in-this-lockfile' } as (typeof packages)[number];
  entryLines(text, 'package-lock.json', [missing]);
  assert.equal(missing.line, undefined);
  assert.equal('line' in missing, false);
});
