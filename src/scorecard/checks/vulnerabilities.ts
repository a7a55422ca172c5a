import type { CheckContext, CheckDefinition, RepoView, RepoVulnerability } from '../types.js';
import { inconclusive, scored, warn } from './result.js';

const NAME = 'Vulnerabilities';

/** OSV id preference when a group has several: DSA, then CVE, then others, then GHSA (probes/hasOSVVulnerabilities/group.go). */
function prefixOrder(id: string): number {
  const prefix = id.split('-')[0];
  return prefix === 'DSA' ? 3 : prefix === 'CVE' ? 2 : prefix === 'GHSA' ? 0 : 1;
}

const idSort = (a: string, b: string): number => prefixOrder(b) - prefixOrder(a) || (a < b ? -1 : a > b ? 1 : 0);

const intersect = (a: RepoVulnerability, b: RepoVulnerability): boolean =>
  a.aliases.some((alias) => b.aliases.includes(alias)) || a.aliases.includes(b.id) || b.aliases.includes(a.id);

/** Scorecard's grouping: vulnerabilities sharing an id or alias count once. Pure. */
export function groupVulnerabilities(vulnerabilities: RepoVulnerability[]): { id: string; aliases: string[]; members: RepoVulnerability[] }[] {
  const groups = vulnerabilities.map((_, index) => index);
  for (let i = 0; i < vulnerabilities.length; i++) {
    for (let j = i + 1; j < vulnerabilities.length; j++) {
      if (intersect(vulnerabilities[i] as RepoVulnerability, vulnerabilities[j] as RepoVulnerability)) {
        groups[i] = Math.min(groups[i] as number, groups[j] as number);
        groups[j] = groups[i] as number;
      }
    }
  }
  const byGroup = new Map<number, RepoVulnerability[]>();
  groups.forEach((group, index) => byGroup.set(group, [...(byGroup.get(group) ?? []), vulnerabilities[index] as RepoVulnerability]));
  return [...byGroup.keys()]
    .sort((a, b) => a - b)
    .map((key) => {
      const members = byGroup.get(key) ?? [];
      const ids = members.map((member) => member.id).sort(idSort);
      const aliases = [...new Set([...members.flatMap((member) => member.aliases), ...ids])].sort();
      return { id: ids[0] ?? '', aliases, members };
    });
}

export interface VulnerabilityFacts {
  /** Null when no advisory store was given: the check cannot decide. */
  vulnerabilities: RepoVulnerability[] | null;
}

/** 10 minus one per distinct vulnerability, never below 0 (evaluation/vulnerabilities.go). */
export function evaluateVulnerabilities(facts: VulnerabilityFacts) {
  if (facts.vulnerabilities === null) {
    return inconclusive(NAME, 'files', 'no advisory database available: run `vigil db sync` (or `vigil db import`) to check dependencies');
  }
  const groups = groupVulnerabilities(facts.vulnerabilities);
  const details = groups.map((group) => {
    const first = group.members[0];
    return warn(`Project is vulnerable to: https://osv.dev/${group.id}${first?.package ? ` (${first.package})` : ''}`, {
      ...(first?.path ? { path: first.path } : {}),
      remediation: `Update the dependency to a version that fixes ${group.id}, or triage it if it does not apply.`,
    });
  });
  return scored(NAME, 'files', Math.max(0, 10 - groups.length), `${groups.length} existing vulnerabilities detected`, details);
}

async function collectVulnerabilities(view: RepoView, context: CheckContext): Promise<VulnerabilityFacts> {
  return { vulnerabilities: context.vulnerabilities ? await context.vulnerabilities.unfixed(view) : null };
}

export const vulnerabilities: CheckDefinition<VulnerabilityFacts> = {
  name: NAME,
  risk: 'High',
  measured: 'files',
  documentation: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#vulnerabilities',
  collect: collectVulnerabilities,
  evaluate: (facts) => evaluateVulnerabilities(facts),
};
