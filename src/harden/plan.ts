/**
 * Building the plan (STYLE.md rule 5): every selected fix on every file it applies to, in memory.
 * Nothing is written here; apply.ts writes the plan, diff.ts shows it.
 */
import { workflowFromDocument } from '../scorecard/workflow/parse.js';
import { ParseCache } from './edit/yaml-nodes.js';
import type { Workflow } from '../scorecard/workflow/parse.js';
import { fileFixes } from './fixes/registry.js';
import type { FixContext } from './fixes/registry.js';
import { DEPENDABOT_PATHS, hardenUpdateTool } from './fixes/update-tool.js';
import type { Knowledge } from './knowledge/load.js';
import { unfixableFindings } from './unfixable.js';

/** Files that may be shell scripts (a shell extension or none), read only for the report. */
function isScriptCandidate(path: string): boolean {
  const name = path.split('/').pop() ?? '';
  return /\.(sh|bash|mksh)$/.test(name) || !name.includes('.');
}
import type { ActionResolver, FilePlan, FixId, HardenInput, HardenPlan, ImageResolver, Skip } from './types.js';

export interface PlanOptions {
  fixes: FixId[];
  actions: ActionResolver | null;
  images: ImageResolver | null;
  knowledge: Knowledge;
}

/**
 * A workflow with more jobs than this is left alone with a reason (issue #20): one of 10,000 jobs
 * took 47 s and 690 MB, most of it in the diff (Myers, O(N·D) with thousands of edits). GitHub's
 * own cap is 256 jobs per matrix; real workflows hold tens.
 */
export const MAX_WORKFLOW_JOBS = 1000;

export async function planHarden(input: HardenInput, options: PlanOptions): Promise<HardenPlan> {
  const files: FilePlan[] = [];
  const skipped: Skip[] = [];
  const selected = fileFixes.filter((fix) => options.fixes.includes(fix.id));
  const originals = new Map<string, string>();
  for (const path of input.paths) {
    if (!selected.some((fix) => fix.appliesTo(path))) continue;
    const text = await input.read(path);
    if (text !== null) originals.set(path, text);
  }
  const parsed = new Map<string, Workflow | null>();
  const cache = new ParseCache();
  const context: FixContext = {
    cache,
    actions: options.actions,
    images: options.images,
    knowledge: options.knowledge,
    workflow: (path) => {
      if (!parsed.has(path)) {
        const text = originals.get(path);
        const result = text === undefined ? null : workflowFromDocument(path, text, cache.yaml(text).doc);
        parsed.set(path, result?.ok ? result.workflow : null);
      }
      return parsed.get(path) ?? null;
    },
  };
  for (const [path, before] of [...originals]) {
    const jobs = path.startsWith('.github/workflows/') ? (context.workflow(path)?.jobs.length ?? 0) : 0;
    if (jobs > MAX_WORKFLOW_JOBS) {
      skipped.push({ fix: 'pin', path, reason: `${jobs} jobs, over the ${MAX_WORKFLOW_JOBS} harden edits in one workflow; left as it is (split it, or harden it by hand)` });
      originals.delete(path);
      continue;
    }
    let text = before;
    const plan: FilePlan = { path, before, after: before, changes: [] };
    const lenient = /\.ya?ml$/.test(path) ? cache.yaml(before).lenient : null;
    const first = selected.find((fix) => fix.appliesTo(path));
    if (lenient !== null && first !== undefined) {
      skipped.push({
        fix: first.id,
        path,
        line: lenient.line,
        reason:
          `the strict YAML parser rejects this file (${lenient.message}), but GitHub and Scorecard accept it (go-yaml); ` +
          'harden reads it as go-yaml does and edits it in place (pins, permissions), leaving every other byte as written; ' +
          'it cannot edit a quoted value that continues on a less-indented line, nor anything after the first document',
      });
    }
    for (const fix of selected) {
      if (!fix.appliesTo(path)) continue;
      const result = await fix.run(path, text, context);
      text = result.text;
      plan.changes.push(...result.changes);
      skipped.push(...result.skipped);
    }
    plan.after = text;
    if (plan.after !== before) files.push(plan);
  }
  if (options.fixes.includes('update-tool')) {
    const existingPath = DEPENDABOT_PATHS.find((path) => input.paths.includes(path));
    const existingText = existingPath === undefined ? null : await input.read(existingPath);
    const existing = existingPath !== undefined && existingText !== null ? { path: existingPath, text: existingText } : null;
    const result = hardenUpdateTool(input.paths, existing);
    skipped.push(...result.skipped);
    if (result.changes.length > 0) files.push({ path: result.path, before: existing?.text ?? null, after: result.text, changes: result.changes });
  }
  if (options.fixes.includes('pin')) {
    // What Scorecard will still count after the edits, with what to do about it. Run steps,
    // RUN lines and scripts are not edited, so they are read as they were.
    const workflows: Workflow[] = [];
    const others: Record<string, string> = {};
    for (const [path, text] of originals) {
      const workflow = context.workflow(path);
      if (workflow !== null) workflows.push(workflow);
      else if (!path.startsWith('.github/workflows/')) others[path] = text;
    }
    for (const path of input.paths) {
      if (originals.has(path) || !isScriptCandidate(path)) continue;
      const text = await input.read(path);
      if (text !== null && text.length < 1024 * 1024) others[path] = text;
    }
    skipped.push(...(await unfixableFindings(workflows, others)));
  }
  return { root: input.root, fixes: options.fixes, files, skipped };
}
