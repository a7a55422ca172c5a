/**
 * The fixes, in the order they run on a file (STYLE.md rule 2: a table, not a switch). Each
 * file fix takes the text the previous one produced; the update-tool fix looks at the whole
 * repository and writes one configuration file.
 */
import { isWorkflowFile } from '../../scorecard/workflow/parse.js';
import { isDockerfileCandidate } from '../../scorecard/collect/pinned-dockerfiles.js';
import type { Knowledge } from '../knowledge/load.js';
import type { WorkflowLookup } from '../permissions/needs.js';
import type { ParseCache } from '../edit/yaml-nodes.js';
import type { ActionResolver, FixId, FixResult, ImageResolver } from '../types.js';
import { hardenPermissions } from './permissions.js';
import { pinActions } from './pin-actions.js';
import { pinDockerfile, pinDockerUses } from './pin-docker.js';

export interface FixContext {
  actions: ActionResolver | null;
  images: ImageResolver | null;
  knowledge: Knowledge;
  /** Workflows of the repository as they are before hardening (reusable workflows, structure). */
  workflow: WorkflowLookup;
  cache: ParseCache;
}

export interface FileFix {
  id: FixId;
  summary: string;
  /** Which repository paths the fix reads. */
  appliesTo(path: string): boolean;
  run(path: string, text: string, context: FixContext): Promise<FixResult>;
}

const isWorkflow = (path: string): boolean => isWorkflowFile(path);

export const fileFixes: FileFix[] = [
  // docker:// first: most workflows have none, so pinning actions then reads the same parse.
  { id: 'docker', summary: 'pin docker:// actions by digest', appliesTo: isWorkflow, run: (path, text, context) => pinDockerUses(path, text, context.images, context.cache) },
  { id: 'pin', summary: 'pin actions and reusable workflows to commit SHAs', appliesTo: isWorkflow, run: (path, text, context) => pinActions(path, text, context.actions, context.cache) },
  {
    id: 'docker',
    summary: 'pin Dockerfile FROM images by digest',
    appliesTo: (path) => isDockerfileCandidate(path) && !/\.(md|txt|sh|go|py|js|json|ya?ml)$/i.test(path),
    run: (path, text, context) => pinDockerfile(path, text, context.images),
  },
  {
    id: 'permissions',
    summary: 'least-privilege token permissions, each scope with its reason',
    appliesTo: isWorkflow,
    run: (path, text, context) => Promise.resolve(hardenPermissions(path, text, context.knowledge, context.workflow, { cache: context.cache, model: context.workflow(path) })),
  },
];

export const ALL_FIXES: FixId[] = ['pin', 'docker', 'permissions', 'update-tool'];
