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
