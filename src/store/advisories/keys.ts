import type { Advisory } from '../../advisories/types.js';

/** Split a CPE 2.3 formatted string on its unescaped colons (NISTIR 7695 §6.2). */
export function splitCpe(cpe: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < cpe.length; index++) {
    const char = cpe[index];
    if (char === '\\' && index + 1 < cpe.length) {
      current += char + cpe[index + 1];
      index++;
    } else if (char === ':') {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** vendor and product of a CPE 2.3 string, lower-cased as NVD writes them; null when it is not one. */
export function cpeVendorProduct(cpe: string): { vendor: string; product: string } | null {
  const parts = splitCpe(cpe);
  if (parts[0] !== 'cpe' || parts[1] !== '2.3' || !parts[3] || !parts[4]) return null;
  return { vendor: parts[3].toLowerCase(), product: parts[4].toLowerCase() };
}

/** The index rows one advisory contributes: the packages it names, its CPE products, its aliases. */
export interface AdvisoryKeys {
  packages: { ecosystem: string; name: string }[];
  /**
   * Only products of `vulnerable: true` matches: a product that appears only as the platform an
   * application runs on ("running on/with") can never be the component a finding is about.
   */
  cpes: { vendor: string; product: string }[];
  aliases: string[];
}

export function advisoryKeys(advisory: Advisory): AdvisoryKeys {
  const packages = new Map<string, { ecosystem: string; name: string }>();
  for (const affected of advisory.affected) {
    if (affected.package) packages.set(`${affected.package.ecosystem}\u0000${affected.package.name}`, { ecosystem: affected.package.ecosystem, name: affected.package.name });
  }
  const cpes = new Map<string, { vendor: string; product: string }>();
  for (const configuration of advisory.cpeConfigurations ?? []) {
    for (const node of configuration.nodes) {
      for (const match of node.cpeMatch) {
        if (!match.vulnerable) continue;
        const key = cpeVendorProduct(match.criteria);
        if (key) cpes.set(`${key.vendor}:${key.product}`, key);
      }
    }
  }
  return { packages: [...packages.values()], cpes: [...cpes.values()], aliases: [...new Set(advisory.aliases)] };
}


/** One row of a lookup by (ecosystem, name) or (vendor, product): the key's two parts and the advisory. */
export interface LookupRow {
  a: string;
  b: string;
  id: string;
  json: string;
}

/**
 * Group lookup rows under their key, parsing each advisory's JSON once however many keys name it
 * (`parsed` is shared across the chunks of one lookup). Both SQL backends answer with these rows.
 */
export function groupLookupRows(rows: LookupRow[], keyOf: (row: LookupRow) => string, result = new Map<string, Advisory[]>(), parsed = new Map<string, Advisory>()): Map<string, Advisory[]> {
  for (const row of rows) {
    let advisory = parsed.get(row.id);
    if (!advisory) {
      advisory = JSON.parse(row.json) as Advisory;
      parsed.set(row.id, advisory);
    }
    const key = keyOf(row);
    const list = result.get(key);
    if (list) list.push(advisory);
    else result.set(key, [advisory]);
  }
  return result;
}
