import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { HttpClient } from '../../util/http.js';
import type { Datasource, Release } from '../types.js';
import { conditionalGet, type EtagCache } from './etag-cache.js';

/** The parts of an npm packument (registry API `GET /<name>`) this datasource reads. */
const Packument = z.object({
  name: z.string(),
  'dist-tags': z.record(z.string(), z.string()).optional(),
  versions: z.record(z.string(), z.object({ dist: z.object({ tarball: z.string(), integrity: z.string().optional(), shasum: z.string().optional() }).optional(), deprecated: z.unknown().optional(), engines: z.unknown().optional() })),
  time: z.record(z.string(), z.string()).optional(),
});

/** Scoped names keep their `@` and encode the slash, as the registry expects (`@scope%2fname`). */
export function packumentPath(name: string): string {
  return name.startsWith('@') ? `/@${encodeURIComponent(name.slice(1))}` : `/${encodeURIComponent(name)}`;
}

/** `engines.node` when it is a string (old packuments have arrays and other shapes: ignored, as npm does). */
function nodeEngineOf(engines: unknown): { nodeEngine?: string } {
  const node = typeof engines === 'object' && engines !== null && !Array.isArray(engines) ? (engines as Record<string, unknown>).node : undefined;
  return typeof node === 'string' && node.trim() !== '' ? { nodeEngine: node } : {};
}

/** npm registry releases: every published version with its date and tarball (integrity included). */
export function npmDatasource(client: HttpClient, cache: EtagCache): Datasource {
  return {
    id: 'npm',
    async releases(source) {
      if (source.datasource !== 'npm') throw new Error('npm datasource given another source');
      const url = client.url(packumentPath(source.package));
      const result = await conditionalGet(client, url, cache, { accept: 'application/json' });
      if (result === null) throw new InputError(`npm registry has no package ${JSON.stringify(source.package)} (${url} answered 404)`);
      let json: unknown;
      try {
        json = JSON.parse(result.body);
      } catch {
        throw new InputError(`${url}: the registry answered something that is not JSON`, { file: url });
      }
      const parsed = Packument.safeParse(json);
      if (!parsed.success) throw new InputError(`${url}: not an npm packument: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`, { file: url });
      const { time } = parsed.data;
      const release = ([version, manifest]: [string, (typeof parsed.data.versions)[string]]): Release => ({
        version,
        publishedAt: time?.[version],
        ...nodeEngineOf(manifest.engines),
        ...(manifest.dist ? { tarball: { url: manifest.dist.tarball, integrity: manifest.dist.integrity, shasum: manifest.dist.shasum } } : {}),
      });
      // npm treats an empty deprecation message as "not deprecated" (that is how `npm deprecate x ""` undoes one).
      const entries = Object.entries(parsed.data.versions);
      const releases = entries.filter(([, manifest]) => !manifest.deprecated).map(release);
      const deprecated = entries.filter(([, manifest]) => Boolean(manifest.deprecated)).map(release);
      return { releases, unparsed: [], requests: 1, notModified: result.notModified ? 1 : 0, distTags: parsed.data['dist-tags'] ?? {}, deprecated };
    },
  };
}

