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
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode = '', type = '', oid = '', size = ''] = record.slice(0, tab).trim().split(/\s+/);
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
