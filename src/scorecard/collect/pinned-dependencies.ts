/**
 * Raw facts for Pinned-Dependencies (Scorecard's checks/raw/pinned_dependencies.go): actions and
 * reusable workflows in workflows, FROM images in Dockerfiles (ARG substitution, multi-stage
 * names), and downloads or package installs in shell scripts, `run:` steps and RUN lines.
 */
import { posix } from 'node:path';
import type { RepoView } from '../types.js';
import type { PinningFacts } from '../pinning-types.js';
import { scorableWorkflows } from './workflow-files.js';
import { collectActionPins, collectRunSteps } from './pinned-workflows.js';
import { collectDockerfile, isDockerfileCandidate } from './pinned-dockerfiles.js';
import { isShellScriptCandidate, isSupportedShellScript } from './shell-scripts.js';
import { scanShell } from '../shell/scan.js';
import { contentFiles } from './listing.js';

/** Scripts larger than this are reported and skipped, never parsed. */
export const MAX_SCRIPT_BYTES = 1024 * 1024;

export async function collectPinnedDependencies(view: RepoView): Promise<PinningFacts> {
  const facts: PinningFacts = { dependencies: [], errors: [] };
  for (const file of await scorableWorkflows(view, facts.errors, 'Possibly incomplete results: ')) {
    // Scorecard matches `.github/workflows/*` with case for actions, without for `run:` steps.
    if (posix.dirname(file.path) === '.github/workflows') collectActionPins(file.workflow, facts);
    collectRunSteps(file.workflow, facts);
  }
  for (const file of contentFiles(view)) {
    const dockerfile = isDockerfileCandidate(file.path);
    const script = isShellScriptCandidate(file);
    if (!dockerfile && !script) continue;
    if (file.size !== null && file.size > MAX_SCRIPT_BYTES) {
      facts.errors.push({ path: file.path, message: `Possibly incomplete results: file of ${file.size} bytes not analysed` });
      continue;
    }
    const text = await view.readText(file.path);
    if (text === null || text.includes('\u0000')) continue;
    if (dockerfile) collectDockerfile(file.path, text, facts);
    if (isSupportedShellScript(file.path, text)) scanShell(file.path, 0, 0, text, new Set(), facts);
  }
  return facts;
}
