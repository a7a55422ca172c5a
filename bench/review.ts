// Issue #3 figures: review of the node-tree fixture against the 250,000-record store (< 0.5 s
// warm) and of a 5,000-package lockfile (< 1 s). "Warm": the store is open and the process has
// run the review once; each figure is the median of 5 runs of inventory + lookup + match + triage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../test/fixtures.js';
import { inventoryPath } from '../src/inventory/index.js';
import { runReview } from '../src/review/index.js';
import { printFigure, timeIt } from './measure.js';
import { buildStore, TOTAL, writeLockfileProject } from './review/data.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-review-'));
const setup = performance.now();
const store = await buildStore(dir);
console.log(`store: ${TOTAL.toLocaleString('en')} synthetic OSV records + security-wg vuln/, built in ${((performance.now() - setup) / 1000).toFixed(1)} s`);
const project = join(dir, 'project');
writeLockfileProject(project, 5000);
const now = new Date('2026-11-23T00:00:00Z');
const triage = { file: null, entries: [] };

async function review(path: string) {
  const inventory = await inventoryPath(path);
  return runReview({ inventories: [{ inventory }], lookup: store, triage, now });
}

for (const [label, path, target] of [
  ['review node-tree (v20.5.1 checkout), warm', fixture('node-tree'), 500],
  ['review 5,000-package package-lock.json, warm', project, 1000],
] as const) {
  const report = await review(path);
  const findings = report.targets[0]?.findings.length ?? 0;
  const total = await timeIt(() => review(path), 5, 1);
  const inventory = await inventoryPath(path);
  const matchOnly = await timeIt(() => runReview({ inventories: [{ inventory }], lookup: store, triage, now }), 5, 1);
  printFigure(`${label} (${report.targets[0]?.packageCount} packages, ${findings} findings)`, total, 'ms', target);
  printFigure('  of which lookup + match + triage (inventory excluded)', matchOnly, 'ms');
}
await store.close();
rmSync(dir, { recursive: true, force: true });
