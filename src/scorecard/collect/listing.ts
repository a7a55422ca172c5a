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

/** Requests kept in flight by the fallback sweep: enough to keep `git cat-file` busy, few enough not to hold every file at once. */
const SWEEP_BATCH = 128;

/**
 * Visit each path's bytes (or its first `head` bytes) in order, through the view's own sweep when
 * it has one; otherwise through read()/readHead() in bounded batches. Absent files, symlinks and
 * submodules are not visited. The buffer is only valid during the call.
 */
export async function sweepFiles(view: RepoView, paths: string[], visit: (path: string, bytes: Buffer) => void, head?: number): Promise<void> {
  if (view.sweep) return view.sweep(paths, visit, head === undefined ? {} : { head });
  for (let start = 0; start < paths.length; start += SWEEP_BATCH) {
    const slice = paths.slice(start, start + SWEEP_BATCH);
    const contents = await Promise.all(slice.map((path) => (head !== undefined && view.readHead ? view.readHead(path, head) : view.read(path))));
    slice.forEach((path, index) => {
      const bytes = contents[index];
      if (bytes) visit(path, head === undefined || bytes.length <= head ? bytes : bytes.subarray(0, head));
    });
  }
}
