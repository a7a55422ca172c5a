import { noteHostFailure } from '../../util/fetch-policy.js';
import { VigilError } from '../../errors.js';
import type { Inventory } from '../../inventory/index.js';
import type { Manifest } from '../../inventory/javascript/input.js';
import { mapLimited } from '../plan.js';
import { candidateAdvisories, uncheckedReason, type SecurityLookup } from '../security.js';
import type { Datasource, ReleaseList } from '../types.js';
import { candidatesOf, manifestPath, rootsOf } from './candidates.js';
import { compareRows, evaluateCandidate } from './evaluate.js';
import type { ProjectUpdatesReport } from './types.js';

export interface ProjectCheckOptions {
  /** The inventory of the project (its lockfile packages are what is checked). */
  inventory: Inventory;
  /** A package.json relative to the root, parsed; null when absent. May throw an InputError. */
  readManifest(path: string): Promise<Manifest | null>;
  /** The npm datasource (registry URL and ETag cache are its business). */
  npm: Datasource;
  /** The advisory store; without it, or without npm advisories in it, rows say security was not checked. */
  lookup: SecurityLookup | undefined;
  /** YYYY-MM-DD: for ages. */
  today: string;
  /** Also report dependencies of dependencies (`npm outdated --all`). */
  transitive?: boolean;
  /** Check `engines.node` against this Node.js version, as npm does with the running one; unset, engines are ignored. */
  nodeVersion?: string;
  /** Registry requests in flight at once (default 8). */
  concurrency?: number;
}

/**
 * Every direct dependency of every lockfile project in the inventory (and with `transitive`
 * the others) against the npm registry: current, wanted, latest, whether latest leaves the
 * declared range, age, and the advisories wanted and latest fix. One request per package name;
 * a package the registry does not answer for is `unknown` with the reason, the others go on.
 */
export async function checkProjectUpdates(options: ProjectCheckOptions): Promise<ProjectUpdatesReport> {
  const problems: string[] = [];
  const manifests = new Map<string, Manifest | null>();
  for (const root of rootsOf(options.inventory)) {
    const path = manifestPath(root);
    try {
      manifests.set(path, await options.readManifest(path));
    } catch (error) {
      if (!(error instanceof VigilError)) throw error;
      problems.push(error.message);
      manifests.set(path, null);
    }
  }
  const candidates = candidatesOf(options.inventory, manifests, options.transitive ?? false);
  const names = [...new Set(candidates.filter((candidate) => candidate.skipReason === undefined).map((candidate) => candidate.name))].sort();
  // Every row here is an npm package: one coverage answer says whether any of them can be checked.
  const unchecked = uncheckedReason({ ecosystem: 'npm', name: 'npm packages', cpe: null }, options.lookup ? await options.lookup.coverage() : undefined);
  const advisoriesOf = options.lookup && unchecked === null ? await candidateAdvisories(options.lookup, names.map((name) => ({ ecosystem: 'npm' as const, name, cpe: null }))) : undefined;
  const answers = new Map<string, ReleaseList | Error>();
  await mapLimited(names, options.concurrency ?? 8, async (name) => {
    try {
      answers.set(name, await options.npm.releases({ datasource: 'npm', package: name }));
    } catch (error) {
      // The registry failing leaves the package unknown; the CLI says so once per host and exits 2.
      noteHostFailure(error);
      answers.set(name, error instanceof Error ? error : new Error(String(error)));
    }
  });
  const rows = candidates.map((candidate) => {
    const row = evaluateCandidate(candidate, answers.get(candidate.name), options.today, advisoriesOf?.({ ecosystem: 'npm', name: candidate.name, cpe: null }), options.nodeVersion);
    return unchecked === null ? row : { ...row, securityUncheckedReason: unchecked };
  });
  rows.sort(compareRows);
  const lists = [...answers.values()].filter((answer): answer is ReleaseList => !(answer instanceof Error));
  return {
    root: options.inventory.root,
    lockfiles: options.inventory.sources.filter((source) => source.kind === 'lockfile').map((source) => source.path),
    rows,
    node: options.nodeVersion ?? null,
    packages: names.length,
    requests: lists.reduce((sum, list) => sum + list.requests, 0) + (answers.size - lists.length),
    notModified: lists.reduce((sum, list) => sum + list.notModified, 0),
    problems,
  };
}
