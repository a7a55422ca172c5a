/**
 * Triage decisions between the triage file and the store (`vigil triage record` writes them, the
 * workers' review jobs and `vigil review --triage-from-store` read them back). The file stays the
 * reviewed source; the store is how machines without the checkout apply the same decisions.
 */
import { InputError } from '../../errors.js';
import type { TriageDecision as StoredDecision } from '../../store/types.js';
import { VEX_JUSTIFICATIONS, type TriageEntry, type TriageStatus, type VexJustification } from '../types.js';

const STATUSES: readonly string[] = ['not_affected', 'affected', 'under_investigation'];

/**
 * The file's entries as the store keeps them. Two entries with the same vulnerability, package and
 * lines would be one row in the store, so they are refused with both file lines.
 */
export function decisionsFromEntries(project: string, entries: TriageEntry[], decidedAt: string, file: string): StoredDecision[] {
  const seen = new Map<string, TriageEntry>();
  return entries.map((entry) => {
    const key = JSON.stringify([entry.id, entry.package ?? '', [...new Set(entry.lines)].sort()]);
    const earlier = seen.get(key);
    if (earlier) throw new InputError(`${file}:${entry.line}: the same decision as line ${earlier.line} (${entry.id}, same package and lines); keep one`, { file, line: entry.line });
    seen.set(key, entry);
    return {
      project,
      vulnerability: entry.id,
      package: entry.package ?? '',
      lines: entry.lines,
      status: entry.status,
      justification: entry.justification,
      reason: entry.reason,
      decidedBy: entry.by,
      decidedAt,
      expires: entry.expires,
    };
  });
}

/** How specific a decision is: narrower scopes are tried first, as a reviewer would expect. */
function breadth(entry: TriageEntry): number {
  return (entry.package === null ? 1 : 0) + (entry.lines.length === 0 ? 2 : 0);
}

/**
 * Stored decisions as triage entries (line 0: not from a file, so never reported as unused). A
 * status or justification this vigil does not know (`fixed`, written by another tool) is skipped
 * and named in `skipped`, never guessed at.
 */
export function entriesFromDecisions(decisions: StoredDecision[]): { entries: TriageEntry[]; skipped: string[] } {
  const entries: TriageEntry[] = [];
  const skipped: string[] = [];
  for (const decision of decisions) {
    const justification = decision.justification;
    if (!STATUSES.includes(decision.status) || (justification !== null && !(VEX_JUSTIFICATIONS as readonly string[]).includes(justification))) {
      skipped.push(`${decision.vulnerability}: status ${decision.status}${justification ? `, justification ${justification}` : ''}`);
      continue;
    }
    entries.push({
      id: decision.vulnerability,
      package: decision.package === '' ? null : decision.package,
      lines: decision.lines,
      status: decision.status as TriageStatus,
      justification: justification as VexJustification | null,
      reason: decision.reason,
      expires: decision.expires,
      by: decision.decidedBy,
      line: 0,
    });
  }
  return { entries: entries.sort((a, b) => breadth(a) - breadth(b)), skipped };
}
