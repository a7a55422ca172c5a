import { z } from 'zod';
import type { RepoRef } from '../types.js';
import { parseJsonFile } from './validation.js';

/**
 * scorecard-monitor's scope file: `{ "github.com": { "<org>": { included: [...], excluded: [...] } } }`.
 * Validated for real (upstream's schema accepts anything).
 */
const repoName = z.string().regex(/^[A-Za-z0-9._-]+$/, 'a repository name');
const OrgScope = z.strictObject({ included: z.array(repoName), excluded: z.array(repoName) });
export const ScopeFile = z.record(z.string().regex(/^[a-z0-9.-]+$/, 'a platform host such as github.com'), z.record(z.string().min(1), OrgScope));
export type ScopeFile = z.infer<typeof ScopeFile>;

export function parseScope(text: string, file: string): ScopeFile {
  return parseJsonFile(text, file, ScopeFile, 'scope');
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The org's entry, whatever case the user wrote it in (GitHub's names are case-insensitive). */
function orgScope(scope: ScopeFile, platform: string, org: string): z.infer<typeof OrgScope> | undefined {
  const orgs = scope[platform] ?? {};
  const key = Object.keys(orgs).find((name) => same(name, org));
  return key === undefined ? undefined : orgs[key];
}

/** The repositories to score, in the scope's order, excluded ones removed. */
export function reposInScope(scope: ScopeFile): RepoRef[] {
  const refs: RepoRef[] = [];
  for (const [platform, orgs] of Object.entries(scope)) {
    for (const [org, { included, excluded }] of Object.entries(orgs)) {
      for (const repo of included) if (!excluded.some((name) => same(name, repo))) refs.push({ platform, org, repo });
    }
  }
  return refs;
}

/**
 * Add discovered repositories to the scope: new names go to `included` unless the scope already
 * excludes them. Returns a new scope and the names that were added.
 */
export function mergeDiscovered(scope: ScopeFile, platform: string, org: string, discovered: string[]): { scope: ScopeFile; added: string[] } {
  const existing = orgScope(scope, platform, org);
  const orgKey = Object.keys(scope[platform] ?? {}).find((name) => same(name, org)) ?? org;
  const included = [...(existing?.included ?? [])];
  const excluded = [...(existing?.excluded ?? [])];
  const known = [...included, ...excluded];
  const added = discovered.filter((repo) => !known.some((name) => same(name, repo)));
  included.push(...added);
  return { scope: { ...scope, [platform]: { ...(scope[platform] ?? {}), [orgKey]: { included, excluded } } }, added };
}
