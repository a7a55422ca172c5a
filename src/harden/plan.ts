/**
 * Building the plan (STYLE.md rule 5): every selected fix on every file it applies to, in memory.
 * Nothing is written here; apply.ts writes the plan, diff.ts shows it.
 */
import { parseWorkflow } from '../scorecard/workflow/parse.js';
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
  const context: FixContext = {
    actions: options.actions,
    images: options.images,
    knowledge: options.knowledge,
    workflow: (path) => {
      if (!parsed.has(path)) {
        const text = originals.get(path);
        const result = text === undefined ? null : parseWorkflow(path, text);
        parsed.set(path, result?.ok ? result.workflow : null);
      }
      return parsed.get(path) ?? null;
    },
  };
  for (const [path, before] of originals) {
    let text = before;
    const plan: FilePlan = { path, before, after: before, changes: [] };
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
    // What Scorecard will still count after the edits, with what to do about it.
    const hardened: Record<string, string> = {};
    for (const [path, text] of originals) hardened[path] = text;
    for (const file of files) if (originals.has(file.path)) hardened[file.path] = file.after;
    for (const path of input.paths) {
      if (hardened[path] !== undefined || !isScriptCandidate(path)) continue;
      const text = await input.read(path);
      if (text !== null && text.length < 1024 * 1024) hardened[path] = text;
    }
    skipped.push(...(await unfixableFindings(hardened)));
  }
  return { root: input.root, fixes: options.fixes, files, skipped };
}
