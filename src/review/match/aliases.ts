/**
 * Alias merging: GHSA-…, CVE-…, NSWG-… and the feeds' own ids that name one vulnerability become
 * one group (union-find over each advisory's id and aliases), so a vulnerability is one finding.
 */
import type { Advisory } from '../../advisories/types.js';

/** Group advisories that share an id or alias, transitively. */
export function groupByAlias(advisories: Advisory[]): Advisory[][] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(id, root);
    return root;
  };
  const add = (id: string): void => {
    if (!parent.has(id)) parent.set(id, id);
  };
  for (const advisory of advisories) {
    add(advisory.id);
    for (const alias of advisory.aliases) {
      add(alias);
      parent.set(find(alias), find(advisory.id));
    }
  }
  const groups = new Map<string, Advisory[]>();
  for (const advisory of advisories) {
    const root = find(advisory.id);
    const group = groups.get(root) ?? [];
    if (!group.some((member) => member.id === advisory.id)) group.push(advisory);
    groups.set(root, group);
  }
  return [...groups.values()];
}

const PRIORITY = [/^CVE-/, /^GHSA-/, /^NSWG-/];

/** The id a finding is known by: a CVE when there is one, then GHSA, then NSWG, then the smallest. */
export function primaryId(ids: string[]): string {
  const sorted = [...new Set(ids)].sort();
  for (const pattern of PRIORITY) {
    const found = sorted.find((id) => pattern.test(id));
    if (found) return found;
  }
  return sorted[0] ?? 'unknown';
}
