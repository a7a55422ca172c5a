import { HttpClient } from '../../util/http.js';
import type { Datasource, DatasourceId } from '../types.js';
import type { EtagCache } from './etag-cache.js';
import { gitTagsDatasource } from './git-tags.js';
import { githubDatasource } from './github.js';
import { npmDatasource } from './npm.js';
import { urlPatternDatasource } from './url-pattern.js';

/** How datasources are built: endpoints, token and timeouts from configuration (rule 9). */
export interface DatasourceOptions {
  npm: { registry: string; timeoutMs: number };
  github: { baseUrl: string; token: string | undefined; timeoutMs: number };
  timeoutMs: number;
  cache: EtagCache;
  /** Retries on 429/5xx/rate limits before a dependency is reported unknown; tests set 0. */
  retries?: number;
  /** Longest wait for a rate limit before giving up on that dependency. */
  maxRetryWaitMs?: number;
  onRetry?: (message: string) => void;
}

/** One line per datasource (STYLE.md rule 2): a new upstream kind is one module and one line here. */
export const datasourceRegistry: { id: DatasourceId; create(options: DatasourceOptions): Datasource }[] = [
  { id: 'npm', create: (options) => npmDatasource(client(options.npm.registry, undefined, options.npm.timeoutMs, options), options.cache) },
  { id: 'github-releases', create: (options) => githubDatasource('github-releases', client(options.github.baseUrl, options.github.token, options.github.timeoutMs, options), options.cache) },
  { id: 'github-tags', create: (options) => githubDatasource('github-tags', client(options.github.baseUrl, options.github.token, options.github.timeoutMs, options), options.cache) },
  { id: 'git-tags', create: (options) => gitTagsDatasource({ timeoutMs: options.timeoutMs }) },
  { id: 'url-pattern', create: (options) => urlPatternDatasource({ timeoutMs: options.timeoutMs, cache: options.cache }) },
];

function client(baseUrl: string, token: string | undefined, timeoutMs: number, options: DatasourceOptions): HttpClient {
  return new HttpClient({
    baseUrl,
    token,
    timeout: timeoutMs,
    retries: options.retries ?? 2,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
    onRetry: (info) => options.onRetry?.(`${info.status === undefined ? 'network error' : `HTTP ${info.status}`} from ${info.url}; waiting ${Math.round(info.waitMs / 1000)} s`),
  });
}

/** Every datasource, built once for a run. */
export function createDatasources(options: DatasourceOptions): Map<DatasourceId, Datasource> {
  return new Map(datasourceRegistry.map((entry) => [entry.id, entry.create(options)]));
}
