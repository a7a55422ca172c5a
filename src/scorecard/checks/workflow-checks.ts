/**
 * The checks that read GitHub workflows, Dockerfiles and scripts, for the scorecard registry.
 * They share one parse of each workflow per RepoView (collect/workflow-files.ts).
 */
import type { CheckDefinition } from '../types.js';
import { dangerousWorkflow } from './dangerous-workflow.js';
import { pinnedDependencies } from './pinned-dependencies.js';
import { tokenPermissions } from './token-permissions.js';

export const workflowChecks: CheckDefinition[] = [
  dangerousWorkflow as CheckDefinition,
  pinnedDependencies as CheckDefinition,
  tokenPermissions as CheckDefinition,
];
