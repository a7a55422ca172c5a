import { InputError } from '../../errors.js';
import { HttpClient } from '../../util/http.js';
import type { Datasource } from '../types.js';
import { versionFromName } from '../versions.js';
import { conditionalGet, type EtagCache } from './etag-cache.js';

/** For the few upstreams that publish only on a web page (SQLite): every match of a pattern. */
export function urlPatternDatasource(options: { timeoutMs: number; cache: EtagCache; fetch?: typeof fetch }): Datasource {
  return {
    id: 'url-pattern',
    async releases(source) {
      if (source.datasource !== 'url-pattern') throw new Error('url-pattern datasource given another source');
      const url = new URL(source.url);
      const client = new HttpClient({ baseUrl: url.origin, timeout: options.timeoutMs, retries: 1, ...(options.fetch ? { fetch: options.fetch } : {}) });
      const result = await conditionalGet(client, source.url, options.cache);
      if (result === null) throw new InputError(`${source.url} answered 404`);
      const found = new Set<string>();
      for (const match of result.body.matchAll(new RegExp(source.pattern, 'g'))) {
        const version = versionFromName(match[0], source.pattern, source.transform);
        if (version) found.add(version);
      }
      return { releases: [...found].map((version) => ({ version, publishedAt: undefined })), unparsed: [], requests: 1, notModified: result.notModified ? 1 : 0 };
    },
  };
}
