import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { WorkTreeSource } from '../file-source.js';
import type { Package } from '../types.js';
import { scanJavaScriptProjects } from './index.js';

// Each fixture is the same monorepo (two workspaces, an alias, a tarball URL, a file: dependency,
// an optional and a peer dependency), locked by the real tool: npm 11 (lockfile v1, v2, v3),
// Yarn 1.22 and 4.5, pnpm 7, 8 and 9, Bun 1.2. They must all tell the same story.
const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

const scan = async (dir: string) => scanJavaScriptProjects(new WorkTreeSource(`${fixtures}${dir}`), { installed: false, exclude: [] });
const find = (packages: Package[], name: string, version?: string): Package => {
  const found = packages.find((pkg) => pkg.name === name && (version === undefined || pkg.version === version));
  assert.ok(found, `${name}@${version ?? '*'} is in the inventory`);
  return found;
};

const LOCKFILES = [
  ['npm-v1-workspaces', 'package-lock.json v1'],
  ['npm-v2-workspaces', 'package-lock.json v2'],
  ['npm-v3-workspaces', 'package-lock.json v3'],
  ['yarn-classic-workspaces', 'yarn.lock v1'],
  ['yarn-berry-workspaces', 'yarn.lock berry v8'],
  ['pnpm-v5.4-workspaces', 'pnpm-lock.yaml 5.4'],
  ['pnpm-v6-workspaces', 'pnpm-lock.yaml 6.0'],
  ['pnpm-v9-workspaces', 'pnpm-lock.yaml 9.0'],
  ['bun-text-workspaces', 'bun.lock v1'],
] as const;

for (const [dir, format] of LOCKFILES) {
  test(`${format}: direct, scope, aliases, non-registry specs and paths of a real monorepo lockfile`, async () => {
    const { packages, sources, problems } = await scan(dir);
    assert.deepEqual(problems, []);
    assert.equal(sources.length, 1);
    assert.equal(sources[0]?.format, format);
    assert.equal(sources[0]?.packageCount, packages.length);

    const chalk = find(packages, 'chalk', '4.1.2');
    assert.equal(chalk.direct, true);
    assert.equal(chalk.scope, 'prod');
    assert.equal(chalk.purl, 'pkg:npm/chalk@4.1.2');
    assert.equal(chalk.origin, 'lockfile');
    assert.match(chalk.foundIn, /^(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lock)$/);
    assert.deepEqual(find(packages, 'color-name').paths, [['.', 'chalk@4.1.2', 'ansi-styles@4.3.0', 'color-convert@2.0.1', 'color-name@1.1.4']]);
    assert.equal(find(packages, 'color-name').direct, false);

    // devDependencies of the root, and what only they pull in.
    assert.equal(find(packages, 'ms', '2.1.2').scope, 'dev');
    assert.equal(find(packages, 'ms', '2.1.2').direct, true);
    const yallist = find(packages, 'yallist', '4.0.0');
    assert.equal(yallist.scope, 'dev');
    assert.deepEqual(yallist.paths, [['.', 'semver@7.5.4', 'lru-cache@6.0.0', 'yallist@4.0.0']]);

    // ms@2.1.3 is needed by debug and by the packages/app workspace: one package, two chains.
    const ms = find(packages, 'ms', '2.1.3');
    assert.equal(ms.scope, 'prod');
    assert.deepEqual(ms.paths.map((path) => path.join(' › ')).sort(), ['. › debug@4.4.3 › ms@2.1.3', 'packages/app › ms@2.1.3']);
    assert.deepEqual(find(packages, 'is-number').paths, [['packages/util', 'is-number@7.0.0']]);

    // Workspaces are first-party: roots of paths, never packages.
    assert.equal(packages.some((pkg) => pkg.name.startsWith('@fx/')), false);

    const alias = find(packages, 'string-width');
    assert.equal(alias.source, 'alias');
    assert.equal(alias.spec, 'string-width-cjs@npm:string-width@4.2.3');
    assert.equal(alias.purl, 'pkg:npm/string-width@4.2.3');

    const tarball = find(packages, 'left-pad');
    assert.equal(tarball.source, 'tarball');
    assert.equal(tarball.version, '1.3.0');

    const local = find(packages, 'local-lib');
    assert.equal(local.source, 'file');
    assert.equal(local.purl, null);
    assert.equal(local.direct, true);
    assert.match(find(packages, 'has-flag', '3.0.0').paths[0]?.[1] ?? '', /^local-lib@/);

    const fsevents = find(packages, 'fsevents', '2.3.3');
    assert.equal(fsevents.scope, 'optional');
    assert.equal(fsevents.flags.optional, true);
  });
}

test('peer dependencies npm 7+ installs are scoped peer (package-lock v3, pnpm 9, bun)', async () => {
  for (const dir of ['npm-v3-workspaces', 'pnpm-v9-workspaces', 'bun-text-workspaces']) {
    const { packages } = await scan(dir);
    const react = find(packages, 'react', '18.3.1');
    assert.equal(react.scope, 'peer', dir);
    assert.equal(react.flags.peer, true, dir);
    assert.deepEqual(react.paths, [['.', 'use-sync-external-store@1.2.0', 'react@18.3.1']], dir);
  }
});

test('every lockfile under the root is found and reported separately, excluded directories skipped', async () => {
  const all = await scanJavaScriptProjects(new WorkTreeSource(fixtures), { installed: false, exclude: ['pnpm-v5.4-workspaces', 'real-gatsby-strapi-2599', 'sbom-npm-cli/'] });
  const paths = all.sources.map((source) => source.path).sort();
  assert.deepEqual(paths, LOCKFILES.filter(([dir]) => dir !== 'pnpm-v5.4-workspaces').map(([dir, format]) => `${dir}/${format.split(' ')[0] ?? ''}`).sort());
  const chalk = all.packages.filter((pkg) => pkg.name === 'chalk');
  assert.equal(chalk.length, LOCKFILES.length - 1);
  assert.equal(new Set(chalk.map((pkg) => pkg.id)).size, chalk.length, 'ids are unique per lockfile');
  assert.deepEqual(find(all.packages.filter((pkg) => pkg.foundIn === 'pnpm-v9-workspaces/pnpm-lock.yaml'), 'is-number').paths, [['pnpm-v9-workspaces/packages/util', 'is-number@7.0.0']]);
});
