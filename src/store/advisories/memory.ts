import type { Assessment } from '../../advisories/node-core.js';
import { packageKeyString, type Advisory, type PackageKey } from '../../advisories/types.js';
import { advisoryKeys } from './keys.js';
import type { AdvisoryCoverage, AdvisoryStore, AdvisoryStream, SourceInfo, SourceStatus, StoreStatus, WriteOptions, WriteSummary } from './types.js';
import { emptySummary, writeVerdict } from './write-plan.js';

/**
 * The in-memory door (STYLE.md rule 10): the same semantics as the SQLite store, for tests in
 * other areas (`new MemoryAdvisoryStore([advisory, …])`).
 */
export class MemoryAdvisoryStore implements AdvisoryStore {
  private readonly records = new Map<string, { advisory: Advisory; json: string; ms: number }>();
  private readonly sources = new Map<string, SourceStatus>();
  private readonly assessmentsBySource = new Map<string, Assessment[]>();

  constructor(advisories: Advisory[] = []) {
    for (const advisory of advisories) this.put(advisory);
  }

  private put(advisory: Advisory): keyof WriteSummary {
    const json = JSON.stringify(advisory);
    const ms = Date.parse(advisory.modified);
    const stored = this.records.get(advisory.id);
    const verdict = writeVerdict(stored ? { modifiedMs: stored.ms, json: stored.json } : undefined, ms, json);
    if (verdict === 'inserted' || verdict === 'updated') this.records.set(advisory.id, { advisory, json, ms });
    return verdict;
  }

  async write(source: SourceInfo, records: AdvisoryStream, options: WriteOptions = {}): Promise<WriteSummary> {
    // Collect first, apply after: a failing stream leaves the store as it was, like a rollback.
    const offered: Advisory[] = [];
    for await (const advisory of records) offered.push(advisory);
    const summary = emptySummary();
    for (const advisory of offered) summary[this.put(advisory)]++;
    if (options.assessments) this.assessmentsBySource.set(source.id, [...options.assessments]);
    this.sources.set(source.id, { ...source, lastSync: new Date().toISOString(), records: offered.length, cursor: options.cursor ?? null });
    return summary;
  }

  async assessments(): Promise<Assessment[]> {
    return [...this.assessmentsBySource.values()].flat().sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async source(id: string): Promise<SourceStatus | null> {
    return this.sources.get(id) ?? null;
  }

  async forPackages(packages: PackageKey[]): Promise<Map<string, Advisory[]>> {
    const wanted = new Set(packages.map(packageKeyString));
    const result = new Map<string, Advisory[]>();
    for (const { advisory } of this.sorted()) {
      if (advisory.withdrawn) continue;
      for (const key of advisoryKeys(advisory).packages) {
        const name = packageKeyString(key);
        if (wanted.has(name)) result.set(name, [...(result.get(name) ?? []), advisory]);
      }
    }
    return result;
  }

  async forCpes(products: { vendor: string; product: string }[]): Promise<Map<string, Advisory[]>> {
    const wanted = new Map(products.map((key) => [`${key.vendor.toLowerCase()}:${key.product.toLowerCase()}`, `${key.vendor}:${key.product}`]));
    const result = new Map<string, Advisory[]>();
    for (const { advisory } of this.sorted()) {
      if (advisory.withdrawn) continue;
      for (const key of advisoryKeys(advisory).cpes) {
        const asked = wanted.get(`${key.vendor}:${key.product}`);
        if (asked) result.set(asked, [...(result.get(asked) ?? []), advisory]);
      }
    }
    return result;
  }

  async get(id: string): Promise<Advisory | null> {
    const direct = this.records.get(id);
    if (direct) return direct.advisory;
    for (const { advisory } of this.sorted()) if (advisory.aliases.includes(id)) return advisory;
    return null;
  }

  async coverage(): Promise<AdvisoryCoverage> {
    const ecosystems: Record<string, number> = {};
    let cpe = 0;
    for (const { advisory } of this.records.values()) {
      if (advisory.withdrawn) continue;
      const keys = advisoryKeys(advisory);
      for (const ecosystem of new Set(keys.packages.map((key) => key.ecosystem))) ecosystems[ecosystem] = (ecosystems[ecosystem] ?? 0) + 1;
      if (keys.cpes.length > 0) cpe++;
    }
    return { ecosystems, cpe };
  }

  async isEmpty(): Promise<boolean> {
    return this.records.size === 0;
  }

  async status(): Promise<StoreStatus> {
    const byFeed: Record<string, number> = {};
    let withdrawn = 0;
    for (const { advisory } of this.records.values()) {
      byFeed[advisory.source] = (byFeed[advisory.source] ?? 0) + 1;
      if (advisory.withdrawn) withdrawn++;
    }
    return { backend: 'memory', location: ':memory:', advisories: this.records.size, withdrawn, byFeed, sources: [...this.sources.values()], sizeBytes: 0 };
  }

  async close(): Promise<void> {}

  private sorted(): { advisory: Advisory }[] {
    return [...this.records.values()].sort((a, b) => (a.advisory.id < b.advisory.id ? -1 : 1));
  }
}
