/**
 * An in-memory AdvisoryLookup (STYLE.md rule 10: every interface has an in-memory door): for tests,
 * benches, and reviews fed straight from files without a store.
 */
import { packageKeyString, type Advisory, type AdvisoryLookup } from '../advisories/types.js';
import { parseCpe } from './match/cpe.js';

/** Index advisories by affected (ecosystem, name) and by the vendor:product of their CPE matches. */
export function createMemoryLookup(advisories: Iterable<Advisory>): AdvisoryLookup {
  const byPackage = new Map<string, Advisory[]>();
  const byCpe = new Map<string, Advisory[]>();
  const add = (index: Map<string, Advisory[]>, key: string, advisory: Advisory): void => {
    const list = index.get(key) ?? [];
    if (!list.includes(advisory)) list.push(advisory);
    index.set(key, list);
  };
  for (const advisory of advisories) {
    if (advisory.withdrawn) continue;
    for (const entry of advisory.affected) {
      if (entry.package) add(byPackage, packageKeyString(entry.package), advisory);
    }
    for (const configuration of advisory.cpeConfigurations ?? []) {
      for (const node of configuration.nodes) {
        for (const match of node.cpeMatch) {
          const cpe = parseCpe(match.criteria);
          if (cpe) add(byCpe, `${cpe.vendor}:${cpe.product}`, advisory);
        }
      }
    }
  }
  return {
    forPackages: async (packages) => new Map(packages.map((key) => [packageKeyString(key), byPackage.get(packageKeyString(key)) ?? []])),
    forCpes: async (products) => new Map(products.map(({ vendor, product }) => [`${vendor}:${product}`, byCpe.get(`${vendor}:${product}`) ?? []])),
  };
}
