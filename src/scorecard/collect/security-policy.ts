import { forgeOf } from '../forge/context.js';
import type { CheckContext, RepoView } from '../types.js';

/** Where Scorecard looks for a policy, compared case-insensitively (raw/security_policy.go). */
const POLICY_FILES = new Set([
  'security.md', '.github/security.md', 'docs/security.md',
  'security.markdown', '.github/security.markdown', 'docs/security.markdown',
  'security.adoc', '.github/security.adoc', 'docs/security.adoc',
  'security.rst', '.github/security.rst', 'doc/security.rst', 'docs/security.rst',
]);

export interface PolicyHit {
  kind: 'link' | 'email' | 'text';
  match: string;
  line: number;
}

export interface SecurityPolicyFacts {
  /**
   * The first policy file in listing order, as Scorecard stops at the first; else the
   * organisation's (`fromOrg`, path `github.com/<owner>/.github/…`); null when none.
   */
  file: { path: string; size: number; hits: PolicyHit[]; fromOrg?: boolean } | null;
  /** False when the organisation's `.github` repository could not be looked at (no forge). */
  orgChecked: boolean;
}

export function isSecurityPolicyFile(path: string): boolean {
  return POLICY_FILES.has(path.toLowerCase());
}

// Scorecard's patterns. Go's `\b*` (any number of word boundaries) matches nothing, so it is dropped.
const URL_PATTERN = /(http|https):\/\/[a-zA-Z0-9./?=_%:-]*/g;
const EMAIL_PATTERN = /\b[A-Za-z0-9._%+-]+(@|\\?\[at\\?\])[A-Za-z0-9.-]+\.[A-Za-z]{2,6}\b/g;
const DISCLOSURE_PATTERN = /([0-9]{1,4}\b|(Disclos|Vuln))/gi;

/** Links, e-mails and disclosure words per line (collectPolicyHits). Pure. */
export function policyHits(content: string): PolicyHit[] {
  const hits: PolicyHit[] = [];
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') return;
    for (const [kind, pattern] of [['link', URL_PATTERN], ['email', EMAIL_PATTERN], ['text', DISCLOSURE_PATTERN]] as const) {
      for (const match of line.matchAll(pattern)) hits.push({ kind, match: match[0], line: index + 1 });
    }
  });
  return hits;
}

/** An empty file keeps Scorecard's default size of 1 and has no hits. */
function policyFile(path: string, bytes: Buffer): NonNullable<SecurityPolicyFacts['file']> {
  return bytes.length === 0 ? { path, size: 1, hits: [] } : { path, size: bytes.length, hits: policyHits(bytes.toString('utf8')) };
}

/**
 * Names first (no read), then the one policy file's content; without one, the organisation's
 * policy through the forge (raw/security_policy.go GetOrgRepoClient), when there is a forge.
 */
export async function collectSecurityPolicy(view: RepoView, context?: CheckContext): Promise<SecurityPolicyFacts> {
  const forge = context ? forgeOf(context) : undefined;
  const found = view.files.find((file) => isSecurityPolicyFile(file.path) && file.mode !== '160000');
  if (found) return { file: policyFile(found.path, (await view.read(found.path)) ?? Buffer.alloc(0)), orgChecked: forge !== undefined };
  if (!forge) return { file: null, orgChecked: false };
  const org = await forge.orgSecurityPolicy();
  return { file: org ? { ...policyFile(org.location, org.content), fromOrg: true } : null, orgChecked: true };
}
