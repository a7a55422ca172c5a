/**
 * Finding edit targets in YAML with their offsets in the original text. `yaml`'s node ranges
 * are offsets into the source, so a fix can replace exactly a scalar or insert beside a key.
 * Aliases are not followed: an anchored node is edited once, where it is written.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap } from 'yaml';

export interface ParsedYaml {
  doc: Document.Parsed;
  /** First YAML error, with its 1-based line; the file is then left alone. */
  error: { line: number; message: string } | null;
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
  if (first === undefined) return { doc, error: null };
  const line = text.slice(0, first.pos[0]).split('\n').length;
  return { doc, error: { line, message: first.message.split('\n')[0] ?? first.message } };
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
