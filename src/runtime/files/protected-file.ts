import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { fsReason, InputError } from '../../errors.js';
import { inputLimit } from '../../util/read-input.js';

/** The uid allowed to own a protected file besides root (tests pass one); undefined skips the owner check. */
export interface ProtectedFileOptions {
  uid?: number | undefined;
}

function ownerProblem(stats: Stats, uid: number | undefined): string | null {
  if (uid === undefined || stats.uid === uid || stats.uid === 0) return null;
  return `belongs to uid ${stats.uid}, not to you (uid ${uid}) or root`;
}

/**
 * Every directory above a protected file: owned by you or root, and not writable by group or
 * others unless sticky (as /tmp is: then nobody else can rename what you own inside it). Whoever
 * can replace a directory on the way can replace the file (#18).
 */
function checkParents(file: string, what: string, uid: number | undefined): void {
  let dir = realpathSync(dirname(file));
  for (;;) {
    const stats = lstatSync(dir);
    const owner = ownerProblem(stats, uid);
    if (owner) throw new InputError(`${file}: the directory ${dir} above the ${what} ${owner}; refusing it (whoever owns it can replace the file)`, { file });
    if ((stats.mode & 0o022) !== 0 && (stats.mode & 0o1000) === 0) {
      const who = stats.mode & 0o002 ? 'others' : 'its group';
      throw new InputError(`${file}: the directory ${dir} above the ${what} is writable by ${who} (mode ${(stats.mode & 0o777).toString(8)}); refusing it (they could replace the file)`, {
        file,
        hint: `chmod go-w ${dir}`,
      });
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/**
 * Read a file Vigil's protections rely on (permissions file, integrity manifest, its signature):
 * not a symbolic link (opened with O_NOFOLLOW, so it cannot be swapped between check and read),
 * a regular file, not writable by group or others, owned by you or root, and every directory
 * above it likewise. Fails closed: missing is an error too.
 */
export function readProtectedFile(file: string, what: string, options: ProtectedFileOptions = {}): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || (code === 'ENXIO' && lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink())) {
      throw new InputError(`${file}: the ${what} is a symbolic link; refusing it (give the real file: whoever can change the link chooses the ${what})`, { file, cause: error });
    }
    if (code === 'ENOENT') throw new InputError(`${file}: ${what} not found; refusing to start without it (fail closed)`, { file, cause: error });
    throw new InputError(`${file}: cannot read the ${what}: ${fsReason(error)}`, { file, cause: error });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new InputError(`${file}: the ${what} is not a regular file`, { file });
    // The one input bound (issue #20): a protected file is still untrusted in size.
    const limit = inputLimit('state');
    if (stats.size > limit) throw new InputError(`${file}: the ${what} is ${stats.size} bytes, over the ${limit}-byte limit`, { file, hint: 'set VIGIL_MAX_INPUT_MB to lift it' });
    if ((stats.mode & 0o022) !== 0) {
      throw new InputError(`${file}: ${what} is writable by ${stats.mode & 0o002 ? 'others' : 'its group'} (mode ${(stats.mode & 0o777).toString(8)}); refusing it`, {
        file,
        hint: `chmod go-w ${file}`,
      });
    }
    const owner = ownerProblem(stats, options.uid);
    if (owner) throw new InputError(`${file}: ${what} ${owner}; refusing it`, { file });
    checkParents(file, what, options.uid);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Our uid where the platform has one (the owner check is skipped elsewhere). */
export function currentUid(): number | undefined {
  return process.getuid ? process.getuid() : undefined;
}
