import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import type { RepoView } from '../types.js';

/** One step of a job: what Scorecard's matchers look at (`uses`, `with`, `run`). */
export interface WorkflowStep {
  uses: string | null;
  with: Record<string, string>;
  run: string | null;
  line: number;
}

export interface WorkflowJob {
  id: string;
  /** Line of the job's key, as actionlint reports a job's position. */
  line: number;
  /** A job that calls a reusable workflow (`jobs.<id>.uses`). */
  uses: string | null;
  steps: WorkflowStep[];
}

export interface ParsedWorkflow {
  path: string;
  jobs: WorkflowJob[];
}

/** A workflow that could not be parsed: reported with its line, the others are still scored. */
export interface WorkflowProblem {
  path: string;
  line?: number;
  message: string;
}

export interface WorkflowFacts {
  workflows: ParsedWorkflow[];
  problems: WorkflowProblem[];
}

/** Scorecard's IsWorkflowFile: `.yml`/`.yaml` directly in `.github/workflows` (directory compared lower-cased). */
export function isWorkflowFile(path: string): boolean {
  if (!/\.ya?ml$/.test(path)) return false;
  const slash = path.lastIndexOf('/');
  return slash >= 0 && path.slice(0, slash).toLowerCase() === '.github/workflows';
}

const scalarText = (node: unknown): string | null => {
  if (!isScalar(node)) return null;
  const { value } = node;
  return value === null || value === undefined ? null : String(value);
};

function lineOf(node: Node | null | undefined, counter: LineCounter): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 1 : counter.linePos(offset).line;
}

/** Parse one workflow's text. Pure: YAML syntax errors come back as a problem with a line. */
export function parseWorkflow(path: string, text: string): ParsedWorkflow | WorkflowProblem {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  const [error] = document.errors;
  if (error) return { path, line: counter.linePos(error.pos[0]).line, message: (error.message.split('\n')[0] ?? 'invalid YAML').replace(/:$/, '') };
  const jobs: WorkflowJob[] = [];
  const root = document.contents;
  const jobsNode = isMap(root) ? root.get('jobs', true) : undefined;
  if (isMap(jobsNode)) {
    for (const pair of jobsNode.items) {
      const id = scalarText(pair.key) ?? '';
      const job = pair.value;
      const steps: WorkflowStep[] = [];
      const stepsNode = isMap(job) ? job.get('steps', true) : undefined;
      if (stepsNode && 'items' in stepsNode && Array.isArray(stepsNode.items)) {
        for (const stepNode of stepsNode.items as unknown[]) {
          if (!isMap(stepNode)) continue;
          const withNode = stepNode.get('with', true);
          const inputs: Record<string, string> = {};
          if (isMap(withNode)) {
            for (const input of withNode.items) {
              const key = scalarText(input.key);
              const value = scalarText(input.value);
              if (key !== null && value !== null) inputs[key] = value;
            }
          }
          steps.push({ uses: scalarText(stepNode.get('uses', true)), with: inputs, run: scalarText(stepNode.get('run', true)), line: lineOf(stepNode, counter) });
        }
      }
      jobs.push({ id, line: lineOf(pair.key as Node, counter), uses: isMap(job) ? scalarText(job.get('uses', true)) : null, steps });
    }
  }
  return { path, jobs };
}

/** Read and parse every workflow of the view once; shared by Packaging, SAST and Binary-Artifacts. */
export async function collectWorkflows(view: RepoView): Promise<WorkflowFacts> {
  const facts: WorkflowFacts = { workflows: [], problems: [] };
  for (const file of view.files.filter((candidate) => isWorkflowFile(candidate.path))) {
    const text = await view.readText(file.path);
    if (text === null) continue;
    const parsed = parseWorkflow(file.path, text);
    if ('jobs' in parsed) facts.workflows.push(parsed);
    else facts.problems.push(parsed);
  }
  return facts;
}
