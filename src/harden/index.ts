/** The harden area: fixes for what Scorecard finds in workflows, Dockerfiles and update tooling (README.md). */
export { planHarden, type PlanOptions } from './plan.js';
export { planDiff } from './diff.js';
export { writePlan, removeStaleWrites, proposePlan, pullRequestBody, type ProposeOptions } from './apply.js';
export { directoryInput, memoryInput } from './input.js';
export { loadKnowledge, defaultKnowledgeDir, type Knowledge } from './knowledge/load.js';
export { parsePinLock, formatPinLock, type PinLock } from './resolve/lock-file.js';
export { githubActionResolver } from './resolve/github-api.js';
export { lsRemoteActionResolver } from './resolve/git-ls-remote.js';
export { registryImageResolver } from './resolve/registry.js';
export { ALL_FIXES, fileFixes } from './fixes/registry.js';
export type * from './types.js';
export { recordingResolvers } from './resolve/recording.js';
export { originRemote, parseGitHubRemote } from './resolve/github-remote.js';
