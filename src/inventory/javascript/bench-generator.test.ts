import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { generateProject, toPackageJson, toPackageLock, toPnpmLock, toYarnLock } from '../../../bench/lib/generate-lockfile.js';
import type { LockfileInput } from './input.js';
import { parseManifest } from './manifest.js';
import { parsePackageLock } from './package-lock.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { graphToPackages } from './to-packages.js';
import { parseYarnLock } from './yarn-lock.js';

test('the benchmark generator writes the same project in three formats, and all three read back alike', () => {
  const project = generateProject(600);
  const manifests = [parseManifest(toPackageJson(project), 'package.json', '.')];
  const read = (parse: (input: LockfileInput) => ReturnType<typeof parsePackageLock>, text: string) => {
    const graph = parse({ path: 'lock', dir: '.', text, manifests });
    assert.deepEqual(graph.problems, []);
    return graphToPackages(graph, { origin: 'lockfile', foundIn: 'lock', maxPathsPerPackage: 10 }).packages;
  };
  const npm = read(parsePackageLock, toPackageLock(project));
  const yarn = read(parseYarnLock, toYarnLock(project));
  const pnpm = read(parsePnpmLock, toPnpmLock(project));
  assert.equal(npm.length, 600);
  const summary = (packages: typeof npm) => packages.map((pkg) => `${pkg.name}@${pkg.version} ${pkg.scope} ${pkg.direct}`).sort();
  assert.deepEqual(summary(yarn), summary(npm));
  assert.deepEqual(summary(pnpm), summary(npm));
});

test('the real 2,599-entry lockfile kept for the benchmark reads completely', async () => {
  const dir = new URL('./__fixtures__/real-gatsby-strapi-2599/', import.meta.url);
  const text = await readFile(new URL('package-lock.json', dir), 'utf8');
  const manifests = [parseManifest(await readFile(new URL('package.json', dir), 'utf8'), 'package.json', '.')];
  const graph = parsePackageLock({ path: 'package-lock.json', dir: '.', text, manifests });
  assert.equal(graph.nodes.length, 2598);
  assert.deepEqual(graph.problems, []);
  const { packages } = graphToPackages(graph, { origin: 'lockfile', foundIn: 'package-lock.json', maxPathsPerPackage: 10 });
  assert.equal(packages.find((pkg) => pkg.name === 'gatsby')?.direct, true);
  assert.equal(packages.find((pkg) => pkg.name === 'jest')?.scope, 'dev');
});
