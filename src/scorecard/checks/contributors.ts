import type { ForgeContributor } from '../forge/types.js';
import { forgeCheck } from './forge-check.js';
import { info, normalizeReason, proportionalScore, scored } from './result.js';

const NAME = 'Contributors';
const MIN_CONTRIBUTIONS = 5;
const COMPANIES_FOR_TOP_SCORE = 3;

/** raw/contributors.go's company clean-up: lower case, no "inc.", "llc", commas or leading @. */
export function normaliseCompany(company: string): string {
  return company.toLowerCase().replaceAll('inc.', '').replaceAll('llc', '').replaceAll(',', '').replace(/^@+/, '').trim();
}

/** evaluation/contributors.go: distinct orgs and companies of contributors with ≥ 5 commits; more than 3 gives 10. */
export function evaluateContributors(contributors: ForgeContributor[]) {
  const entities = new Set<string>();
  for (const contributor of contributors) {
    if (contributor.contributions < MIN_CONTRIBUTIONS) continue;
    for (const org of contributor.organizations) if (org) entities.add(org);
    for (const company of contributor.companies.map(normaliseCompany)) if (company) entities.add(company);
  }
  const count = entities.size;
  const reason = `project has ${count} contributing companies or organizations`;
  const details = count > 0 ? [info(`found contributions from: ${[...entities].sort().join(', ')}`)] : [];
  if (count > COMPANIES_FOR_TOP_SCORE) return scored(NAME, 'forge', 10, reason, details);
  const score = proportionalScore(count, COMPANIES_FOR_TOP_SCORE);
  return scored(NAME, 'forge', score, normalizeReason(reason, score), details);
}

export const contributors = forgeCheck<ForgeContributor[]>({ name: NAME, risk: 'Low', load: (forge) => forge.contributors(), evaluate: evaluateContributors });
