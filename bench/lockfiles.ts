// Lockfile parsing figures for issue #2: a real 2,000+-package lockfile under 100 ms, a generated
// 50,000-package lockfile under 2 s and 500 MB resident, and each format at 5,000 packages.
// "Parsed" means what `vigil inventory` does with a lockfile: parse, resolve the graph, compute
// scope and capped dependency paths, and build the Package list.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LockfileInput } from '../src/inventory/javascript/input.js';
import { parseManifest } from '../src/inventory/javascript/manifest.js';
import { parsePackageLock } from '../src/inventory/javascript/package-lock.js';
import { parsePnpmLock } from '../src/inventory/javascript/pnpm-lock.js';
import { graphToPackages } from '../src/inventory/javascript/to-packages.js';
import { parseYarnLock } from '../src/inventory/javascript/yarn-lock.js';
import type { LockGraph } from '../src/inventory/javascript/graph.js';
import { generateProject, toPackageJson, toPackageLock, toPnpmLock, toYarnLock } from './lib/generate-lockfile.js';
import { printFigure, residentMb, timeIt } from './measure.js';

/** CPU milliseconds per run (user + system): steadier than wall time on a shared, loaded machine. */
async function cpuMs(work: () => unknown, runs: number): Promise<number> {
  await work();
  const start = process.cpuUsage();
  for (let index = 0; index < runs; index++) await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / runs;
}

const inventory = (parse: (input: LockfileInput) => LockGraph, input: LockfileInput): number =>
  graphToPackages(parse(input), { origin: 'lockfile', foundIn: input.path, maxPathsPerPackage: 10 }).packages.length;

// The 50,000-package run goes first, so the resident figure is its own peak and not the rest's.
{
  const project = generateProject(50_000);
  const text = toPackageLock(project);
  const input: LockfileInput = { path: 'package-lock.json', dir: '.', text, manifests: [] };
  const before = residentMb();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const count = inventory(parsePackageLock, input);
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const peak = process.resourceUsage().maxRSS / 1024;
  console.log(`generated package-lock.json v3: ${count} packages, ${(text.length / 1024 / 1024).toFixed(1)} MB (resident before ${before.toFixed(0)} MB)`);
  printFigure('50,000-package package-lock.json, first run', elapsed, 'ms', 2000);
  printFigure('50,000-package package-lock.json, first run, CPU', (cpu.user + cpu.system) / 1000, 'ms', 2000);
  printFigure('50,000-package package-lock.json, peak resident', peak, 'MB', 500);
}

{
  const dir = fileURLToPath(new URL('../src/inventory/javascript/__fixtures__/real-gatsby-strapi-2599/', import.meta.url));
  const text = readFileSync(`${dir}package-lock.json`, 'utf8');
  const manifests = [parseManifest(readFileSync(`${dir}package.json`, 'utf8'), 'package.json', '.')];
  const input: LockfileInput = { path: 'package-lock.json', dir: '.', text, manifests };
  console.log(`real package-lock.json (npm 11, gatsby 5 + strapi 4 + jest + eslint + webpack-cli): ${inventory(parsePackageLock, input)} packages from 2,598 entries`);
  printFigure('real 2,599-package package-lock.json, median of 10', await timeIt(() => inventory(parsePackageLock, input), 10, 2), 'ms', 100);
  printFigure('real 2,599-package package-lock.json, CPU per run', await cpuMs(() => inventory(parsePackageLock, input), 10), 'ms', 100);
}

{
  const project = generateProject(5_000);
  const manifests = [parseManifest(toPackageJson(project), 'package.json', '.')];
  const cases: [string, (input: LockfileInput) => LockGraph, string][] = [
    ['package-lock.json v3', parsePackageLock, toPackageLock(project)],
    ['yarn.lock v1', parseYarnLock, toYarnLock(project)],
    ['pnpm-lock.yaml 9.0', parsePnpmLock, toPnpmLock(project)],
  ];
  for (const [name, parse, text] of cases) {
    const input: LockfileInput = { path: name, dir: '.', text, manifests };
    const count = inventory(parse, input);
    printFigure(`5,000-package ${name} (${count} packages), median of 5`, await timeIt(() => inventory(parse, input), 5, 1), 'ms');
    printFigure(`5,000-package ${name}, CPU per run`, await cpuMs(() => inventory(parse, input), 5), 'ms');
  }
}
