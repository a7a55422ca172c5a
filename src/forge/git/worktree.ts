/**
 * Which tracked files of a commit may be read from the work tree instead of from git objects
 * (issue #16: `git cat-file` streams whole blobs, where Binary-Artifacts needs 1,024 bytes). A file
 * qualifies only when the work tree is checked out at that very commit and git sees the file
 * unchanged, so the bytes on disk are the blob's bytes:
 * - HEAD is the commit scored;
 * - nothing rewrites content between blob and disk: no filter, `eol=crlf`, `ident` or
 *   `working-tree-encoding` in any attributes file, no `core.autocrlf=true` or `core.eol=crlf`;
 * - the file is neither staged nor modified (`git status`), nor marked assume-unchanged or
 *   skip-worktree (`git ls-files -v`: those hide changes from status).
 * Readers still open without following symlinks and compare the size with the tree's.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { git } from './cli.js';

/** Attribute settings under which the work tree's bytes are not the blob's. */
const REWRITING_ATTRIBUTE = /(^|\s)(filter=|eol=crlf|crlf(\s|$)|ident(\s|$)|working-tree-encoding=)/m;

/** Pure: does any of these attributes texts rewrite content on checkout? */
export function attributesRewrite(texts: Iterable<string>): boolean {
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      // The first field is the pattern; only the attributes after it matter.
      const attributes = trimmed.replace(/^("(?:[^"\\]|\\.)*"|\S+)/, '');
      if (REWRITING_ATTRIBUTE.test(attributes)) return true;
    }
  }
  return false;
}

/** Pure: paths `git status --porcelain=v1 -z --no-renames` reports (staged or not). */
export function parseStatus(output: string): Set<string> {
  const paths = new Set<string>();
  for (const record of output.split('\0')) if (record.length > 3) paths.add(record.slice(3));
  return paths;
}

/** Pure: paths `git ls-files -v -z` tags as ordinary cached files (`H`); others hide their changes from status. */
export function parseCachedPaths(output: string): Set<string> {
  const paths = new Set<string>();
  for (const record of output.split('\0')) if (record.startsWith('H ')) paths.add(record.slice(2));
  return paths;
}

/**
 * The tracked paths whose work-tree bytes equal the commit's blobs, or null when the work tree
 * cannot be trusted as a whole (another commit checked out, content rewritten on checkout, a bare
 * repository). `attributesTexts` resolves to the commit's `.gitattributes` files, read by the
 * caller; every git call here runs at once (process start-up dominates on a loaded machine).
 */
export async function cleanWorkTreePaths(root: string, commit: string, attributesTexts: Promise<string[]>): Promise<Set<string> | null> {
  const [revParse, config, status, cached, tracked] = await Promise.all([
    git(root, ['rev-parse', '--is-bare-repository', '--git-path', 'info/attributes', 'HEAD^{commit}']).catch(() => ''),
    // Exit status 1 when none is set.
    git(root, ['config', '--get-regexp', '^core\\.(autocrlf|eol|attributesfile)$']).catch(() => ''),
    // --no-optional-locks: status must not refresh (write) the analysed repository's index.
    git(root, ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=no', '--ignore-submodules=all']).catch(() => null),
    git(root, ['ls-files', '-v', '-z']).catch(() => null),
    attributesTexts,
  ]);
  const [bare, infoPath = '', head] = revParse.split('\n').map((line) => line.trim());
  if (bare !== 'false' || head !== commit || status === null || cached === null) return null;
  const settings = new Map<string, string>();
  for (const line of config.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) settings.set(line.slice(0, space).toLowerCase(), line.slice(space + 1).trim());
  }
  if (settings.get('core.autocrlf')?.toLowerCase() === 'true' || settings.get('core.eol')?.toLowerCase() === 'crlf') return null;
  const extra: string[] = [];
  for (const file of [infoPath, settings.get('core.attributesfile') ?? '']) {
    if (file === '') continue;
    extra.push(await readFile(isAbsolute(file) ? file : join(root, file), 'utf8').catch(() => ''));
  }
  if (attributesRewrite([...tracked, ...extra])) return null;
  const clean = parseCachedPaths(cached);
  for (const path of parseStatus(status)) clean.delete(path);
  return clean;
}
