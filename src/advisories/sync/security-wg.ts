import { safeExcerpt } from '../../util/redact.js';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x as extractTar } from 'tar';
import { ExternalHostError } from '../../errors.js';
import type { Assessment } from '../node-core.js';
import { securityWgItems, securityWgVulnDir } from '../sources/security-wg/import.js';
import type { FeedSync, SourceSyncResult, SyncContext } from './types.js';

/** Only the entries import reads: `<top>/vuln/{core,npm,deps}/<file>.json`. */
const WANTED = /^[^/]+\/vuln\/(core|npm|deps)\/[^/]+\.json$/;

/**
 * The security-wg repository through GitHub's REST API: the ref's commit SHA is the cursor (an
 * unchanged ref costs one request), and the tarball of that commit is read for its vuln/ tree.
 */
export async function syncSecurityWg(context: SyncContext): Promise<SourceSyncResult> {
  const { securityWgRepo: repo, securityWgRef: ref } = context.settings;
  const source = { id: 'security-wg', kind: 'security-wg', location: `${context.http.github.url(`repos/${repo}`)}@${ref}` };
  const previous = await context.store.source(source.id);
  const progress = context.progress('security-wg');
  const shaAnswer = await context.http.github.request(`repos/${repo}/commits/${encodeURIComponent(ref)}`, { headers: { accept: 'application/vnd.github.sha' } });
  const sha = shaAnswer ? new TextDecoder().decode(shaAnswer.body).trim() : '';
  if (!/^[0-9a-f]{40}$/.test(sha)) {
    throw new ExternalHostError(new URL(context.http.github.baseUrl).host, `${shaAnswer?.response.url ?? context.http.github.url(`repos/${repo}`)}: ${repo}@${ref}: GitHub did not answer a commit SHA (got ${safeExcerpt(sha, 60)})`);
  }
  if (previous?.cursor === sha) {
    progress.done('unchanged');
    return { source, summary: null, records: 0, cursor: sha, note: `still at ${sha.slice(0, 12)}` };
  }
  const tarball = await context.http.github.request(`repos/${repo}/tarball/${sha}`, { headers: { accept: 'application/vnd.github+json' } });
  // A fresh directory per attempt: an aborted extraction may still be reading its tarball or
  // flushing its last file, and nothing of it may mix into this one.
  const attempt = await mkdtemp(join(context.scratchDir, 'security-wg-'));
  const file = join(attempt, 'repo.tar.gz');
  const dir = join(attempt, 'tree');
  await writeFile(file, tarball?.body ?? new Uint8Array());
  await mkdir(dir);
  // Nothing from the archive is executed; only JSON under vuln/ is written, by node-tar, which
  // refuses absolute paths and `..`.
  // A download cut short fails here (zlib: unexpected end of file) before anything is written,
  // so the commit is not recorded and the next sync fetches the tarball again.
  await extractTar({ file, cwd: dir, filter: (path) => WANTED.test(path) }).catch((error: unknown) => {
    throw new ExternalHostError(new URL(context.http.github.baseUrl).host, `${repo}@${sha}: the tarball could not be read (${(error as Error).message}); nothing applied, the next sync downloads it again`);
  });
  const top = (await readdir(dir))[0];
  const vulnDir = top ? securityWgVulnDir(join(dir, top)) : null;
  if (!vulnDir) throw new ExternalHostError(new URL(context.http.github.baseUrl).host, `${repo}@${sha}: the tarball has no vuln/ directory`);
  const assessments: Assessment[] = [];
  let records = 0;
  async function* counted() {
    for await (const advisory of securityWgItems(vulnDir as string, assessments, context.onProblem)) {
      records++;
      yield advisory;
    }
  }
  const summary = await context.store.write(source, counted(), { cursor: sha, assessments });
  progress.done(`${records} entries at ${sha.slice(0, 12)}`);
  return { source, summary, records, cursor: sha };
}

export const securityWgFeed: FeedSync = {
  id: 'security-wg',
  description: 'the Node.js security-wg vuln/ data (core, npm, deps) from its GitHub repository',
  async sync(context) {
    return [await syncSecurityWg(context)];
  },
};
