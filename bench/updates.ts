// Updates figures (issue #8): every vendored dependency of the node-tree fixture checked against
// upstream (a local server answering as GitHub and npm do), cold and with ETags.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTaggedRepo, startFakeUpstream } from '../test/fake-upstream.js';
import { fixture } from '../test/fixtures.js';
import { inventoryPath, vendoredDependencies } from '../src/inventory/index.js';
import { nodeUpstreams, v8Tags } from '../src/updates/__fixtures__/node-upstreams.js';
import { checkUpdates, createDatasources, linePolicies, memoryEtagCache, upstreamSources } from '../src/updates/index.js';
import { printFigure } from './measure.js';

const server = await startFakeUpstream(nodeUpstreams);
const v8 = createTaggedRepo(mkdtempSync(join(tmpdir(), 'vigil-bench-v8-')), v8Tags);
const inventory = await inventoryPath(fixture('node-tree'));
const cache = memoryEtagCache();
const run = () =>
  checkUpdates({
    inventory,
    registry: vendoredDependencies,
    sources: { ...upstreamSources, v8: { datasource: 'git-tags', url: v8, tagPattern: '^(?<version>\\d+\\.\\d+\\.\\d+\\.\\d+)$' } },
    policies: linePolicies,
    holds: [],
    datasources: createDatasources({ npm: { registry: server.url, timeoutMs: 5000 }, github: { baseUrl: server.url, token: 't', timeoutMs: 5000 }, timeoutMs: 5000, cache, retries: 0 }),
    lookup: undefined,
    today: '2024-12-15',
  });
let start = performance.now();
const cold = await run();
printFigure(`all ${cold.rows.length} vendored dependencies, cold (${cold.requests} requests)`, performance.now() - start, 'ms', 5000);
start = performance.now();
const warm = await run();
printFigure(`all ${warm.rows.length} again, nothing changed (${warm.requests} requests, ${warm.notModified} answered 304)`, performance.now() - start, 'ms', 5000);
console.log(`requests per dependency when nothing changed: at most ${warm.requests / warm.rows.filter((row) => row.source.datasource !== 'none').length}`);
await server.close();

// Lockfile projects: the real 2,164-package lockfile (gatsby + strapi), its direct dependencies and
// then every package (`--all`), against a local server answering as the npm registry.
{
  const { readFileSync } = await import('node:fs');
  const { parseManifest } = await import('../src/inventory/javascript/manifest.js');
  const { checkProjectUpdates } = await import('../src/updates/projects/index.js');
  const root = join(import.meta.dirname, '../src/inventory/javascript/__fixtures__/real-gatsby-strapi-2599');
  const project = await inventoryPath(root, { installed: false });
  // Each package publishes its locked versions, a newer patch and a new major: every row has an answer.
  const published: Record<string, { version: string; date: string }[]> = {};
  for (const pkg of project.packages) {
    const parts = pkg.version === null ? null : /^(\d+)\.(\d+)\.(\d+)/.exec(pkg.version);
    if (pkg.version === null || !parts) continue;
    const [major, minor, patch] = parts.slice(1).map(Number) as [number, number, number];
    const list = (published[pkg.name] ??= []);
    list.push({ version: pkg.version, date: '2024-01-01T00:00:00.000Z' }, { version: `${major}.${minor}.${patch + 1}`, date: '2024-06-01T00:00:00.000Z' });
    list.push({ version: `${major + 1}.0.0`, date: '2024-09-01T00:00:00.000Z' });
  }
  for (const [name, list] of Object.entries(published)) published[name] = [...new Map(list.map((entry) => [entry.version, entry])).values()].sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
  const registry = await startFakeUpstream({ npm: published });
  const projectCache = memoryEtagCache();
  const check = (transitive: boolean) =>
    checkProjectUpdates({
      inventory: project,
      readManifest: async (path) => parseManifest(readFileSync(join(root, path), 'utf8'), path, '.'),
      npm: createDatasources({ npm: { registry: registry.url, timeoutMs: 5000 }, github: { baseUrl: registry.url, token: undefined, timeoutMs: 5000 }, timeoutMs: 5000, cache: projectCache, retries: 0 }).get('npm')!,
      lookup: undefined,
      today: '2024-12-15',
      transitive,
    });
  for (const transitive of [false, true]) {
    const what = transitive ? `all ${project.packages.length} packages of the real lockfile (--all)` : 'the direct dependencies of the real 2,164-package lockfile';
    let begin = performance.now();
    const coldProject = await check(transitive);
    // The 5 s target is for a checkout's ~30 dependencies; the --all figure has none.
    printFigure(`${what}: ${coldProject.rows.length} rows, cold (${coldProject.requests} requests for ${coldProject.packages} packages)`, performance.now() - begin, 'ms', transitive ? undefined : 5000);
    begin = performance.now();
    const warmProject = await check(transitive);
    printFigure(`${what}: again, nothing changed (${warmProject.requests} requests, ${warmProject.notModified} answered 304)`, performance.now() - begin, 'ms', transitive ? undefined : 5000);
  }
  await registry.close();
}
