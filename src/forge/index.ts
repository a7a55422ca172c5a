/** The forge area: GitHub through Octokit, git through the git CLI. Other areas import from here. */
export { createGitHubClient, type GitHubClient, type GitHubClientOptions } from './github/client.js';
export { applyIssueSync, issueMarker, listMarkedIssues, planIssueSync, withMarker, type ExistingIssue, type IssueAction, type IssueDraft } from './github/issues.js';
export { proposeChange, type ProposalResult, type ProposedChange } from './github/pull-requests.js';
export { git, isShallow, repositoryRoot, resolveCommit } from './git/cli.js';
export { GitObjectReader } from './git/object-reader.js';
export { listTree, parseLsTree, type TreeEntry } from './git/tree.js';
