/**
 * Least-privilege token permissions for a workflow without a top-level `permissions:`: a
 * top-level `contents: read`, and for each job that needs more, a job-level block listing what
 * it needs, each scope with a comment saying why. When a job's needs cannot be known, that job
 * is left alone and reported, and the top-level block is not added (it would restrict that job).
 */
import { isMap, isScalar } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { Knowledge } from '../knowledge/load.js';
import { jobNeeds } from '../permissions/needs.js';
import type { Need, Scope, WorkflowLookup } from '../permissions/needs.js';
import { workflowFromDocument } from '../../scorecard/workflow/parse.js';
import type { Workflow, WorkflowPermissions } from '../../scorecard/workflow/parse.js';
import { applyEdits, indentAt, lineEnding, lineOf, lineStart, nextLineStart } from '../edit/text-edits.js';
import type { TextEdit } from '../edit/text-edits.js';
import { isFlow, pairOf, parseYaml } from '../edit/yaml-nodes.js';
import type { ParseCache } from '../edit/yaml-nodes.js';
import type { Change, FixResult, Skip } from '../types.js';

const TOP_COMMENT = 'least privilege for every job; jobs that need more say so below';

function grantsWrite(permissions: WorkflowPermissions): boolean {
  if (permissions.all !== null) return permissions.all.value !== '' && permissions.all.value !== 'read-all';
  return permissions.scopes.some((scope) => scope.value.value === 'write');
}

/** Comment-preserving insertion point: before `key`'s line and the comment lines just above it. */
function insertionPoint(text: string, keyOffset: number): number {
  let at = lineStart(text, keyOffset);
  const indent = indentAt(text, keyOffset);
  while (at > 0) {
    const previous = lineStart(text, at - 1);
    const line = text.slice(previous, at).replace(/\r?\n$/, '');
    if (!line.startsWith(`${indent}#`)) break;
    at = previous;
  }
  return at;
}

/** Up to three reasons on the line; the rest are counted, so the comment stays readable. */
function describe(reasons: string[]): string {
  const shown = reasons.slice(0, 3).join('; ').replace(/\s+/g, ' ');
  return reasons.length > 3 ? `${shown}; and ${reasons.length - 3} more` : shown;
}

function block(needs: Map<Scope, Need>, indent: string, unit: string, eol: string): string {
  if (needs.size === 0) return `${indent}permissions: {} # this job needs no token permission${eol}`;
  const lines = [...needs]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([scope, need]) => `${indent}${unit}${scope}: ${need.level} # ${describe(need.reasons)}`);
  return `${indent}permissions:${eol}${lines.join(eol)}${eol}`;
}

/**
 * `model` is the workflow as read before pinning (pinning changes no structure and no line), so
 * that a plan parses each file's structure once; without it the text is read here.
 */
export function hardenPermissions(path: string, text: string, knowledge: Knowledge, lookup: WorkflowLookup, options: { cache?: ParseCache; model?: Workflow | null } = {}): FixResult {
  const changes: Change[] = [];
  const skipped: Skip[] = [];
  const result = (out = text): FixResult => ({ text: out, changes, skipped });
  const { doc, error } = options.cache?.yaml(text) ?? parseYaml(text);
  const parsed = error === null && !options.model ? workflowFromDocument(path, text, doc) : null;
  const workflow = options.model ?? (parsed?.ok ? parsed.workflow : null);
  if (workflow === null || error !== null) {
    skipped.push({ fix: 'permissions', path, line: error?.line ?? 1, reason: `not valid YAML: ${error?.message ?? ''}` });
    return result();
  }
  // A read-only top level already bounds every job; a writing one is replaced when every job
  // relying on it can be given what it needs instead.
  if (workflow.permissions !== null && !grantsWrite(workflow.permissions)) return result();
  const root = doc.contents;
  const jobsPair = pairOf(root, 'jobs');
  const jobsMap = jobsPair?.value;
  if (!isMap(root) || jobsPair === undefined || !isMap(jobsMap) || isFlow(root) || isFlow(jobsMap)) {
    skipped.push({ fix: 'permissions', path, reason: 'no block-style `jobs:` mapping to edit' });
    return result();
  }
  const eol = lineEnding(text);
  const firstJobKey = (jobsMap.items[0]?.key ?? null) as Node | null;
  const unit = firstJobKey?.range ? indentAt(text, firstJobKey.range[0]) || '  ' : '  ';

  const edits: TextEdit[] = [];
  const jobEdits: { edit: TextEdit; change: Change; needsMore: boolean }[] = [];
  let anyUnknown = false;
  for (const job of workflow.jobs) {
    if (job.permissions !== null) continue;
    const needs = jobNeeds(workflow, job, knowledge, lookup);
    if (!needs.known) {
      anyUnknown = true;
      for (const reason of needs.reasons) skipped.push({ fix: 'permissions', path, line: job.line, reason: `job ${job.id}: ${reason}` });
      continue;
    }
    const pair = jobsMap.items.find((item: Pair) => isScalar(item.key) && item.key.value === job.id);
    const body = pair?.value;
    if (!isMap(body) || isFlow(body) || body.items.length === 0) {
      anyUnknown = true;
      skipped.push({ fix: 'permissions', path, line: job.line, reason: `job ${job.id}: not a block-style mapping` });
      continue;
    }
    const anchor = (pairOf(body, 'steps') ?? pairOf(body, 'uses') ?? body.items[0]) as Pair;
    const keyOffset = (anchor.key as Node).range?.[0] ?? 0;
    const indent = indentAt(text, keyOffset);
    const at = insertionPoint(text, keyOffset);
    const onlyRead = [...needs.needs].every(([scope, need]) => scope === 'contents' && need.level === 'read');
    const summary = needs.needs.size === 0 ? 'none' : [...needs.needs].map(([scope, need]) => `${scope}: ${need.level}`).join(', ');
    jobEdits.push({
      edit: { start: at, end: at, text: block(needs.needs, indent, unit.length > 0 ? unit : '  ', eol) },
      change: { fix: 'permissions', path, line: lineOf(text, at), description: `job ${job.id}: permissions ${summary}` },
      needsMore: !onlyRead,
    });
  }
  const topText = `permissions:${eol}${unit}contents: read # ${TOP_COMMENT}${eol}`;
  const existing = pairOf(root, 'permissions');
  if (existing !== undefined && anyUnknown) {
    skipped.push({ fix: 'permissions', path, line: workflow.permissions?.line ?? 1, reason: 'top-level permissions grant write access and a job relying on them has needs that cannot be known' });
    return result();
  }
  if (!anyUnknown && existing !== undefined) {
    // Replace the writing block (key through its last value line) with the read-only one.
    const start = lineStart(text, (existing.key as Node).range?.[0] ?? 0);
    const valueEnd = (existing.value as Node | null)?.range?.[1] ?? (existing.key as Node).range?.[1] ?? start;
    const end = nextLineStart(text, Math.max(start, valueEnd - 1));
    edits.push({ start, end, text: topText });
    changes.push({ fix: 'permissions', path, line: lineOf(text, start), description: 'top-level write permissions replaced by contents: read; jobs get what they need' });
  } else if (!anyUnknown) {
    const keyOffset = (jobsPair.key as Node).range?.[0] ?? 0;
    const at = insertionPoint(text, keyOffset);
    edits.push({ start: at, end: at, text: `${topText}${eol}` });
    changes.push({ fix: 'permissions', path, line: lineOf(text, at), description: 'top-level permissions: contents: read' });
  }
  if (!anyUnknown) {
    // With contents: read at the top, only jobs needing more get their own block.
    for (const job of jobEdits) {
      if (!job.needsMore) continue;
      edits.push(job.edit);
      changes.push(job.change);
    }
  } else {
    skipped.push({ fix: 'permissions', path, line: lineOf(text, (jobsPair.key as Node).range?.[0] ?? 0), reason: 'top-level permissions not added: a job above needs a permission that cannot be known' });
    for (const job of jobEdits) {
      edits.push(job.edit);
      changes.push(job.change);
    }
  }
  return result(applyEdits(text, edits));
}
