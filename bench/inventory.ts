// Inventory figures of issue #2: the node-tree fixture in-process and through the built CLI, and
// lockfile parsing at 2,000+ (a real lockfile fixture, when present) and 50,000 packages (generated).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildInventory, inventoryPath, WorkTreeSource } from '../src/inventory/index.js';
import { scanVendored } from '../src/inventory/vendored/scan.js';
import { fixture, projectRoot } from '../test/fixtures.js';
import { median, printFigure, timeIt } from './measure.js';

const nodeTree = fixture('node-tree');

const vendoredOnly = await timeIt(() => scanVendored(new WorkTreeSource(nodeTree)), 20, 3);
printFigure('node-tree, vendored registry only (in-process, median of 20)', vendoredOnly, 'ms');
let count = 0;
const whole = await timeIt(async () => {
  count = (await buildInventory(new WorkTreeSource(nodeTree))).packages.length;
}, 20, 3);
printFigure(`node-tree, vendored + recursive (in-process, ${count} packages, median of 20)`, whole, 'ms', 150);

const cli = join(projectRoot, 'dist', 'cli', 'main.js');
if (existsSync(cli)) {
  const times: number[] = [];
  for (let run = 0; run < 10; run++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [cli, 'inventory', nodeTree, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(result.stderr);
  }
  printFigure('node-tree, whole CLI run (built, --format json, median of 10)', median(times), 'ms', 400);
  // The same machine's bare start-up, measured alongside: on a loaded machine both rise together.
  const baseline: number[] = [];
  for (let run = 0; run < 10; run++) {
    const start = performance.now();
    spawnSync(process.execPath, [cli, '--version']);
    baseline.push(performance.now() - start);
  }
  printFigure('  baseline: vigil --version in the same run (median of 10)', median(baseline), 'ms');
} else console.log('node-tree, whole CLI run: skipped (npm run build first)');

/** The largest package-lock.json among the lockfile fixtures (a real application's, 2,000+ packages). */
function realLockfileDirectory(): string | null {
  const folder = join(projectRoot, 'src', 'inventory', 'javascript', '__fixtures__');
  if (!existsSync(folder)) return null;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory() && /real|large|2000|big/i.test(entry.name) && existsSync(join(folder, entry.name, 'package-lock.json'))) return join(folder, entry.name);
  }
  return null;
}

const real = realLockfileDirectory();
if (real) {
  let packages = 0;
  const time = await timeIt(async () => {
    packages = (await inventoryPath(real, { installed: false })).packages.length;
  }, 10, 2);
  printFigure(`real lockfile ${real.slice(projectRoot.length + 1)} (${packages} packages, median of 10)`, time, 'ms', 100);
} else console.log('real 2,000+ package lockfile: skipped (no fixture under src/inventory/javascript/__fixtures__)');

/** A package-lock.json v3 with `total` packages: a wide root, chains of dependencies, some nested copies. */
function generateLockfile(total: number): string {
  const packages: Record<string, unknown> = {};
  const rootDependencies: Record<string, string> = {};
  for (let index = 0; index < total; index++) {
    const name = `pkg-${index}`;
    const nested = index % 10 === 9;
    const path = nested ? `node_modules/pkg-${index - 1}/node_modules/${name}` : `node_modules/${name}`;
    const dependencies: Record<string, string> = {};
    for (const next of [index + 1, index * 2 + 1, index * 3 + 7]) if (next < total && next % 10 !== 9) dependencies[`pkg-${next}`] = '^1.0.0';
    packages[path] = { version: `1.${index % 50}.${index % 7}`, resolved: `https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz`, integrity: 'sha512-AAAA', ...(Object.keys(dependencies).length ? { dependencies } : {}), ...(index % 5 === 0 ? { dev: true } : {}) };
    if (index < 1000 && !nested) rootDependencies[name] = '^1.0.0';
  }
  return JSON.stringify({ name: 'generated', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'generated', version: '1.0.0', dependencies: rootDependencies }, ...packages } }, null, 2);
}

const work = join(projectRoot, 'bench', '.work', 'lockfile-50k');
mkdirSync(work, { recursive: true });
writeFileSync(join(work, 'package-lock.json'), generateLockfile(50_000));
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'generated', version: '1.0.0' }));
const before = process.resourceUsage().maxRSS / 1024;
const start = performance.now();
const generated = await inventoryPath(work, { installed: false });
const elapsed = performance.now() - start;
const peak = process.resourceUsage().maxRSS / 1024;
printFigure(`generated 50,000-package lockfile (${generated.packages.length} packages)`, elapsed, 'ms', 2000);
printFigure(`generated 50,000-package lockfile, peak resident (was ${before.toFixed(0)} MB before)`, peak, 'MB', 500);
