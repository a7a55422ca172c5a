import { tmpdir } from 'node:os';
import { ExternalHostError } from '../../errors.js';
import { git } from '../../forge/index.js';
import type { Datasource } from '../types.js';
import { versionFromName } from '../versions.js';

/** Tag names from `git ls-remote --tags --refs` output (`<sha>\trefs/tags/<name>`). Pure. */
export function parseLsRemote(output: string): string[] {
  return output
    .split('\n')
    .map((line) => /^[0-9a-f]{40,64}\trefs\/tags\/(.+)$/.exec(line.trim())?.[1])
    .filter((name): name is string => name !== undefined);
}

/** Tags of any git remote (`git ls-remote`, nothing cloned, nothing run from the remote). */
export function gitTagsDatasource(options: { timeoutMs: number }): Datasource {
  return {
    id: 'git-tags',
    async releases(source) {
      if (source.datasource !== 'git-tags') throw new Error('git-tags datasource given another source');
      let stdout: string;
      try {
        stdout = await git(tmpdir(), ['ls-remote', '--tags', '--refs', source.url], { timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 });
      } catch (error) {
        const stderr = String((error as { cause?: { stderr?: unknown } }).cause?.stderr ?? '').trim();
        throw new ExternalHostError(URL.canParse(source.url) ? new URL(source.url).host : source.url, `git ls-remote ${source.url} failed: ${(stderr || (error as Error).message).split('\n')[0]}`, { cause: error });
      }
      const releases = [];
      const unparsed = [];
      for (const name of parseLsRemote(stdout)) {
        const version = versionFromName(name, source.tagPattern, source.transform);
        if (version === undefined) unparsed.push(name);
        else releases.push({ version, publishedAt: undefined });
      }
      return { releases, unparsed, requests: 1, notModified: 0 };
    },
  };
}
