/**
 * The file listing content checks read through, as Scorecard's `checks/fileparser/listing.go`
 * builds it: `OnMatchingFileContentDo`/`OnMatchingFileReaderDo` drop test data before matching any
 * pattern. Checks that list names through `OnAllFilesDo` or `ListFiles` directly (License,
 * Security-Policy's file search, Dependency-Update-Tool, Packaging) see every file and must not
 * use this listing.
 */
import type { RepoFile, RepoView } from '../types.js';

/**
 * Scorecard's isTestdataFile, case-sensitive as upstream: `testdata/` or `src/test/` at the start
 * of the path or after any `/`. `TestData/`, `test/` or `src/tests/` are not test data.
 */
export function isTestdataPath(path: string): boolean {
  return path.startsWith('testdata/') || path.includes('/testdata/') || path.startsWith('src/test/') || path.includes('/src/test/');
}

const cache = new WeakMap<RepoView, RepoFile[]>();

/**
 * The regular files a content check may read: not test data, not a symlink (never followed) and
 * not a submodule (no bytes in this commit). Computed once per view.
 */
export function contentFiles(view: RepoView): RepoFile[] {
  let files = cache.get(view);
  if (files === undefined) {
    files = view.files.filter((file) => file.mode !== '120000' && file.mode !== '160000' && !isTestdataPath(file.path));
    cache.set(view, files);
  }
  return files;
}
