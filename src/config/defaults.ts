import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Config } from './schema.js';

/** The user's cache directory, as the XDG base-directory spec places it. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vigil');
}

/** Every default in one place; `load.ts` layers files, environment and flags over these. */
export function defaultConfig(env: NodeJS.ProcessEnv): Config {
  return {
    db: join(cacheDir(env), 'vigil.db'),
    github: { baseUrl: 'https://api.github.com', graphqlUrl: 'https://api.github.com/graphql', timeoutMs: 30_000, token: undefined },
    npm: { registry: 'https://registry.npmjs.org', timeoutMs: 30_000 },
    osv: { baseUrl: 'https://osv-vulnerabilities.storage.googleapis.com', timeoutMs: 120_000 },
    nvd: { baseUrl: 'https://services.nvd.nist.gov/rest/json/cves/2.0', timeoutMs: 60_000, apiKey: undefined },
    network: { retryDelayMs: 500, maxRetryWaitMs: 60_000 },
    advisories: { feeds: ['osv', 'ghsa', 'nvd', 'security-wg'], osvEcosystems: ['npm'], ghsaEcosystems: ['npm'], securityWgRepo: 'nodejs/security-wg', securityWgRef: 'main' },
    inventory: { ignore: [] },
    review: { failOn: 'low', triageFile: '.vigil/triage.yaml' },
    scorecard: { checks: [] },
    monitor: { parallelism: 4 },
    harden: { lockFile: '.vigil/actions-lock.yaml' },
    updates: { holdsFile: '.vigil/holds.yaml' },
    release: { folder: 'security-release' },
    meetings: { folder: 'meetings', groups: {} },
    runtime: { integrity: 'optional', publicKey: undefined, vulnCore: undefined },
    sources: ['defaults'],
    origins: {},
    warnings: [],
  };
}
