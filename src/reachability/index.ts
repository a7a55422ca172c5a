/**
 * Reachability: which review findings can run. The module graph of a project from its real entry
 * points, a verdict per finding, and a run's trace as dynamic evidence. The only file other areas
 * (and the CLI) import.
 */
import type { Advisory } from '../advisories/types.js';
import type { Finding, ReviewReport } from '../review/types.js';
import { buildGraph } from './graph.js';
import { installedPackages } from './installed.js';
import type { LoadedModules } from './trace.js';
import type { ModuleGraph, ReachabilityStatus } from './types.js';
import { verdictFor } from './verdict.js';

export interface AssessOptions {
  /** The project directory (its package.json and node_modules). */
  root: string;
  /** Entry files named by the user; default: package.json main, exports, bin (and workspaces). */
  entries?: string[];
  trace?: LoadedModules | null;
  advisories?: Map<string, Advisory>;
}

/** Build the graph once and give every finding of the report (work-tree targets) its verdict, in place. */
export async function assessReachability(report: ReviewReport, options: AssessOptions): Promise<{ graph: ModuleGraph; problems: string[] }> {
  const graph = await buildGraph(options.root, options.entries ? { entries: options.entries } : {});
  const installed = installedPackages(options.root);
  for (const target of report.targets) {
    // A --ref review is of files that are not on disk: the graph of the work tree says nothing about them.
    if (target.line !== null) continue;
    for (const finding of target.findings) finding.reachability = verdictFor(finding, { graph, installed, trace: options.trace ?? null, advisories: options.advisories ?? new Map() });
  }
  return { graph, problems: graph.problems };
}

/** Keep findings whose verdict is one of `statuses` (findings without a verdict are kept: nothing decided them). */
export function filterByReachability(findings: Finding[], statuses: ReachabilityStatus[]): Finding[] {
  return findings.filter((finding) => !finding.reachability || statuses.includes(finding.reachability.status));
}

export const REACHABILITY_STATUSES: readonly ReachabilityStatus[] = ['reachable', 'unknown', 'not-reachable'];

export { buildGraph, chainTo } from './graph.js';
export { installedPackages, type InstalledPackage } from './installed.js';
export { readTrace, type LoadedModules } from './trace.js';
export { verdictFor, formatChain } from './verdict.js';
export { parseModule } from './parse.js';
export { Resolver } from './resolve.js';
export type * from './types.js';
