import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { HttpClient } from '../../util/http.js';
import type { Datasource, Release } from '../types.js';
import { versionFromName } from '../versions.js';
import { conditionalGet, type EtagCache } from './etag-cache.js';

const Releases = z.array(z.object({ tag_name: z.string(), published_at: z.string().nullable().optional(), draft: z.boolean().optional(), prerelease: z.boolean().optional() }));
const Tags = z.array(z.object({ name: z.string() }));

function parse<T>(body: string, schema: z.ZodType<T>, url: string): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InputError(`${url}: GitHub answered something that is not JSON`, { file: url });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new InputError(`${url}: unexpected GitHub answer at ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`, { file: url });
  return parsed.data;
}

/**
 * GitHub releases (`GET /repos/{owner}/{repo}/releases`) or tags (`…/tags`), newest 100, with
 * ETags so an unchanged repository costs one 304 (which GitHub does not count against the rate
 * limit). Drafts and releases GitHub marks as prereleases are left out.
 */
export function githubDatasource(kind: 'github-releases' | 'github-tags', client: HttpClient, cache: EtagCache): Datasource {
  return {
    id: kind,
    async releases(source) {
      if (source.datasource !== kind) throw new Error(`${kind} datasource given another source`);
      const url = client.url(`/repos/${source.repo}/${kind === 'github-releases' ? 'releases' : 'tags'}?per_page=100`);
      const result = await conditionalGet(client, url, cache, { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' });
      if (result === null) throw new InputError(`GitHub has no repository ${source.repo} (${url} answered 404)`);
      const entries =
        kind === 'github-releases'
          ? parse(result.body, Releases, url)
              .filter((release) => !release.draft && !release.prerelease)
              .map((release) => ({ name: release.tag_name, publishedAt: release.published_at ?? undefined }))
          : parse(result.body, Tags, url).map((tag) => ({ name: tag.name, publishedAt: undefined }));
      const releases: Release[] = [];
      const unparsed: string[] = [];
      for (const entry of entries) {
        const version = versionFromName(entry.name, source.tagPattern, source.transform);
        if (version === undefined) unparsed.push(entry.name);
        else releases.push({ version, publishedAt: entry.publishedAt, tag: entry.name });
      }
      return { releases, unparsed, requests: 1, notModified: result.notModified ? 1 : 0 };
    },
  };
}
