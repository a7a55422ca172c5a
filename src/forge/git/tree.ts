import { git } from './cli.js';

/** One entry of a commit's tree, as `git ls-tree -r --long` reports it. */
export interface TreeEntry {
  path: string;
  /** Octal mode: 100644 file, 100755 executable, 120000 symlink, 160000 submodule. */
  mode: string;
  type: 'blob' | 'commit' | 'tree';
  oid: string;
  /** Bytes; null for submodules. */
  size: number | null;
}

/** Parse the NUL-separated output of `git ls-tree -r -z --long`. Pure, for tests. */
export function parseLsTree(output: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  // Fields are found with indexOf, not a regular-expression split per record: 60–100 ms less
  // on Node's 19,636 files (issue #16). Records are `<mode> <type> <oid> <size padded>\t<path>`.
  let start = 0;
  while (start < output.length) {
    let end = output.indexOf('\0', start);
    if (end < 0) end = output.length;
    const record = output.slice(start, end);
    start = end + 1;
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const first = record.indexOf(' ');
    const second = first < 0 ? -1 : record.indexOf(' ', first + 1);
    const third = second < 0 ? -1 : record.indexOf(' ', second + 1);
    const [mode = '', type = '', oid = '', size = ''] =
      first > 0 && third > second && tab > third ? [record.slice(0, first), record.slice(first + 1, second), record.slice(second + 1, third), record.slice(third + 1, tab).trim()] : record.slice(0, tab).trim().split(/\s+/);
    entries.push({
      path: record.slice(tab + 1),
      mode,
      type: type as TreeEntry['type'],
      oid,
      size: size === '-' ? null : Number(size),
    });
  }
  return entries;
}

/** Every file of a commit (or the index when `ref` is undefined: tracked files only). */
export async function listTree(repo: string, ref?: string): Promise<TreeEntry[]> {
  if (ref === undefined) {
    // `ls-files -s` has no sizes; the caller stats the work tree when it needs them.
    const output = await git(repo, ['ls-files', '-z', '--stage']);
    return output
      .split('\0')
      .filter((record) => record !== '')
      .map((record) => {
        const tab = record.indexOf('\t');
        const [mode = '', oid = ''] = record.slice(0, tab).split(' ');
        return { path: record.slice(tab + 1), mode, type: mode === '160000' ? 'commit' : 'blob', oid, size: null } satisfies TreeEntry;
      });
  }
  return parseLsTree(await git(repo, ['ls-tree', '-r', '-z', '--long', ref]));
}
