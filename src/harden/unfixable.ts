/**
 * Pinned-Dependencies findings harden cannot fix by editing (installs and downloads in scripts
 * and `run:` steps): found by running the scorecard collector on the hardened files, and
 * reported with what a maintainer can do instead.
 */
import { collectPinnedDependencies } from '../scorecard/collect/pinned-dependencies.js';
import { memoryView } from '../scorecard/memory-view.js';
import type { DependencyType } from '../scorecard/pinning-types.js';
import type { Skip } from './types.js';
import { collectRunSteps } from '../scorecard/collect/pinned-workflows.js';
import type { Workflow } from '../scorecard/workflow/parse.js';

const ADVICE: Partial<Record<DependencyType, string>> = {
  npmCommand: 'resolves versions when it runs; use `npm ci` with a committed lockfile',
  pipCommand: 'installs without hashes; pin with `--require-hashes` (pip-compile --generate-hashes)',
  goCommand: 'installs without a fixed version; add `@vX.Y.Z` or a commit',
  downloadThenRun: 'runs a script downloaded at run time; fetch a fixed version and check its hash',
  chocoCommand: 'installs without `--requirechecksum`',
  nugetCommand: 'restores without a lockfile; enable locked mode',
};

/** `workflows` as parsed for the plan; `files` the Dockerfiles and possible scripts, by path. */
export async function unfixableFindings(workflows: Workflow[], files: Record<string, string>): Promise<Skip[]> {
  const facts = await collectPinnedDependencies(memoryView(files));
  for (const workflow of workflows) collectRunSteps(workflow, facts);
  return facts.dependencies.flatMap((dependency) => {
    const advice = ADVICE[dependency.type];
    if (dependency.pinned || advice === undefined) return [];
    const snippet = dependency.snippet.split('\n')[0]?.slice(0, 80) ?? '';
    return [{ fix: 'pin' as const, path: dependency.path, line: dependency.line, reason: `\`${snippet}\` ${advice} (not fixed automatically)` }];
  });
}
