/**
 * A verdict per finding from the graph (and a trace): reachable with the shortest chain and the
 * call sites, unknown with why, or not reachable with what was searched. Pure but for reading
 * importer files for call sites.
 */
import { relative, sep } from 'node:path';
import type { Advisory } from '../advisories/types.js';
import type { Finding } from '../review/types.js';
import { chainTo, visibleFrom } from './graph.js';
import type { InstalledPackage } from './installed.js';
import type { LoadedModules } from './trace.js';
import type { ChainStep, ModuleGraph, ReachabilityVerdict, UnknownLoad } from './types.js';
import { callSites, vulnerableCode } from './vulnerable-code.js';

export interface VerdictContext {
  graph: ModuleGraph;
  installed: InstalledPackage[];
  trace?: LoadedModules | null;
  /** The advisory records by id (for OSV ecosystem_specific and GHSA text); may be empty. */
  advisories?: Map<string, Advisory>;
}

function matchesCandidate(name: string, candidates: string[] | null): boolean {
  if (candidates === null) return true;
  return candidates.some((candidate) => (candidate.endsWith('*') ? name.startsWith(candidate.slice(0, -1)) : candidate === name));
}

/** Per installed tree: dependencies by name, and the closures already computed (by candidate list). */
const closures = new WeakMap<InstalledPackage[], { dependencies: Map<string, string[]>; byCandidates: Map<string, Set<string>> }>();

/**
 * Names a set of candidates can load in turn: the candidates and, transitively, their dependencies.
 * Computed once per candidate list and tree: the same unknown loads are asked about for every
 * finding, and recomputing made the verdicts quadratic (343 s on react-scripts 5's tool chain).
 */
function closure(candidates: string[], installed: InstalledPackage[]): Set<string> {
  let cache = closures.get(installed);
  if (!cache) {
    const dependencies = new Map<string, string[]>();
    for (const pkg of installed) dependencies.set(pkg.name, [...(dependencies.get(pkg.name) ?? []), ...pkg.dependencies]);
    cache = { dependencies, byCandidates: new Map() };
    closures.set(installed, cache);
  }
  const key = candidates.join('\0');
  const cached = cache.byCandidates.get(key);
  if (cached) return cached;
  const names = new Set<string>();
  const queue = [...cache.dependencies.keys()].filter((name) => matchesCandidate(name, candidates));
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (names.has(name)) continue;
    names.add(name);
    queue.push(...(cache.dependencies.get(name) ?? []));
  }
  cache.byCandidates.set(key, names);
  return names;
}

function show(graph: ModuleGraph, file: string, line?: number | null): string {
  const path = file.startsWith(graph.root + sep) ? relative(graph.root, file) : file;
  return line ? `${path}:${line}` : path;
}

/** `a.js:3 → node_modules/x/index.js`: the chain as one line. */
export function formatChain(graph: ModuleGraph, chain: ChainStep[]): string {
  return chain.map((step) => show(graph, step.file, step.line)).join(' → ');
}

/** The verdict on one finding. */
export function verdictFor(finding: Finding, context: VerdictContext): ReachabilityVerdict {
  const { graph, trace } = context;
  const advisories = finding.advisoryIds.map((id) => context.advisories?.get(id)).filter((advisory): advisory is Advisory => advisory !== undefined);
  const code = vulnerableCode(finding.aliases, finding.package, advisories);
  const base = { chain: [] as ChainStep[], callSites: [], vulnerableCode: code, basis: 'static' as const };
  const dirs = context.installed.filter((entry) => entry.name === finding.package && (entry.version === finding.version || entry.version === null)).map((entry) => entry.dir);
  for (const [dir, record] of graph.packages) if (record.name === finding.package && record.version === finding.version && !dirs.includes(dir)) dirs.push(dir);
  if (dirs.length === 0) return { ...base, status: 'unknown', evidence: `${finding.package}@${finding.version} is not installed under ${graph.root} (review the installed tree, not only the lockfile, to decide)` };
  // Reachable statically: the first file of the package the walk met lies on a shortest chain.
  let best: ChainStep[] | null = null;
  for (const dir of dirs) {
    const files = graph.packages.get(dir)?.files ?? [];
    const chain = files.length > 0 ? chainTo(graph, files[0] as string) : null;
    if (chain && (!best || chain.length < best.length)) best = chain;
  }
  if (best) {
    const importers = dirs.flatMap((dir) => [...(graph.importers.get(dir) ?? [])]);
    const sites = code && code.functions.length > 0 ? callSites(importers, code.functions, finding.package) : [];
    const loadedFiles = code ? dirs.flatMap((dir) => (graph.packages.get(dir)?.files ?? []).map((file) => relative(dir, file))).filter((file) => code.files.includes(file)) : [];
    const extra = code ? `; vulnerable code (${code.source}): ${sites.length} call site(s) of ${code.functions.join(', ')}${loadedFiles.length ? `, loads ${loadedFiles.join(', ')}` : ''}` : '';
    return { ...base, status: 'reachable', chain: best, callSites: sites, evidence: `loaded by ${formatChain(graph, best)}${extra}` };
  }
  const loaded = trace ? [...trace.files].find((file) => dirs.some((dir) => file.startsWith(dir + sep))) : undefined;
  if (trace && loaded) return { ...base, status: 'reachable', basis: 'trace', trace: trace.source, evidence: `a traced run (${trace.source}) loaded ${show(graph, loaded)}` };
  // A fully computed load can reach any package, then whatever that one loads: visibility from the
  // load's file would miss nested dependencies of what it loads, so it is not applied. A bounded
  // load reaches its candidates and, transitively, their dependencies.
  const could: UnknownLoad[] = graph.unknown.filter((load) =>
    load.candidates === null ? true : matchesCandidate(finding.package, load.candidates) ? dirs.some((dir) => visibleFrom(dir, load.file)) : closure(load.candidates, context.installed).has(finding.package),
  );
  if (could.length > 0) {
    const where = could.slice(0, 3).map((load) => `${show(graph, load.file, load.line)} ${load.what}`);
    return { ...base, status: 'unknown', evidence: `not loaded by a literal require/import, but ${could.length} load(s) the graph cannot follow could reach it: ${where.join('; ')}${could.length > 3 ? '; …' : ''}` };
  }
  if (graph.entries.length === 0) return { ...base, status: 'unknown', evidence: 'no entry point was found, so nothing was followed' };
  const entries = graph.entries.slice(0, 3).map((entry) => `${show(graph, entry.file)} (${entry.reason})`);
  return {
    ...base,
    status: 'not-reachable',
    evidence: `${finding.package}@${finding.version} is installed (${dirs.map((dir) => show(graph, dir)).join(', ')}) but no module of it is loaded: ${graph.stats.files} modules followed through require, import and import() from ${graph.entries.length} entry point(s): ${entries.join(', ')}${graph.entries.length > 3 ? ', …' : ''}; no computed load or eval could reach it${trace ? `; the traced run (${trace.source}) did not load it either` : ''}`,
  };
}
