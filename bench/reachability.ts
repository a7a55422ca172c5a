// Reachability on real installed trees: graph time (wall, CPU of every thread, peak RSS), and the
// share of npm-audit findings each verdict gets.
// Usage: node --import tsx bench/reachability.ts <project-dir> [graph-root] [--workers n] [--entry f…]
// (--workers 0: parse on the main thread; default one worker per core).
// Findings come from `npm audit --json` in <project-dir> (the registry's advisories for its lockfile).
import { execFileSync } from 'node:child_process';
import semver from 'semver';
import type { Finding } from '../src/review/types.js';
import { buildGraph, installedPackages, verdictFor } from '../src/reachability/index.js';

const args = process.argv.slice(2);
const workersAt = args.indexOf('--workers');
const workers = workersAt >= 0 ? Number(args.splice(workersAt, 2)[1]) : undefined;
const [project, graphRoot = project, ...rest] = args;
if (!project) throw new Error('usage: bench/reachability.ts <project-dir> [graph-root] [--workers n] [--entry file…]');
const entries = rest[0] === '--entry' ? rest.slice(1) : [];
let audit: { vulnerabilities?: Record<string, { via: (string | { source: number; name: string; range: string; url: string })[] }> };
try {
  audit = JSON.parse(execFileSync('npm', ['audit', '--json'], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 28 })) as typeof audit;
} catch (error) {
  audit = JSON.parse(String((error as { stdout?: string }).stdout)) as typeof audit; // npm audit exits 1 when it finds something
}
let started = performance.now();
const cpu = process.cpuUsage();
const graph = await buildGraph(graphRoot as string, { ...(entries.length ? { entries } : {}), ...(workers === undefined ? {} : { workers }) });
const graphMs = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
const graphCpuMs = (user + system) / 1000;
// Peak resident memory of the process so far (the graph, its worker threads included).
const peakRssMb = process.resourceUsage().maxRSS / 1024;
started = performance.now();
const installed = installedPackages(graphRoot as string);
const findings: Finding[] = [];
for (const [name, entry] of Object.entries(audit.vulnerabilities ?? {})) {
  for (const via of entry.via) {
    if (typeof via === 'string') continue;
    for (const version of new Set(installed.filter((pkg) => pkg.name === name && pkg.version && semver.satisfies(pkg.version, via.range)).map((pkg) => pkg.version as string))) {
      findings.push({ id: `GHSA-${via.source}`, aliases: [via.url.split('/').pop() as string], advisoryIds: [], summary: '', ecosystem: 'npm', package: name, version, purl: null, severity: { level: 'high', score: null, vector: null, basis: 'none' }, fixedIn: [], nearestFix: null, basis: ['osv-range'], notes: [], locations: [], line: null, references: [] });
    }
  }
}
// The registry's audit endpoint may refuse (it answered 405 from the bench machine): then every
// installed package version stands for one finding, which measures the same graph decision.
const perPackage = findings.length === 0 && !audit.vulnerabilities;
if (perPackage) for (const pkg of installed) findings.push({ ...findings[0], id: 'per-package', aliases: [], advisoryIds: [], summary: '', ecosystem: 'npm', package: pkg.name, version: pkg.version ?? '', purl: null, severity: { level: 'high', score: null, vector: null, basis: 'none' }, fixedIn: [], nearestFix: null, basis: ['osv-range'], notes: [], locations: [], line: null, references: [] });
const counts: Record<string, number> = { reachable: 0, unknown: 0, 'not-reachable': 0 };
for (const finding of findings) counts[verdictFor(finding, { graph, installed })!.status]!++;
const verdictMs = performance.now() - started;
console.log(JSON.stringify({ project, findingsFrom: perPackage ? 'every installed package (npm audit unavailable)' : 'npm audit', installed: installed.length, modules: graph.stats.files, parsed: graph.stats.parsed, packagesReached: graph.packages.size, unknownLoads: graph.unknown.length, workers: workers ?? 'default', graphMs: Math.round(graphMs), graphCpuMs: Math.round(graphCpuMs), peakRssMb: Math.round(peakRssMb), verdictMs: Math.round(verdictMs), findings: findings.length, ...counts, notReachableShare: findings.length ? `${Math.round((100 * counts['not-reachable']!) / findings.length)}%` : '-' }));
