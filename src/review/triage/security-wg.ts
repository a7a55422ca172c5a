/**
 * Import of the security-wg `vuln/deps` entries: the Node.js WG's published decisions that a
 * dependency CVE does not affect Node.js (`reason` is already an OpenVEX justification). Each CVE
 * becomes one triage entry, attributed to the WG and pointing at the assessment issue.
 */
import { readdir,  } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Assessment } from '../../advisories/node-core.js';
import { fsReason, InputError } from '../../errors.js';
import { VEX_JUSTIFICATIONS, type TriageEntry } from '../types.js';
import { parseJsonInput, readInputText } from '../../util/read-input.js';

/** One `vuln/deps/<n>.json` as the WG writes it. */
export const DepsEntry = z.object({
  cve: z.array(z.string()).min(1),
  description: z.string().optional(),
  overview: z.string().optional(),
  ref: z.string().optional(),
  reason: z.enum(VEX_JUSTIFICATIONS),
});
export type DepsEntry = z.infer<typeof DepsEntry>;

/** Triage entries for the decisions of one deps entry. */
export function triageFromDepsEntry(entry: DepsEntry): TriageEntry[] {
  const reason = [entry.overview ?? entry.description ?? 'see the assessment', entry.ref ? `(${entry.ref})` : ''].join(' ').trim();
  return entry.cve.map((id) => ({ id, package: null, lines: [], status: 'not_affected', justification: entry.reason, reason, expires: null, by: 'nodejs/security-wg', line: 0 }));
}

/** Read every numbered entry of a `vuln/deps` directory (index.json is a copy, so it is skipped). */
export async function readDepsDirectory(dir: string): Promise<TriageEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /^\d+\.json$/.test(name)).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  } catch (error) {
    throw new InputError(`${dir}: cannot read the vuln/deps directory: ${fsReason(error)}`, { file: dir, cause: error });
  }
  const entries: TriageEntry[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let raw: unknown;
    try {
      raw = parseJsonInput(await readInputText(file, { kind: 'triage' }), file);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`${file}: not valid JSON: ${(error as Error).message}`, { file, cause: error });
    }
    const parsed = DepsEntry.safeParse(raw);
    if (!parsed.success) throw new InputError(`${file}: not a vuln/deps entry: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, { file });
    entries.push(...triageFromDepsEntry(parsed.data));
  }
  return entries;
}

/** Add imported entries the file does not already hold (same id and package), keeping the file's own. */
export function mergeImported(existing: TriageEntry[], imported: TriageEntry[]): { entries: TriageEntry[]; added: number } {
  const key = (entry: TriageEntry): string => `${entry.id.toUpperCase()}\u0000${entry.package ?? ''}`;
  const have = new Set(existing.map(key));
  const added = imported.filter((entry) => !have.has(key(entry)));
  return { entries: [...existing, ...added], added: added.length };
}

/** The same decisions as the advisory store holds them (`store.assessments()`, imported from vuln/deps). */
export function triageFromAssessments(assessments: Assessment[]): TriageEntry[] {
  return assessments.flatMap((assessment) => {
    const parsed = DepsEntry.safeParse({ cve: assessment.vulnerabilities, overview: assessment.statement, ref: assessment.ref, reason: assessment.justification });
    return parsed.success ? triageFromDepsEntry(parsed.data) : [];
  });
}
