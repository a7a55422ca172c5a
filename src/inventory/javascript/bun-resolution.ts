/**
 * What the resolution half of a bun.lock package id (`name@<resolution>`) is, read in the order
 * Bun itself reads it (`Resolution.fromTextLockfile` in src/install/resolution.zig, Bun 1.2–1.4):
 * the prefixes `root:`, `link:`, `workspace:`, `file:` first, then the kind Bun infers from the
 * text (`Dependency.Version.Tag.infer`): a `.tgz`/`.tar.gz` path is a local tarball, an http(s)
 * URL a remote one (or git when it names a git host), `github:`/`git+…` git, and anything else
 * must be a whole semver version. Whatever Bun answers with `UnexpectedResolution` (`latest`,
 * `^1.0.0`, `1.2`, `npm:x@1`) is null here: Bun refuses such a lockfile ("failed to parse
 * lockfile: InvalidLockfile"), so no package may be made up from it.
 */
export type BunResolution =
  | { kind: 'root' }
  | { kind: 'workspace' | 'link' | 'folder' | 'local-tarball' | 'remote-tarball' | 'git'; value: string }
  | { kind: 'npm'; version: string };

export function readBunResolution(text: string): BunResolution | null {
  if (text.startsWith('root:')) return { kind: 'root' };
  if (text.startsWith('link:')) return { kind: 'link', value: text.slice('link:'.length) };
  if (text.startsWith('workspace:')) return { kind: 'workspace', value: text.slice('workspace:'.length) };
  if (text.startsWith('file:')) return { kind: 'folder', value: text.slice('file:'.length) };
  const tag = inferTag(text);
  if (tag === 'git') return { kind: 'git', value: text };
  if (tag === 'tarball') return { kind: /^https?:\/\//.test(text) ? 'remote-tarball' : 'local-tarball', value: text };
  if (tag === 'npm') {
    const version = wholeVersion(text);
    return version === null ? null : { kind: 'npm', version };
  }
  return null;
}

type Tag = 'npm' | 'tarball' | 'folder' | 'git' | 'other';

const isTarball = (text: string): boolean => text.endsWith('.tgz') || text.endsWith('.tar.gz');
const pathTag = (text: string): Tag => (isTarball(text) ? 'tarball' : 'folder');
const GIT_HOSTS = new Set(['github', 'gitlab', 'bitbucket']);

/** Bun's `Tag.infer`, with `github` folded into `git` and the kinds a resolution cannot be as `other`. */
function inferTag(text: string): Tag {
  if (text === '') return 'other';
  if (/^[A-Za-z]:[\\/]/.test(text)) return pathTag(text);
  const first = text[0] ?? '';
  if ('=><^*|'.includes(first)) return 'npm';
  if (first === '.' || first === '/') return pathTag(text);
  if (text.startsWith('catalog:')) return 'other';
  if (first === '~') return text[1] === '/' ? pathTag(text) : 'npm';
  if (first >= '0' && first <= '9') return isTarball(text) ? 'tarball' : 'npm';
  if (/^git(:\/\/|\+ssh:|\+file:|\+https?:\/\/)/.test(text) || (text.startsWith('github:') && isGitHubRepoPath(text.slice('github:'.length)))) return 'git';
  const http = /^https?:\/\/(.*)$/.exec(text)?.[1];
  if (http !== undefined) {
    if (http.startsWith('github.com/')) {
      const path = http.slice('github.com/'.length);
      if (/^[^/]+\/[^/]+\/(tarball\/|archive\/.+\.tar\.gz$)/.test(path)) return 'tarball';
      if (isGitHubRepoPath(path)) return 'git';
    }
    const dot = http.indexOf('.');
    return dot !== -1 && GIT_HOSTS.has(http.slice(0, dot)) ? 'git' : 'tarball';
  }
  const ssh = /^ssh(?::\/\/)?(?:git@)?(.*)$/.exec(text)?.[1];
  if (ssh !== undefined && GIT_HOSTS.has(ssh.slice(0, Math.max(0, ssh.indexOf('.'))))) return 'git';
  if (text.startsWith('npm:') || text.startsWith('patch:') || text === 'x' || text === 'X' || /^[xX]\./.test(text)) return 'npm';
  if (first === 'v' && !isTarball(text) && !isGitHubRepoPath(text) && !isScpLike(text)) return /^v\d/.test(text) ? 'npm' : 'other';
  if (isTarball(text)) return 'tarball';
  if (isGitHubRepoPath(text) || isScpLike(text)) return 'git';
  return text.includes('|') ? 'npm' : 'other';
}

/** `owner/repo` or `owner/repo#ref` (Bun's `isGitHubRepoPath`). */
function isGitHubRepoPath(text: string): boolean {
  if (text.length < 3) return false;
  let slash = 0;
  let hash = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (char === '/') {
      if (index === 0) return false;
      if (slash === 0) slash = index;
    } else if (char === '#') {
      if (index === 0 || hash > 0 || slash === 0) return false;
      hash = index;
    } else if (char === '.' || char === '_') {
      if (slash === 0) return false;
    } else if (!/[-A-Za-z0-9]/.test(char) && hash === 0) return false;
  }
  return hash !== text.length - 1 && slash > 0 && slash !== text.length - 1;
}

/** `user@host:path` (Bun's `isSCPLikePath`). */
function isScpLike(text: string): boolean {
  if (text.length < 3) return false;
  let at = -1;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '@' && at === -1) at = index;
    else if (char === ':') return text.startsWith('://', index) ? false : index > at + 1;
    else if (char === '/') return at !== -1 && index > at + 1;
  }
  return false;
}

/**
 * The version Bun keeps from an npm resolution: it must start with a whole `major.minor.patch`
 * (a leading `=` or `v` is dropped, numbers lose leading zeros); `1.2` or `^1.0.0` are refused.
 * Bun keeps the lowest version of a range such as `1.0.0 || 2.0.0`, which is its first.
 */
function wholeVersion(text: string): string | null {
  const match = /^[=v]*(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?(?=$|\s)/.exec(text);
  if (!match) return null;
  return `${Number(match[1])}.${Number(match[2])}.${Number(match[3])}${match[4] ?? ''}${match[5] ?? ''}`;
}
