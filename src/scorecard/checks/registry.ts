import type { CheckDefinition } from '../types.js';
import { binaryArtifacts } from './binary-artifacts.js';
import { branchProtection } from './branch-protection.js';
import { ciTests } from './ci-tests.js';
import { ciiBestPractices } from './cii-best-practices.js';
import { contributors } from './contributors.js';
import { codeReview } from './code-review.js';
import { dependencyUpdateTool } from './dependency-update-tool.js';
import { fuzzing } from './fuzzing.js';
import { license } from './license.js';
import { maintained } from './maintained.js';
import { packaging } from './packaging.js';
import { sast } from './sast.js';
import { securityPolicy } from './security-policy.js';
import { signedReleases } from './signed-releases.js';
import { vulnerabilities } from './vulnerabilities.js';
import { webhooks } from './webhooks.js';
import { workflowChecks } from './workflow-checks.js';

/**
 * Every check Vigil computes, one line each (STYLE.md rule 2). `--checks`, the help text and the
 * README table come from here. The definitions' types differ; the runner only pairs each
 * definition's own collect with its own evaluate.
 */
export const checks: CheckDefinition<never>[] = [
  binaryArtifacts,
  branchProtection,
  ciTests,
  ciiBestPractices,
  codeReview,
  contributors,
  dependencyUpdateTool,
  fuzzing,
  license,
  maintained,
  packaging,
  sast,
  securityPolicy,
  signedReleases,
  vulnerabilities,
  webhooks,
  // Dangerous-Workflow, Pinned-Dependencies, Token-Permissions (one shared workflow parse).
  ...workflowChecks,
]
  .map((check) => check as unknown as CheckDefinition<never>)
  .sort((a, b) => (a.name < b.name ? -1 : 1));

/** Look a check up by its Scorecard name, case-insensitively (`--checks pinned-dependencies`). */
export function findCheck(name: string): CheckDefinition<never> | undefined {
  return checks.find((check) => check.name.toLowerCase() === name.toLowerCase());
}
