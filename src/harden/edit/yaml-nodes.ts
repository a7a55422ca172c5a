/**
 * Finding edit targets in YAML with their offsets in the original text. `yaml`'s node ranges
 * are offsets into the source, so a fix can replace exactly a scalar or insert beside a key.
 * Aliases are not followed: an anchored node is edited once, where it is written.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node, Pair, Range, Scalar, YAMLMap } from 'yaml';
import { readWorkflowYaml } from '../../scorecard/workflow/yaml.js';
import { lineIndexAt, lineStarts } from '../../util/line-starts.js';

export interface ParsedYaml {
  doc: Document.Parsed;
  /** First YAML error, with its 1-based line; the file is then left alone. */
  error: { line: number; message: string } | null;
  /**
   * Set when the `yaml` package rejects the text but go-yaml (GitHub's and Scorecard's reading,
   * `scorecard/workflow/yaml.ts`) accepts it: the strict parser's complaint. `doc` is then
   * go-yaml's reading with its ranges moved onto the original text, so fixes edit in place.
   */
  lenient: { line: number; message: string } | null;
}

/** Parses each distinct text once within one plan (fixes run one after another on a file). */
export class ParseCache {
  private readonly parsed = new Map<string, ParsedYaml>();

  yaml(text: string): ParsedYaml {
    let found = this.parsed.get(text);
    if (found === undefined) {
      found = parseYaml(text);
      this.parsed.set(text, found);
    }
    return found;
  }
}

export function parseYaml(text: string): ParsedYaml {
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false });
  const first = doc.errors[0];
  if (first === undefined) return { doc, error: null, lenient: null };
  const line = text.slice(0, first.pos[0]).split('\n').length;
  const strict = { line, message: first.message.split('\n')[0] ?? first.message };
  const read = readWorkflowYaml(text);
  if (!read.ok) return { doc, error: strict, lenient: null };
  if (read.text !== text) moveRanges(read.doc, offsetMap(read.text, text));
  return { doc: read.doc, error: null, lenient: strict };
}

/**
 * Maps offsets of go-yaml's reading onto the original text. That reading keeps the original's
 * lines (a quoted scalar's continuation lines only change their leading white space, and text
 * after the first document may be cut), so an offset moves with its line, and within a changed
 * line with the common end of both versions of it.
 */
function offsetMap(from: string, to: string): (offset: number) => number {
  if (to.startsWith(from)) return (offset) => offset;
  const fromStarts = lineStarts(from);
  const toStarts = lineStarts(to);
  const lineEnd = (text: string, lineStarts: number[], index: number): number => (lineStarts[index + 1] ?? text.length + 1) - 1;
  return (offset) => {
    const low = lineIndexAt(fromStarts, offset);
    const fromStart = fromStarts[low] ?? 0;
    const toStart = toStarts[low] ?? to.length;
    const fromLine = from.slice(fromStart, lineEnd(from, fromStarts, low));
    const toLine = to.slice(toStart, lineEnd(to, toStarts, low));
    const column = offset - fromStart;
    // The last line of a cut reading is the start of the first line cut off.
    if (fromLine === toLine || (low === fromStarts.length - 1 && toLine.startsWith(fromLine))) return toStart + column;
    let common = 0;
    while (common < fromLine.length && common < toLine.length && fromLine[fromLine.length - 1 - common] === toLine[toLine.length - 1 - common]) common += 1;
    const fromHead = fromLine.length - common;
    const toHead = toLine.length - common;
    return column >= fromHead ? toStart + toHead + (column - fromHead) : toStart + Math.min(column, toHead);
  };
}

function moveRanges(doc: Document.Parsed, map: (offset: number) => number): void {
  if (doc.range !== undefined) doc.range = doc.range.map(map) as Range;
  visit(doc, (_key, node) => {
    if (isNode(node) && node.range !== undefined && node.range !== null) node.range = node.range.map(map) as Range;
  });
}

export function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair | undefined;
}

/** The value at `key`, or null when absent or an alias. */
export function valueOf(map: unknown, key: string): Node | null {
  const value = pairOf(map, key)?.value;
  if (value === undefined || value === null || isAlias(value)) return null;
  return value as Node;
}

export function mapEntries(map: unknown): { key: Scalar; value: Node | null; pair: Pair }[] {
  if (!isMap(map)) return [];
  return map.items.flatMap((pair) =>
    isScalar(pair.key) ? [{ key: pair.key, value: pair.value === null || isAlias(pair.value) ? null : (pair.value as Node), pair }] : [],
  );
}

export function seqItems(seq: unknown): Node[] {
  return isSeq(seq) ? (seq.items.filter((item) => item !== null && !isAlias(item)) as Node[]) : [];
}

/** A plain or quoted scalar string and its source range; null for anything else. */
export function stringScalar(node: unknown): { value: string; start: number; end: number; type: Scalar['type'] } | null {
  if (!isScalar(node) || typeof node.value !== 'string' || node.range === undefined || node.range === null) return null;
  return { value: node.value, start: node.range[0], end: node.range[1], type: node.type };
}

/** True when the map is written in flow style (`{ a: 1 }`), where comments cannot be added. */
export function isFlow(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && (node as YAMLMap).flow === true;
}
