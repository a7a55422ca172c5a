// Why a file or folder could not be read, in words: `ENOENT: no such file or directory, scandir
// '/abs/path'` repeated the path and the system call a newcomer does not need (issue #17).

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory, a file was expected',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** The reason of a failed file-system call, without its path (the message names the path once). */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined && REASONS[code]) || (error as Error).message;
}
