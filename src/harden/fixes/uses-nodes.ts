/**
 * Every `uses:` scalar of a workflow (steps and job-level reusable workflows) with its offsets,
 * and whether a comment may follow it on its line (not inside a flow collection).
 */
import { isMap, isSeq } from 'yaml';
import { isFlow, mapEntries, parseYaml, seqItems, stringScalar, valueOf } from '../edit/yaml-nodes.js';
import type { ParseCache } from '../edit/yaml-nodes.js';

export interface UsesNode {
  value: string;
  /** Offsets of the scalar's text, quotes excluded. */
  start: number;
  end: number;
  /** Offset just after the scalar, closing quote included. */
  after: number;
  /** False inside `{ … }` or `[ … ]`, where a `#` would comment out the rest of the line. */
  commentable: boolean;
}

export function findUses(text: string, cache?: ParseCache): { nodes: UsesNode[]; error: { line: number; message: string } | null } {
  const { doc, error } = cache?.yaml(text) ?? parseYaml(text);
  if (error !== null) return { nodes: [], error };
  const nodes: UsesNode[] = [];
  const push = (node: unknown, commentable: boolean): void => {
    const scalar = stringScalar(node);
    if (scalar === null) return;
    const quoted = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
    // The raw text must be the value as written; escapes inside quotes are left alone.
    const inner = quoted ? text.slice(scalar.start + 1, scalar.end - 1) : text.slice(scalar.start, scalar.end);
    if (inner !== scalar.value) return;
    nodes.push({ value: scalar.value, start: quoted ? scalar.start + 1 : scalar.start, end: quoted ? scalar.end - 1 : scalar.end, after: scalar.end, commentable });
  };
  const jobs = valueOf(doc.contents, 'jobs');
  for (const { value: job } of mapEntries(jobs)) {
    if (!isMap(job)) continue;
    const flowJob = isFlow(jobs) || isFlow(job);
    push(valueOf(job, 'uses'), !flowJob);
    const steps = valueOf(job, 'steps');
    if (!isSeq(steps)) continue;
    for (const step of seqItems(steps)) push(valueOf(step, 'uses'), !flowJob && !isFlow(steps) && !isFlow(step));
  }
  return { nodes, error: null };
}
