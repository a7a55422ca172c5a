/**
 * GitHub workflow files read into the parts Scorecard's checks look at, with 1-based lines
 * where actionlint (Scorecard's parser) puts them: a job at its key, a step at its first key,
 * a value (`uses:`, `run:`, a permission) at the value itself, a block scalar at its `|`.
 * YAML aliases are not followed (actionlint does not follow them either), so a node is counted
 * once, where it is written.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { readWorkflowYaml } from './yaml.js';
import { lineIndexAt, lineStarts } from '../../util/line-starts.js';

/** A scalar value and the line where it is written. */
export interface Located {
  value: string;
  line: number;
}

/** `permissions:` as written: a scalar (`read-all`, `write-all`, empty) or a map of scopes. */
export interface WorkflowPermissions {
  line: number;
  all: Located | null;
  scopes: { name: string; value: Located }[];
}

export interface WorkflowStep {
  line: number;
  name: string | null;
  uses: Located | null;
  run: Located | null;
  /**
   * What to add to a 1-based line of the `run:` script to get its line in the file: the line of
   * the `|` for a block scalar (the script starts below it), else the line before the value (a
   * single-line `run: curl … | sh` is its own line 1).
   */
  runLineOffset: number;
  shell: string | null;
  if: string | null;
  with: Map<string, Located>;
  /** `env:` values as written (harden looks for the workflow token in them). */
  env: Map<string, string>;
}

export interface WorkflowJob {
  id: string;
  line: number;
  name: string | null;
  permissions: WorkflowPermissions | null;
  /** `runs-on` labels; a lone expression (`${{ matrix.os }}`) is one label. */
  runsOn: string[];
  /** `strategy.matrix.os` values and `os` values of `strategy.matrix.include`. */
  matrixOs: string[];
  defaultShell: string | null;
  /** A job-level reusable workflow (`jobs.<id>.uses`). */
  uses: Located | null;
  /** `with:` of a reusable-workflow job. */
  with: Map<string, Located>;
  env: Map<string, string>;
  steps: WorkflowStep[];
}

export interface Workflow {
  path: string;
  /** Event names under `on:`. */
  events: string[];
  permissions: WorkflowPermissions | null;
  env: Map<string, string>;
  jobs: WorkflowJob[];
}

/** A workflow that is not valid YAML: where, and why. */
export interface WorkflowProblem {
  path: string;
  line: number;
  message: string;
}

export type ParsedWorkflow = { ok: true; workflow: Workflow } | { ok: false; problem: WorkflowProblem };

/**
 * Reads one workflow as go-yaml v3 accepts it (`yaml.ts`); invalid YAML comes back as a problem
 * with its line, never a throw.
 */
export function parseWorkflow(path: string, text: string): ParsedWorkflow {
  const read = readWorkflowYaml(text);
  if (!read.ok) return { ok: false, problem: { path, line: lineIndexAt(lineStarts(read.text), read.offset) + 1, message: read.message } };
  // read.text has the input's lines (only indentation inside quoted scalars may differ).
  return workflowFromDocument(path, read.text, read.doc);
}

/** The same, from a document already parsed from `text` (harden parses each file once). */
export function workflowFromDocument(path: string, text: string, doc: Document.Parsed): ParsedWorkflow {
  const starts = lineStarts(text);
  const lineAt = (offset: number): number => lineIndexAt(starts, offset) + 1;
  const error = doc.errors[0];
  if (error !== undefined) {
    return { ok: false, problem: { path, line: lineAt(error.pos[0]), message: (error.message.split('\n')[0] ?? error.message).replace(/:$/, '') } };
  }
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lineAt(node.range[0]) : 0);
  const root = isMap(doc.contents) ? doc.contents : null;
  const workflow: Workflow = { path, events: [], permissions: null, env: new Map(), jobs: [] };
  if (root === null) return { ok: true, workflow };

  const located = (node: unknown): Located | null =>
    isScalar(node) ? { value: node.value === null ? '' : String(node.value), line: lineOf(node) } : null;
  const text_ = (node: unknown): string | null => located(node)?.value ?? null;

  const permissions = (pair: Pair | undefined): WorkflowPermissions | null => {
    if (pair === undefined) return null;
    const value = pair.value;
    const line = lineOf(pair.key as Node);
    if (isMap(value)) {
      const scopes = entries(value).flatMap(([name, node]) => {
        const scope = located(node);
        return scope === null ? [] : [{ name, value: scope }];
      });
      return { line, all: null, scopes };
    }
    return { line, all: located(value) ?? { value: '', line }, scopes: [] };
  };

  const on = get(root, 'on');
  if (isScalar(on)) workflow.events = [String(on.value)];
  else if (isSeq(on)) workflow.events = on.items.flatMap((item) => (isScalar(item) ? [String(item.value)] : []));
  else if (isMap(on)) workflow.events = entries(on).map(([name]) => name);

  workflow.permissions = permissions(pairOf(root, 'permissions'));
  const stringMap = (node: unknown): Map<string, string> =>
    new Map(entries(node).flatMap(([key, value]) => (isScalar(value) ? [[key, String(value.value)] as [string, string]] : [])));
  const locatedMap = (node: unknown): Map<string, Located> => {
    const out = new Map<string, Located>();
    for (const [key, value] of entries(node)) {
      const found = located(value);
      if (found !== null) out.set(key, found);
    }
    return out;
  };
  workflow.env = stringMap(get(root, 'env'));

  const jobs = get(root, 'jobs');
  if (!isMap(jobs)) return { ok: true, workflow };
  for (const pair of jobs.items) {
    const job = pair.value;
    if (!isScalar(pair.key) || !isMap(job)) continue;
    const runsOn = get(job, 'runs-on');
    const labels = isSeq(runsOn)
      ? runsOn.items.flatMap((item) => located(item)?.value ?? [])
      : isMap(runsOn)
        ? [get(runsOn, 'labels')].flatMap((l) => (isSeq(l) ? l.items.flatMap((i) => located(i)?.value ?? []) : (located(l)?.value ?? [])))
        : [located(runsOn)?.value ?? []].flat();
    const matrix = get(get(job, 'strategy'), 'matrix');
    const matrixOs: string[] = [];
    const os = get(matrix, 'os');
    if (isSeq(os)) for (const item of os.items) matrixOs.push(...[located(item)?.value ?? []].flat());
    else if (os !== null) matrixOs.push(...[located(os)?.value ?? []].flat());
    const include = get(matrix, 'include');
    if (isSeq(include)) for (const combo of include.items) matrixOs.push(...[located(get(combo, 'os'))?.value ?? []].flat());

    const steps = get(job, 'steps');
    workflow.jobs.push({
      id: String(pair.key.value),
      line: lineOf(pair.key),
      name: text_(get(job, 'name')),
      permissions: permissions(pairOf(job, 'permissions')),
      runsOn: labels,
      matrixOs,
      defaultShell: text_(get(get(get(job, 'defaults'), 'run'), 'shell')),
      uses: located(get(job, 'uses')),
      with: locatedMap(get(job, 'with')),
      env: stringMap(get(job, 'env')),
      steps: isSeq(steps)
        ? steps.items.flatMap((step) => {
            if (!isMap(step)) return [];
            return [
              {
                line: lineOf(step),
                name: text_(get(step, 'name')),
                uses: located(get(step, 'uses')),
                run: located(get(step, 'run')),
                runLineOffset: scriptLineOffset(get(step, 'run'), lineOf),
                shell: text_(get(step, 'shell')),
                if: text_(get(step, 'if')),
                with: locatedMap(get(step, 'with')),
                env: stringMap(get(step, 'env')),
              },
            ];
          })
        : [],
    });
  }
  return { ok: true, workflow };
}

function scriptLineOffset(node: Node | null, lineOf: (node: Node) => number): number {
  if (!isScalar(node)) return 0;
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  return block ? lineOf(node) : lineOf(node) - 1;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair | undefined;
}

/** The value at `key`; null when absent, not a map, or an alias (never followed). */
function get(map: unknown, key: string): Node | null {
  if (!isMap(map)) return null;
  const value = pairOf(map, key)?.value;
  if (value === undefined || value === null || isAlias(value)) return null;
  return value as Node;
}

function entries(map: unknown): [string, unknown][] {
  if (!isMap(map)) return [];
  return map.items.flatMap((pair) => (isScalar(pair.key) && !isAlias(pair.value) ? [[String(pair.key.value), pair.value]] : []));
}

/** Scorecard's IsWorkflowFile: `.yml`/`.yaml` directly under `.github/workflows`. */
export function isWorkflowFile(path: string): boolean {
  // The extension is compared as written, the folder without case, as Scorecard does.
  if (!path.endsWith('.yml') && !path.endsWith('.yaml')) return false;
  const lower = path.toLowerCase();
  const slash = lower.lastIndexOf('/');
  return slash >= 0 && lower.slice(0, slash) === '.github/workflows';
}

/** Scorecard's CheckFileContainsCommands: some line that is neither blank nor a `#` comment. */
export function containsCommands(text: string): boolean {
  return text.split('\n').some((line) => {
    const trimmed = line.trim();
    return trimmed.length > 0 && !trimmed.startsWith('#');
  });
}
