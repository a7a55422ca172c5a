/**
 * Permissions of an actions/github-script script, from the Octokit calls it makes
 * (`github.rest.issues.createComment` → issues: write). Raw requests and GraphQL are unknown.
 */
import type { Level, Need, Scope } from './needs.js';
import { addNeed } from './needs.js';

/** REST namespace → the permission it is governed by. */
const NAMESPACES: Record<string, Scope> = {
  issues: 'issues',
  pulls: 'pull-requests',
  repos: 'contents',
  git: 'contents',
  actions: 'actions',
  checks: 'checks',
  packages: 'packages',
  deployments: 'deployments',
};
/** Methods of `repos` governed by another scope. */
const METHODS: Record<string, Scope> = {
  createCommitStatus: 'statuses',
  listCommitStatusesForRef: 'statuses',
  getCombinedStatusForRef: 'statuses',
  createDeployment: 'deployments',
  createDeploymentStatus: 'deployments',
  listDeployments: 'deployments',
};
const READ = /^(get|list|check|compare|download|search)/;
/** Namespaces that need no repository permission. */
const FREE = new Set(['users', 'search', 'meta', 'rateLimit', 'emojis', 'markdown', 'licenses', 'gitignore', 'codesOfConduct']);

export function scriptNeeds(script: string): { known: true; needs: Map<Scope, Need> } | { known: false; reason: string } {
  const needs = new Map<Scope, Need>();
  if (/github\.(graphql|request)\b/.test(script)) return { known: false, reason: 'makes GraphQL or raw requests, whose permissions cannot be read from the script' };
  for (const match of script.matchAll(/\bgithub\.(?:rest\.)?(\w+)\.(\w+)\s*\(/g)) {
    const namespace = match[1] ?? '';
    const method = match[2] ?? '';
    if (FREE.has(namespace)) continue;
    const scope = (namespace === 'repos' ? METHODS[method] : undefined) ?? NAMESPACES[namespace];
    if (scope === undefined) return { known: false, reason: `calls github.${namespace}.${method}, not mapped to a permission` };
    const level: Level = READ.test(method) ? 'read' : 'write';
    addNeed(needs, scope, level, `github.${namespace}.${method}`);
  }
  for (const match of script.matchAll(/\bgithub\.paginate\(\s*github\.(?:rest\.)?(\w+)\.(\w+)/g)) {
    const scope = NAMESPACES[match[1] ?? ''];
    if (scope !== undefined) addNeed(needs, scope, 'read', `github.${match[1]}.${match[2]}`);
  }
  return { known: true, needs };
}
