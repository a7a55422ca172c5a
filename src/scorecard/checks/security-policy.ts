import { collectSecurityPolicy, type PolicyHit, type SecurityPolicyFacts } from '../collect/security-policy.js';
import type { CheckDefinition, CheckDetail } from '../types.js';
import { info, scored, warn } from './result.js';

const NAME = 'Security-Policy';
const REMEDIATION = 'Add SECURITY.md with how to report a vulnerability (an e-mail or a link) and the disclosure process.';

function unique(hits: PolicyHit[], kind: PolicyHit['kind']): PolicyHit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => hit.kind === kind && !seen.has(hit.match) && seen.add(hit.match));
}

/** The probes as claims (probes/securityPolicy*): links 6, text 3, disclosure 1; present alone scores 0. */
export function securityPolicyClaims(file: NonNullable<SecurityPolicyFacts['file']>) {
  const emails = unique(file.hits, 'email');
  const urls = unique(file.hits, 'link');
  const linkedLength = [...emails, ...urls].reduce((sum, hit) => sum + Buffer.byteLength(hit.match), 0);
  return {
    containsLinks: urls.length + emails.length > 0,
    containsText: file.size > 1 && file.size > linkedLength + (urls.length + emails.length) * 2,
    containsVulnerabilityDisclosure: file.hits.filter((hit) => hit.kind === 'text').length > 1,
  };
}

export function evaluateSecurityPolicy(facts: SecurityPolicyFacts) {
  if (!facts.file) {
    // Scorecard also looks in the organisation's .github repository; say when that was not possible.
    const reason = facts.orgChecked ? 'security policy file not detected' : "security policy file not detected (the organisation's .github repository was not checked: no forge token)";
    return scored(NAME, 'files', 0, reason, [
      warn('no security policy file detected', { remediation: REMEDIATION }),
      warn('no security file to analyze'),
      warn('no security file to analyze'),
      warn('no security file to analyze'),
    ]);
  }
  const { path } = facts.file;
  const measured = facts.file.fromOrg ? 'forge' : 'files';
  const claims = securityPolicyClaims(facts.file);
  const details: CheckDetail[] = [info('security policy file detected', { path, line: 1 })];
  details.push(claims.containsLinks ? info('Found linked content', { path, line: 1 }) : warn('no linked content found', { remediation: REMEDIATION }));
  details.push(claims.containsText ? info('Found text in security policy', { path, line: 1 }) : warn('No text (besides links / emails) found in security policy'));
  details.push(
    claims.containsVulnerabilityDisclosure
      ? info('Found disclosure, vulnerability, and/or timelines in security policy', { path, line: 1 })
      : warn('One or no descriptive hints of disclosure, vulnerability, and/or timelines in security policy'),
  );
  const score = (claims.containsLinks ? 6 : 0) + (claims.containsText ? 3 : 0) + (claims.containsVulnerabilityDisclosure ? 1 : 0);
  return scored(NAME, measured, score, 'security policy file detected', details);
}

export const securityPolicy: CheckDefinition<SecurityPolicyFacts> = {
  name: NAME,
  risk: 'Medium',
  measured: 'files',
  documentation: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#security-policy',
  collect: (view, context) => collectSecurityPolicy(view, context),
  evaluate: (facts) => evaluateSecurityPolicy(facts),
};
