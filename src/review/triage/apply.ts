/**
 * Applying triage to findings. An entry matches a finding when its id is any of the finding's
 * aliases and its scope (package, release lines) fits. Expired entries no longer apply, so their
 * findings return; expired and unused entries are reported, so the file does not rot.
 */
import type { Finding, ReviewTarget, TriageEntry } from '../types.js';

/** Whether an entry is in force on `today` (YYYY-MM-DD): the expiry day itself still counts. */
export function isExpired(entry: TriageEntry, today: string): boolean {
  return entry.expires !== null && entry.expires < today;
}

export function entryMatches(entry: TriageEntry, finding: Finding): boolean {
  const id = entry.id.toUpperCase();
  if (!finding.aliases.some((alias) => alias.toUpperCase() === id)) return false;
  if (entry.package !== null && entry.package !== finding.package) return false;
  if (entry.lines.length > 0 && (finding.line === null || !entry.lines.includes(finding.line))) return false;
  return true;
}

/** Mark findings in place with the first matching entry; return the unused and expired entries. */
export function applyTriage(targets: ReviewTarget[], entries: TriageEntry[], now: Date): { unused: TriageEntry[]; expired: TriageEntry[] } {
  const today = now.toISOString().slice(0, 10);
  const expired = entries.filter((entry) => isExpired(entry, today));
  const active = entries.filter((entry) => !isExpired(entry, today));
  const used = new Set<TriageEntry>();
  for (const finding of targets.flatMap((target) => target.findings)) {
    const entry = active.find((candidate) => entryMatches(candidate, finding));
    if (!entry) continue;
    used.add(entry);
    finding.triage = { status: entry.status, justification: entry.justification, reason: entry.reason, by: entry.by, expires: entry.expires, entryLine: entry.line };
  }
  return { unused: active.filter((entry) => !used.has(entry)), expired };
}

/** Findings a triage decision has not set aside: everything except `not_affected`. */
export function activeFindings(findings: Finding[]): Finding[] {
  return findings.filter((finding) => finding.triage?.status !== 'not_affected');
}
