import { readdir,  } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { fsReason, InputError } from '../../errors.js';
import { parseJsonInput, readInputText } from '../../util/read-input.js';

/**
 * Environments the security-wg validator (tools/vuln_valid) accepts in `affectedEnvironments`:
 * `all` or a value of Node's `os.platform()`, so `win32`, never `win`.
 */
export const CORE_ENVIRONMENTS = ['all', 'aix', 'darwin', 'freebsd', 'linux', 'openbsd', 'sunos', 'win32', 'android'] as const;

/**
 * One `vuln/core/<n>.json` entry of nodejs/security-wg, as its validator defines it. Kept
 * permissive where the real data is (passthrough), so reading never drops a field; `validate`
 * reports what the WG's own rules reject.
 */
export const CoreEntry = z
  .object({
    cve: z.array(z.string()),
    vulnerable: z.string(),
    patched: z.string().optional(),
    ref: z.string().optional(),
    description: z.string().optional(),
    overview: z.string().optional(),
    author: z.string().optional(),
    publish_date: z.string().optional(),
    type: z.string().optional(),
    cvss_score: z.number().optional(),
    cvss: z.string().optional(),
    reported_by: z.string().optional(),
    affectedEnvironments: z.array(z.string()),
    severity: z.string().optional(),
  })
  .passthrough();
export type CoreEntry = z.infer<typeof CoreEntry>;

export interface CoreEntryFile {
  /** The entry number: the file name without `.json`. */
  id: number;
  file: string;
  /** Parsed JSON as it is on disk (may fail CoreEntry; validate says why). */
  raw: unknown;
}

export interface CoreDirectory {
  dir: string;
  entries: CoreEntryFile[];
  /** index.json as it is on disk; null when absent. */
  index: Record<string, unknown> | null;
}

/** Read every numbered entry and index.json of a `vuln/core` directory. */
export async function readCoreDirectory(dir: string): Promise<CoreDirectory> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new InputError(`${dir}: cannot read the vuln/core directory: ${fsReason(error)}`, { file: dir, cause: error });
  }
  const entries: CoreEntryFile[] = [];
  let index: Record<string, unknown> | null = null;
  for (const name of names) {
    const file = join(dir, name);
    if (!name.endsWith('.json')) continue;
    const text = await readInputText(file, { kind: 'advisory' });
    let raw: unknown;
    try {
      raw = parseJsonInput(text, file);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`${file}: not valid JSON: ${(error as Error).message}`, { file, cause: error });
    }
    if (name === 'index.json') index = raw as Record<string, unknown>;
    else if (/^\d+\.json$/.test(name)) entries.push({ id: Number(name.slice(0, -5)), file, raw });
  }
  entries.sort((a, b) => a.id - b.id);
  return { dir, entries, index };
}

/** Entry files are written as the WG writes them: two-space JSON with a trailing newline. */
export function serialiseCoreEntry(entry: CoreEntry): string {
  return `${JSON.stringify(entry, null, 2)}\n`;
}

/** index.json maps every entry number to its content (tools/create_index). */
export function renderCoreIndex(entries: { id: number; raw: unknown }[]): string {
  const index: Record<string, unknown> = {};
  for (const entry of [...entries].sort((a, b) => a.id - b.id)) index[String(entry.id)] = entry.raw;
  return JSON.stringify(index, null, 2);
}
