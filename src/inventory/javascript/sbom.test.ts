import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { WorkTreeSource } from '../file-source.js';
import { scanJavaScriptProjects } from './index.js';
import { parseSbom } from './sbom.js';

// Both written by `npm sbom` (npm 11.19.1) for the installed-npm-workspaces project.
const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

test('CycloneDX and SPDX SBOMs are read as input: components, purls, direct and chains from the described project', async () => {
  const { packages, sources, problems } = await scanJavaScriptProjects(new WorkTreeSource(`${fixtures}sbom-npm-cli`), { installed: false, exclude: [] });
  assert.deepEqual(problems, []);
  assert.deepEqual(
    sources.map((source) => [source.kind, source.path, source.format, source.packageCount]),
    [
      ['sbom', 'bom.cdx.json', 'CycloneDX 1.5', 27],
      ['sbom', 'bom.spdx.json', 'SPDX-2.3', 27],
    ],
  );
  for (const foundIn of ['bom.cdx.json', 'bom.spdx.json']) {
    const from = packages.filter((pkg) => pkg.foundIn === foundIn);
    const colorName = from.find((pkg) => pkg.name === 'color-name');
    assert.equal(colorName?.origin, 'sbom');
    assert.equal(colorName?.purl, 'pkg:npm/color-name@1.1.4');
    assert.deepEqual(colorName?.paths, [[foundIn, 'chalk@4.1.2', 'ansi-styles@4.3.0', 'color-convert@2.0.1', 'color-name@1.1.4']]);
    assert.equal(from.find((pkg) => pkg.name === 'chalk')?.direct, true);
    assert.equal(from.some((pkg) => pkg.name === 'sample-monorepo'), false, 'the described project is the root, not a component');
  }
  // SPDX says which dependencies are dev (DEV_DEPENDENCY_OF); npm's CycloneDX does not.
  assert.equal(packages.find((pkg) => pkg.foundIn === 'bom.spdx.json' && pkg.name === 'yallist')?.scope, 'dev');
});

test('a JSON file named like an SBOM that is not one is skipped; a scoped purl keeps its namespace', () => {
  const graph = parseSbom({
    path: 'x.cdx.json',
    dir: '.',
    text: JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ 'bom-ref': 'a', name: 'core', version: '7.22.5', purl: 'pkg:npm/%40babel/core@7.22.5' }, { name: 'zlib', version: '1.3.1', purl: 'pkg:generic/zlib@1.3.1' }] }),
    manifests: [],
  });
  assert.deepEqual(
    graph.nodes.map((node) => [node.name, node.version, node.ecosystem]),
    [
      ['@babel/core', '7.22.5', 'npm'],
      ['zlib', '1.3.1', 'generic'],
    ],
  );
  assert.equal(parseSbom({ path: 'bom.json', dir: '.', text: '{"name": "not an sbom"}', manifests: [] }).nodes.length, 0);
});
