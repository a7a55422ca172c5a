import { join } from 'node:path';
import { readCoreDirectory } from '../../formats/security-wg/core-entry.js';
import { entryText, planFinalize } from '../finalize.js';
import { mergeStatements, vexDocument, type VexDocument } from '../../formats/openvex/write.js';
import { fixedStatements } from '../vex-statements.js';
import type { StepPlan } from '../types.js';
import { currentText, emptyPlan, planData, planWrite, requireData, type ReleaseContext } from './context.js';
import { validateVulnerabilitiesJson } from '../validate.js';

/**
 * `finalize`: write this release's `vuln/core/<n>.json` entries (next free numbers), regenerate
 * `vuln/core/index.json`, and merge `fixed` OpenVEX statements into the WG's OpenVEX file.
 */
export async function planFinalizeStep(context: ReleaseContext, options: { vulnDir: string; openvexFile?: string }): Promise<StepPlan> {
  const plan = emptyPlan('finalize');
  const data = requireData(plan, context);
  if (!data) return plan;
  for (const problem of validateVulnerabilitiesJson(data, context.paths.file, 'publish')) {
    if (problem.severity === 'error') plan.refusals.push(`${problem.path}: ${problem.message}`);
  }
  const core = await readCoreDirectory(join(options.vulnDir, 'core'));
  const finalize = planFinalize(data, core);
  plan.refusals.push(...finalize.problems.map((problem) => `${problem.path}: ${problem.message}`));
  if (plan.refusals.length > 0) return plan;
  for (const entry of finalize.entries) {
    if (entry.action === 'unchanged') plan.actions.push(`unchanged: ${entry.file} (${entry.entry.cve.join(', ')})`);
    else await planWrite(plan, entry.file, entryText(entry), `${entry.action === 'create' ? 'new entry' : 'update entry'} ${entry.id} for ${entry.entry.cve.join(', ')}`);
  }
  if (finalize.indexChanged) await planWrite(plan, join(options.vulnDir, 'core', 'index.json'), finalize.indexText, 'regenerated index');
  const vex = fixedStatements(finalize.entries.map((entry) => entry.entry));
  plan.refusals.push(...vex.problems);
  const vexPath = options.openvexFile ?? join(context.outputDir, 'release.openvex.json');
  const existingText = await currentText(vexPath);
  const existing = existingText === null ? null : (JSON.parse(existingText) as VexDocument);
  const statements = mergeStatements(existing?.statements ?? [], vex.statements);
  const unchanged = existing !== null && JSON.stringify(existing.statements) === JSON.stringify(statements);
  if (unchanged) plan.actions.push(`unchanged: ${vexPath}`);
  else {
    const document = vexDocument(statements, { author: existing?.author ?? 'Node.js Security WG', role: existing?.role ?? 'Project', now: context.now });
    await planWrite(plan, vexPath, `${JSON.stringify(document, null, 2)}\n`, `${vex.statements.length} fixed statement(s)`);
  }
  const ids = finalize.entries.map((entry) => entry.id).join(', ');
  await planData(plan, context, data, { step: 'finalize', note: `vuln/core entries ${ids}` });
  return plan;
}
