/**
 * The repository's workflow files, read and parsed once per RepoView however many checks ask
 * (Pinned-Dependencies, Token-Permissions, Dangerous-Workflow all read them).
 */
import type { RepoView } from '../types.js';
import { containsCommands, isWorkflowFile, parseWorkflow } from '../workflow/parse.js';
import type { ParsedWorkflow, Workflow } from '../workflow/parse.js';
import type { ProcessingError } from '../pinning-types.js';
import { contentFiles } from './listing.js';

export interface WorkflowFile {
  path: string;
  text: string;
  /** False for files of comments and blank lines only, which Scorecard skips. */
  hasCommands: boolean;
  parsed: ParsedWorkflow;
}

const cache = new WeakMap<RepoView, Promise<WorkflowFile[]>>();

/** Every `.github/workflows/*.{yml,yaml}` file (folder matched without case), in path order. */
export function workflowFiles(view: RepoView): Promise<WorkflowFile[]> {
  let files = cache.get(view);
  if (files === undefined) {
    files = readWorkflows(view);
    cache.set(view, files);
  }
  return files;
}

async function readWorkflows(view: RepoView): Promise<WorkflowFile[]> {
  const paths = contentFiles(view)
    .filter((file) => isWorkflowFile(file.path))
    .map((file) => file.path)
    .sort();
  const files: WorkflowFile[] = [];
  for (const path of paths) {
    const text = await view.readText(path);
    if (text === null) continue;
    files.push({ path, text, hasCommands: containsCommands(text), parsed: parseWorkflow(path, text) });
  }
  return files;
}

/**
 * The workflows a check scores: files with commands that parse. An invalid one is recorded in
 * `errors` with its line (Scorecard's processing error) and the check goes on with the rest.
 */
export async function scorableWorkflows(view: RepoView, errors: ProcessingError[], prefix = ''): Promise<Array<{ path: string; workflow: Workflow }>> {
  const scorable: Array<{ path: string; workflow: Workflow }> = [];
  for (const file of await workflowFiles(view)) {
    if (!file.hasCommands) continue;
    if (!file.parsed.ok) {
      const { path, line, message } = file.parsed.problem;
      errors.push({ path, line, message: `${prefix}invalid workflow YAML: ${message}` });
      continue;
    }
    scorable.push({ path: file.path, workflow: file.parsed.workflow });
  }
  return scorable;
}
