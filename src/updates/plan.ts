import { noteHostFailure } from '../util/fetch-policy.js';
import type { Advisory } from '../advisories/index.js';
import type { Inventory, Package } from '../inventory/index.js';
import type { VendoredDependency } from '../inventory/vendored/types.js';
import { holdFor } from './holds.js';
import { derivedPolicy, type LineHistory } from './knowledge/line-history.js';
import { policyFor } from './knowledge/policies.js';
import { engineOk } from './projects/wanted.js';
import { candidateAdvisories, fixedBy, uncheckedReason, type SecurityLookup } from './security.js';
import type { Allowance, Datasource, DatasourceId, Hold, LinePolicy, Release, ReleaseList, UpdateRow, UpdatesReport, UpstreamSource } from './types.js';
import { compareVersions, isPrerelease, numericParts } from './versions.js';

export interface CheckOptions {
  inventory: Inventory;
  registry: VendoredDependency[];
  sources: Record<string, UpstreamSource>;
  policies: LinePolicy[];
  holds: Hold[];
  datasources: Map<DatasourceId, Datasource>;
  /** The advisory store; without it, or without advisories for a row's ecosystem, the row says security was not checked. */
  lookup: SecurityLookup | undefined;
  /** YYYY-MM-DD: for ages and hold expiry. */
  today: string;
  /** Upstream requests in flight at once. */
  concurrency?: number;
  /** The release line's own changelog (`doc/changelogs/CHANGELOG_V<major>.md`): which majors it took. */
  history?: LineHistory;
}

/** The registry entry a vendored package was read through (by version file, else by directory). */
export function entryOf(pkg: Package, registry: VendoredDependency[]): VendoredDependency | undefined {
  return registry.find((entry) => entry.versionFiles.some((file) => file.path === pkg.foundIn)) ?? registry.find((entry) => pkg.foundIn.startsWith(`${entry.directory}/`));
}

/** Whether `candidate` is a move `allow` permits from `current`. */
export function allows(allow: Allowance, current: string, candidate: string): boolean {
  const from = numericParts(current);
  const to = numericParts(candidate);
  if (allow === 'none') return false;
  if (allow === 'same-major') return from[0] === to[0];
  if (allow === 'same-minor') return from[0] === to[0] && from[1] === to[1];
  return true;
}

export async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}

const ORDER: Record<UpdateRow['status'], number> = { behind: 1, held: 2, unknown: 3, 'up-to-date': 4 };

/**
 * Every vendored dependency against its upstream: newest release, newest the line allows, age,
 * hold, and the advisories the update fixes. An upstream that fails makes that row `unknown`
 * with the reason; the others go on. Security updates first, then the furthest behind.
 */
export async function checkUpdates(options: CheckOptions): Promise<UpdatesReport> {
  const vendored = options.inventory.packages.filter((pkg) => pkg.origin === 'vendored' && pkg.nestedIn === undefined);
  const nodeMajor = options.inventory.node ? numericParts(options.inventory.node.version)[0] : undefined;
  const advisoriesOf = options.lookup ? await candidateAdvisories(options.lookup, vendored) : undefined;
  const coverage = options.lookup ? await options.lookup.coverage() : undefined;
  let requests = 0;
  let notModified = 0;
  const rows = await mapLimited(vendored, options.concurrency ?? 8, async (pkg): Promise<UpdateRow> => {
    const entry = entryOf(pkg, options.registry);
    const id = entry?.id ?? pkg.name;
    const source: UpstreamSource = options.sources[id] ?? { datasource: 'none', reason: `no upstream is known for ${id} (add it to src/updates/knowledge/sources.ts)` };
    const policy = policyFor(id, nodeMajor, options.policies) ?? derivedPolicy(id, source, pkg.version, nodeMajor, options.today, options.history);
    const hold = holdFor(options.holds, id, pkg.version, options.today);
    const unchecked = uncheckedReason(pkg, coverage);
    const base: UpdateRow = {
      id,
      name: pkg.name,
      directory: entry?.directory ?? pkg.foundIn,
      current: pkg.version,
      newest: null,
      allowed: null,
      status: 'unknown',
      ageDays: null,
      behindBy: 0,
      between: [],
      policy: policy ? { allow: policy.allow, reason: policy.reason } : undefined,
      hold,
      fixes: [],
      securityChecked: unchecked === null,
      ...(unchecked === null ? {} : { securityUncheckedReason: unchecked }),
      source,
    };
    if (pkg.version === null) return { ...base, unknownReason: `current version unknown: ${pkg.versionUnknownReason ?? 'not readable'}` };
    if (source.datasource === 'none') return { ...base, unknownReason: source.reason };
    let list: ReleaseList;
    try {
      list = await options.datasources.get(source.datasource)!.releases(source);
    } catch (error) {
      // A host that failed leaves this row unknown; the CLI says so once per host and exits 2.
      noteHostFailure(error);
      return { ...base, unknownReason: `upstream ${source.datasource}: ${(error as Error).message}` };
    }
    requests += list.requests;
    notModified += list.notModified;
    // A line's own policy is derived again with upstream's dates: whether it went on taking the
    // major it ships once the next one was out (a line that stayed, issue #17).
    const dated = policyFor(id, nodeMajor, options.policies) ? policy : (derivedPolicy(id, source, pkg.version, nodeMajor, options.today, options.history, list.releases) ?? policy);
    if (dated) base.policy = { allow: dated.allow, reason: dated.reason };
    return evaluate(base, pkg, list.releases, dated?.allow ?? 'any', options.today, unchecked === null ? advisoriesOf : undefined, options.inventory.node?.version);
  });
  rows.sort((a, b) => Number(b.fixes.length > 0) - Number(a.fixes.length > 0) || ORDER[a.status] - ORDER[b.status] || b.behindBy - a.behindBy || a.id.localeCompare(b.id));
  return { root: options.inventory.root, node: options.inventory.node?.version ?? null, rows, requests, notModified };
}

/**
 * Pure: a row from the releases upstream published. On a Node.js checkout (`nodeVersion`), a
 * release whose `engines.node` excludes that Node.js is never "allowed" (npm 11 on v18.20.4).
 */
export function evaluate(base: UpdateRow, pkg: Package, all: Release[], allow: Allowance, today: string, advisoriesOf: ((pkg: Package) => Advisory[]) | undefined, nodeVersion?: string): UpdateRow {
  const current = pkg.version!;
  // A prerelease in the tree (postject 1.0.0-alpha.6) may move to later prereleases; otherwise stable only.
  const releases = all.filter((release) => !isPrerelease(release.version) || isPrerelease(current));
  if (releases.length === 0) return { ...base, unknownReason: 'upstream lists no release Vigil could read' };
  const sorted = [...releases].sort((a, b) => compareVersions(a.version, b.version));
  const newest = sorted[sorted.length - 1]!;
  const newer = sorted.filter((release) => compareVersions(release.version, current) > 0);
  const allowedRelease = [...newer].reverse().find((release) => allows(allow, current, release.version) && engineOk(release, nodeVersion));
  const allowed = allowedRelease?.version ?? current;
  const published = releases.find((release) => compareVersions(release.version, current) === 0 && release.publishedAt)?.publishedAt;
  const ageDays = published ? Math.max(0, Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(published)) / 86_400_000)) : null;
  const fixes = allowedRelease && advisoriesOf ? fixedBy(advisoriesOf(pkg), pkg, current, allowed).map((advisory) => ({ id: advisory.id, aliases: advisory.aliases, summary: advisory.summary })) : [];
  const held = base.hold !== undefined && !base.hold.expired && base.hold.appliesTo;
  const status: UpdateRow['status'] = !allowedRelease ? 'up-to-date' : held ? 'held' : 'behind';
  return { ...base, newest: newest.version, allowed, status, ageDays, behindBy: newer.length, between: newer.filter((release) => compareVersions(release.version, allowed) <= 0).map((release) => release.version), fixes, ...(allowedRelease?.tarball ? { tarball: allowedRelease.tarball } : {}), ...(allowedRelease?.tag ? { tags: { from: releases.find((release) => compareVersions(release.version, current) === 0)?.tag, to: allowedRelease.tag } } : {}) };
}
