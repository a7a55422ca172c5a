/**
 * The triage file (`.vigil/triage.yaml`; format in src/review/README.md): reviewed decisions about
 * findings, each with a reason, who decided and, optionally, an expiry and a scope. Read strictly:
 * an unknown field, a bad status or justification, or a date that is not a real YYYY-MM-DD is an
 * InputError naming the file and line, because a typo must never silently hide a finding.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node, type YAMLMap } from 'yaml';
import { InputError, quote } from '../../errors.js';
import { VEX_JUSTIFICATIONS, type TriageEntry, type TriageStatus, type VexJustification } from '../types.js';

const ENTRY_KEYS = ['id', 'package', 'lines', 'status', 'justification', 'reason', 'expires', 'by'] as const;
const STATUSES: TriageStatus[] = ['not_affected', 'affected', 'under_investigation'];

/** A real calendar date in YYYY-MM-DD form. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Parse triage file text. `file` is used in error messages only. */
export function parseTriageFile(text: string, file: string): TriageEntry[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  const fail = (message: string, node?: Node | null): never => {
    const line = lineOf(node);
    throw new InputError(`${file}:${line}: ${message}`, { file, line });
  };
  const firstError = document.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0].line ?? 1;
    throw new InputError(`${file}:${line}: not valid YAML: ${firstError.message.split('\n')[0]}`, { file, line });
  }
  if (document.contents === null) return [];
  const root = document.contents;
  if (!isMap(root)) return fail('expected a mapping with `version: 1` and `entries:`', root);
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'version' && key !== 'entries') fail(`unknown field ${quote(key)} (expected version, entries)`, pair.key as Node);
  }
  const version = root.get('version', true);
  if (version !== undefined && (!isScalar(version) || (version.value as unknown) !== 1)) fail('`version` must be 1', version as Node);
  const entries = root.get('entries', true);
  if (entries === undefined || (isScalar(entries) && entries.value === null)) return [];
  if (!isSeq(entries)) return fail('`entries` must be a list', entries as Node);
  return entries.items.map((item) => (isMap(item) ? readEntry(item, lineOf, fail) : fail('each entry must be a mapping', item as Node)));
}

function readEntry(map: YAMLMap, lineOf: (node: Node | null | undefined) => number, fail: (message: string, node?: Node | null) => never): TriageEntry {
  const values = new Map<string, { value: unknown; node: Node }>();
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(ENTRY_KEYS as readonly string[]).includes(key)) fail(`unknown field ${quote(key)} (expected ${ENTRY_KEYS.join(', ')})`, pair.key as Node);
    const node = (pair.value ?? pair.key) as Node;
    values.set(key, { value: isScalar(node) ? node.value : isSeq(node) ? node.toJSON() : node, node });
  }
  const text = (key: string, required: boolean): string | null => {
    const entry = values.get(key);
    if (entry === undefined || entry.value === null) return required ? fail(`entry is missing \`${key}\``, map) : null;
    if (typeof entry.value !== 'string' && typeof entry.value !== 'number') return fail(`\`${key}\` must be text, found ${quote(JSON.stringify(entry.value))}`, entry.node);
    return String(entry.value).trim();
  };
  const id = text('id', true) as string;
  const status = (text('status', false) ?? 'not_affected') as TriageStatus;
  if (!STATUSES.includes(status)) fail(`\`status\` must be one of ${STATUSES.join(', ')}, found ${quote(status)}`, values.get('status')?.node);
  const justification = text('justification', false);
  if (justification !== null && !(VEX_JUSTIFICATIONS as readonly string[]).includes(justification)) {
    fail(`\`justification\` must be an OpenVEX justification (${VEX_JUSTIFICATIONS.join(', ')}), found ${quote(justification)}`, values.get('justification')?.node);
  }
  if (status === 'not_affected' && justification === null) fail('a not_affected entry needs a `justification`', map);
  const expires = text('expires', false);
  if (expires !== null && !isIsoDate(expires)) fail(`\`expires\` must be a date as YYYY-MM-DD, found ${quote(expires)}`, values.get('expires')?.node);
  const lines = values.get('lines');
  let lineList: string[] = [];
  if (lines !== undefined) {
    const raw = typeof lines.value === 'string' ? [lines.value] : lines.value;
    if (!Array.isArray(raw) || raw.some((line) => typeof line !== 'string')) fail('`lines` must be a list of release lines (git refs)', lines.node);
    lineList = raw as string[];
  }
  return {
    id,
    package: text('package', false),
    lines: lineList,
    status,
    justification: justification as VexJustification | null,
    reason: text('reason', true) as string,
    expires,
    by: text('by', true) as string,
    line: lineOf(map),
  };
}

/** Entries as the file writes them (the import command appends these). */
export function serialiseTriageFile(entries: TriageEntry[]): string {
  const plain = entries.map((entry) => ({
    id: entry.id,
    ...(entry.package ? { package: entry.package } : {}),
    ...(entry.lines.length ? { lines: entry.lines } : {}),
    status: entry.status,
    ...(entry.justification ? { justification: entry.justification } : {}),
    reason: entry.reason,
    ...(entry.expires ? { expires: entry.expires } : {}),
    by: entry.by,
  }));
  return `# Vigil triage file: decisions about findings (format: src/review/README.md)\n${stringify({ version: 1, entries: plain }, { lineWidth: 0 })}`;
}
