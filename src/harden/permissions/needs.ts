/**
 * What a job does with the workflow token, step by step: actions from the knowledge base
 * (conditions on their inputs included), `actions/github-script` from the API calls in its
 * script, `run:` steps from the commands they run (`git push`, `gh pr …`, `npm publish
 * --provenance`). Anything that cannot be known makes the job unknown, with the reason.
 */
import type { Knowledge } from '../knowledge/load.js';
import type { PermissionGrant } from '../knowledge/schema.js';
import type { Located, Workflow, WorkflowJob, WorkflowStep } from '../../scorecard/workflow/parse.js';
import { runCommands } from './run-commands.js';
import { scriptNeeds } from './github-script.js';

export type Scope = PermissionGrant['scope'];
export type Level = 'read' | 'write';

/** One scope a job needs, at the highest level any step needs it, with every reason. */
export interface Need {
  level: Level;
  reasons: string[];
}

export type JobNeeds = { known: true; needs: Map<Scope, Need> } | { known: false; reasons: string[] };

const TOKEN_REFERENCE = /secrets\.GITHUB_TOKEN|github\.token/;

/** Adds `level` on `scope` for `reason`, keeping the higher level. */
export function addNeed(needs: Map<Scope, Need>, scope: Scope, level: Level, reason: string): void {
  const current = needs.get(scope);
  if (current === undefined) needs.set(scope, { level, reasons: [reason] });
  else {
    if (level === 'write') current.level = 'write';
    if (!current.reasons.includes(reason)) current.reasons.push(reason);
  }
}

/** Another workflow of the same repository, for local reusable workflows; null when absent. */
export type WorkflowLookup = (path: string) => Workflow | null;

export function jobNeeds(workflow: Workflow, job: WorkflowJob, knowledge: Knowledge, lookup: WorkflowLookup, depth = 0): JobNeeds {
  const needs = new Map<Scope, Need>();
  const unknown: string[] = [];
  if (job.uses !== null) reusableNeeds(job.uses, knowledge, lookup, depth, needs, unknown);
  for (const step of job.steps) {
    if (step.uses !== null) actionNeeds(step, knowledge, needs, unknown);
    if (step.run !== null) {
      const env = [...workflow.env.values(), ...job.env.values(), ...step.env.values()];
      runNeeds(step.run, env, step.shell ?? job.defaultShell, needs, unknown);
    }
  }
  return unknown.length > 0 ? { known: false, reasons: unknown } : { known: true, needs };
}

function grantApplies(grant: PermissionGrant, inputs: Map<string, Located>): boolean {
  if (grant.when === undefined) return true;
  const value = inputs.get(grant.when.input)?.value;
  if (grant.when.set !== undefined) return (value !== undefined && value !== '') === grant.when.set;
  if (grant.when.equals !== undefined) return value === grant.when.equals;
  if (grant.when.contains !== undefined) return value !== undefined && value.includes(grant.when.contains);
  return true;
}

function actionNeeds(step: WorkflowStep, knowledge: Knowledge, needs: Map<Scope, Need>, unknown: string[]): void {
  const uses = step.uses?.value ?? '';
  if (uses.startsWith('docker://')) {
    if ([...step.with.values(), ...step.env.values()].some((value) => TOKEN_REFERENCE.test(value.toString()))) {
      unknown.push(`line ${step.line}: the workflow token is passed to the container ${uses}`);
    }
    return;
  }
  if (uses.startsWith('./')) {
    unknown.push(`line ${step.line}: local action ${uses} is not analysed`);
    return;
  }
  const name = uses.split('@')[0] ?? uses;
  const entry = knowledge.lookup(name);
  if (entry === null) {
    unknown.push(`line ${step.line}: ${name} is not in the action knowledge base (src/harden/knowledge)`);
    return;
  }
  const tokenInput = entry['token-input'];
  const given = tokenInput === undefined ? undefined : step.with.get(tokenInput)?.value;
  // The action is handed another token (a PAT, an app token): the workflow token is not used.
  if (given !== undefined && !TOKEN_REFERENCE.test(given)) return;
  if (name.toLowerCase() === 'actions/github-script') {
    const script = scriptNeeds(step.with.get('script')?.value ?? '');
    if (!script.known) unknown.push(`line ${step.line}: actions/github-script ${script.reason}`);
    else for (const [scope, need] of script.needs) for (const reason of need.reasons) addNeed(needs, scope, need.level, `${name}: ${reason}`);
    return;
  }
  if (entry.unknown !== undefined) {
    unknown.push(`line ${step.line}: ${name}: ${entry.unknown}`);
    return;
  }
  for (const grant of entry.permissions) {
    if (grantApplies(grant, step.with)) addNeed(needs, grant.scope, grant.level, `${name}: ${grant.reason}`);
  }
}

function reusableNeeds(uses: Located, knowledge: Knowledge, lookup: WorkflowLookup, depth: number, needs: Map<Scope, Need>, unknown: string[]): void {
  if (uses.value.startsWith('./')) {
    const called = depth < 5 ? lookup(uses.value.slice(2)) : null;
    if (called === null) {
      unknown.push(`line ${uses.line}: reusable workflow ${uses.value} could not be read`);
      return;
    }
    for (const job of called.jobs) {
      const declared = job.permissions ?? called.permissions;
      if (declared !== null && declared.all === null) {
        for (const { name, value } of declared.scopes) {
          if (value.value === 'read' || value.value === 'write') addNeed(needs, name as Scope, value.value, `${uses.value} declares it`);
        }
        continue;
      }
      const inner = jobNeeds(called, job, knowledge, lookup, depth + 1);
      if (!inner.known) unknown.push(...inner.reasons.map((reason) => `${uses.value}: ${reason}`));
      else for (const [scope, need] of inner.needs) for (const reason of need.reasons) addNeed(needs, scope, need.level, reason);
    }
    return;
  }
  const name = uses.value.split('@')[0] ?? uses.value;
  const entry = knowledge.lookup(name);
  if (entry === null || entry.unknown !== undefined) {
    unknown.push(`line ${uses.line}: reusable workflow ${name} ${entry?.unknown ?? 'is not in the action knowledge base'}`);
    return;
  }
  for (const grant of entry.permissions) addNeed(needs, grant.scope, grant.level, `${name}: ${grant.reason}`);
}

function runNeeds(run: Located, env: string[], shell: string | null, needs: Map<Scope, Need>, unknown: string[]): void {
  const usesToken = TOKEN_REFERENCE.test(run.value) || env.some((value) => TOKEN_REFERENCE.test(value));
  const found = runCommands(run.value, shell);
  for (const need of found.needs) addNeed(needs, need.scope, need.level, need.reason);
  if (usesToken && found.tokenCommands === 0) {
    unknown.push(`line ${run.line}: a run: step is given the workflow token but no command it runs is understood`);
  }
  for (const reason of found.unknown) unknown.push(`line ${run.line}: ${reason}`);
}
